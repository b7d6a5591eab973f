package dev.gantry.sdk;

/** 400 (and other 4xx the client caused: 405, 413, 415, 422): the request is invalid; see {@link #code()} and {@link #param()}. */
public class BadRequestException extends GantryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public BadRequestException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

}
