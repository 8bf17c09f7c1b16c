package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/** The apiserver's default table for types without printers: Name and Created At (RFC 3339, UTC). */
final class DefaultPrinter implements Printer {
  static final DefaultPrinter INSTANCE = new DefaultPrinter();

  private static final List<Column> COLUMNS =
      List.of(Column.nameColumn(), new Column("Created At", "date", "", Docs.CREATION_TIMESTAMP, 0));

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode object, Instant now) {
    // Go formats the zero time when there is none.
    String created =
        Obj.time(object, "metadata", "creationTimestamp")
            .map(t -> RFC3339.format(t.truncatedTo(ChronoUnit.SECONDS)))
            .orElse("0001-01-01T00:00:00Z");
    return Arrays.asList(Obj.name(object), created);
  }
}
