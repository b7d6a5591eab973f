package dev.gantry.finetune.trainer;

/**
 * A backend's refusal or failure, with a message safe to show the client (no credentials, no
 * signed URLs).
 */
public final class TrainerException extends RuntimeException {

  private final boolean retryable;

  /**
   * @param retryable true when calling again later may succeed (throttling, 5xx, network)
   */
  public TrainerException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public TrainerException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
