package dev.gantry.sdk;

/** 403: the key may not use this model or endpoint. */
public class PermissionDeniedException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public PermissionDeniedException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

}
