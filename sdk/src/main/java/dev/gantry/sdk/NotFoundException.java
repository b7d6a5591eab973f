package dev.gantry.sdk;

/** 404: no such model, alias, file or job ({@code model_not_found}, {@code not_found}). */
public class NotFoundException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public NotFoundException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

}
