package io.cloudpedia.ingest;

import io.cloudpedia.wire.WireDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The message priming applies before a SnapStart snapshot ({@link io.cloudpedia.lambda.Priming}): an agent status, a
 * pod, one of its Events and a delete, of cluster {@code priming}, as an agent sends them. Ingest's priming decodes and
 * applies it to in-memory stores (the wire decoder, the service, the stores' logic, JSON, gzip); the API's applies it
 * the same way and then reads it back through the API.
 */
public final class IngestPriming {
  /** The cluster the message is from. */
  public static final String CLUSTER = "priming";
  static final String RESOURCE = "priming-envelope.json";

  private IngestPriming() {}

  /** The message body, stamped with the current time (so that the cluster reads as ready). */
  public static String body() {
    try (InputStream in = IngestPriming.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"NOW\"", "\"" + Instant.now() + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes the message and applies it with {@code service}. */
  public static IngestReport apply(IngestService service) {
    return service.apply(WireDecoder.decode(body()));
  }
}
