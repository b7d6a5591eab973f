package dev.gantry.adapters.openaicompat;

import dev.gantry.adapters.model.Usage;

/**
 * The usage of one stream: the last usage the upstream reported, held back so it goes out last;
 * or, when the upstream never reported any and the caller asked for it, an <em>estimate</em>:
 * prompt tokens 0 (unknown here) and completion tokens {@code ceil(chars / 4)} over every
 * streamed content, reasoning and tool-argument character.
 */
final class StreamUsage {

  private final boolean estimate;
  private Usage reported;
  private long chars;
  private boolean finished;

  StreamUsage(boolean estimate) {
    this.estimate = estimate;
  }

  void report(Usage usage) {
    if (usage != null) {
      reported = usage;
    }
  }

  void count(String text) {
    if (text != null) {
      chars += text.length();
    }
  }

  /** The usage to emit at the end of the stream, or null; only the first call answers. */
  Usage finish() {
    if (finished) {
      return null;
    }
    finished = true;
    if (reported != null) {
      return reported;
    }
    return estimate ? Usage.of(0, (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4)) : null;
  }
}
