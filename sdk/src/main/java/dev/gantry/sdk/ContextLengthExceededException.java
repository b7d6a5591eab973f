package dev.gantry.sdk;

/** 400 {@code context_length_exceeded}: the prompt and {@code max_tokens} do not fit the model's context window. */
public class ContextLengthExceededException extends BadRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public ContextLengthExceededException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

}
