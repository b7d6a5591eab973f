package dev.gantry.sdk;

/** 409 (a duplicate name) or 412 (a stale {@code If-Match}): the change clashes with what is stored. */
public class ConflictException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public ConflictException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

}
