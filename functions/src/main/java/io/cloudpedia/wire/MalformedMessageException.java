package io.cloudpedia.wire;

/**
 * A message that can never be applied, however often it is retried: not JSON, an unknown format or op, a missing or
 * invalid field, undecodable base64 or gzip, a relist key set of the wrong size (docs/wire-format.md, "Malformed
 * messages"). The reason is short and safe to log: it names the field and the problem, never the message body.
 */
public final class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String reason) {
    // No cause and no stack trace: parser messages may quote the body, and the trace says nothing a reason does not.
    super(reason, null, false, false);
  }

  /** Why the message is malformed, e.g. {@code deltas[2]: unknown op 'patch'}. */
  public String reason() {
    return getMessage();
  }
}
