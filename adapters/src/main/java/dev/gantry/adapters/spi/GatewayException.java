package dev.gantry.adapters.spi;

import java.util.Objects;

/**
 * The one exception type that crosses module boundaries. Its message is shown to the client, so it
 * never contains secrets, prompts or upstream bodies verbatim beyond a provider's own short error
 * message.
 */
public final class GatewayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String param;
  private final long retryAfterSeconds;

  public GatewayException(ErrorKind kind, String message, String param, long retryAfterSeconds,
      Throwable cause) {
    super(message, cause, false, cause != null);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public GatewayException(ErrorKind kind, String message) {
    this(kind, message, null, -1, null);
  }

  /** A 400 naming the offending request field. */
  public static GatewayException invalid(String message, String param) {
    return new GatewayException(ErrorKind.INVALID_REQUEST, message, param, -1, null);
  }

  public static GatewayException unsupported(String message, String param) {
    return new GatewayException(ErrorKind.UNSUPPORTED, message, param, -1, null);
  }

  public static GatewayException modelNotFound(String model) {
    return new GatewayException(ErrorKind.MODEL_NOT_FOUND,
        "The model `" + model + "` does not exist or you do not have access to it.", "model", -1,
        null);
  }

  /** Wraps any failure: a GatewayException stays as it is, anything else becomes INTERNAL. */
  public static GatewayException from(Throwable t) {
    if (t instanceof GatewayException) {
      return (GatewayException) t;
    }
    return new GatewayException(ErrorKind.INTERNAL, "Internal error in the gateway.", null, -1, t);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The request field at fault, or null. */
  public String param() {
    return param;
  }

  /** Seconds the client should wait before retrying, or -1 when unknown. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public boolean retryable() {
    return kind.retryable();
  }
}
