package dev.gantry.adapters.spi;

/**
 * How a call learns that the client it works for went away: {@link #onCancel(Runnable)} registers
 * a hook run once when that happens (at once if it already has). An upstream request registers
 * one that aborts it, so a client hanging up stops the provider's work too.
 */
@FunctionalInterface
public interface Cancellation {

  /** A call nobody cancels (probes, shadows, background work). */
  Cancellation NONE = hook -> { };

  /** Runs {@code hook} when the client goes away. */
  void onCancel(Runnable hook);
}
