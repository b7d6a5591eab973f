package dev.gantry.store;

/**
 * A request the store refuses, with a message fit for an HTTP client (no secrets, no SQL): the
 * admin API maps {@link Reason} to a status.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why: bad input (400), no such key or team (404), or a clash with what is stored (409). */
  public enum Reason { INVALID, NOT_FOUND, CONFLICT }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public static StoreException invalid(String message) {
    return new StoreException(Reason.INVALID, message);
  }

  public static StoreException notFound(String message) {
    return new StoreException(Reason.NOT_FOUND, message);
  }

  public static StoreException conflict(String message) {
    return new StoreException(Reason.CONFLICT, message);
  }

  public Reason reason() {
    return reason;
  }
}
