package dev.gantry.sdk;

/** 401: the API key is missing, unknown or revoked. */
public class AuthenticationException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public AuthenticationException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

}
