package io.cloudpedia.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Response compression, for carriers: worth it above a small size only. */
public final class Gzip {
  /** Bodies smaller than this go uncompressed (the apiserver's own threshold is 128 KB; JSON compresses ~10x). */
  public static final int MIN_BYTES = 1024;

  private Gzip() {}

  public static boolean worthIt(ApiRequest request, byte[] body) {
    return body.length >= MIN_BYTES && request.acceptsGzip();
  }

  public static byte[] compress(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 6));
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
