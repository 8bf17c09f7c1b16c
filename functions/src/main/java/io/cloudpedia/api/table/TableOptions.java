package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * How to render a Table: the list metadata to keep, what each row's {@code object} holds, and (for a custom
 * resource) the CRD whose additionalPrinterColumns to use.
 */
public record TableOptions(ListInfo list, IncludeObject includeObject, Optional<JsonNode> customResourceDefinition) {
  public static final TableOptions DEFAULT =
      new TableOptions(ListInfo.EMPTY, IncludeObject.METADATA, Optional.empty());

  public TableOptions {
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(includeObject, "includeObject");
    Objects.requireNonNull(customResourceDefinition, "customResourceDefinition");
  }

  public TableOptions withList(ListInfo list) {
    return new TableOptions(list, includeObject, customResourceDefinition);
  }

  public TableOptions withIncludeObject(IncludeObject includeObject) {
    return new TableOptions(list, includeObject, customResourceDefinition);
  }

  public TableOptions withCustomResourceDefinition(JsonNode crd) {
    return new TableOptions(list, includeObject, Optional.of(crd));
  }
}
