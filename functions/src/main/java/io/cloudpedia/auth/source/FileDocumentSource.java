package io.cloudpedia.auth.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** A document in a local file (local runs); its version is the file's last-modified time. */
public final class FileDocumentSource implements DocumentSource {
  private final Path path;

  public FileDocumentSource(Path path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  @Override
  public Document fetch() {
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      return new Document(text, Files.getLastModifiedTime(path).toString());
    } catch (IOException e) {
      throw new DocumentUnavailableException(describe() + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public String describe() {
    return "file " + path;
  }
}
