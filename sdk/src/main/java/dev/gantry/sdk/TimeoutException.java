package dev.gantry.sdk;

/** The call took longer than its timeout (status 0), or the server answered 408. Retryable. */
public class TimeoutException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public TimeoutException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
