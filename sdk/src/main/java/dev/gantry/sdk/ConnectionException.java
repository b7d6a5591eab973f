package dev.gantry.sdk;

/** No answer: the connection could not be made or broke before the answer arrived (status 0). Retryable. */
public class ConnectionException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public ConnectionException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
