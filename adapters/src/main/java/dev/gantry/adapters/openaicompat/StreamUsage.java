package dev.gantry.adapters.openaicompat;

import dev.gantry.adapters.model.Usage;

/**
 * The usage of one stream: the last usage the upstream reported, held back so it goes out last.
 * When the upstream reports none, the gateway counts it (policies' {@code CompleteUsage}).
 */
final class StreamUsage {

  private Usage reported;
  private boolean finished;

  void report(Usage usage) {
    if (usage != null) {
      reported = usage;
    }
  }

  /** The usage to emit at the end of the stream, or null; only the first call answers. */
  Usage finish() {
    if (finished) {
      return null;
    }
    finished = true;
    return reported;
  }
}
