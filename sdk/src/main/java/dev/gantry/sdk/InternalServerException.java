package dev.gantry.sdk;

/** 5xx: the server failed ({@code internal_error}); retryable except 501. */
public class InternalServerException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public InternalServerException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

  @Override
  public boolean isRetryable() {
    return status() != 501;
  }
}
