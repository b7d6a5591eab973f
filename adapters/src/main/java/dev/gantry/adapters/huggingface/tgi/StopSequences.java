package dev.gantry.adapters.huggingface.tgi;

import java.util.List;

/**
 * Removes the stop sequence TGI leaves at the end of its output (OpenAI's {@code stop} excludes
 * it). For a stream, text that could be the start of a stop sequence is held back until the next
 * token shows it is not, so a stop sequence never reaches the client. One instance per stream.
 * Also used by the Triton adapter, whose TensorRT-LLM backend leaves its stop words in the text.
 */
public final class StopSequences {

  private final List<String> stops;
  private final StringBuilder held = new StringBuilder();

  public StopSequences(List<String> stops) {
    this.stops = stops;
  }

  /** A whole generated text without the stop sequence that ended it. */
  public static String trim(String text, List<String> stops) {
    String longest = "";
    for (String stop : stops) {
      if (!stop.isEmpty() && text.endsWith(stop) && stop.length() > longest.length()) {
        longest = stop;
      }
    }
    return text.substring(0, text.length() - longest.length());
  }

  /** Adds a token's text; returns the text that can be sent now (possibly empty). */
  public String push(String text) {
    held.append(text);
    String all = held.toString();
    int keep = 0;
    for (String stop : stops) {
      keep = Math.max(keep, partialSuffix(all, stop));
    }
    String out = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return out;
  }

  /** The text still held at the end, without the stop sequence when one ended the generation. */
  public String finish(boolean stoppedBySequence) {
    String rest = stoppedBySequence ? trim(held.toString(), stops) : held.toString();
    held.setLength(0);
    return rest;
  }

  /** The length of the longest end of the held text that is a (whole or partial) start of stop. */
  private static int partialSuffix(String held, String stop) {
    if (stop.isEmpty()) {
      return 0;
    }
    int found = held.indexOf(stop);
    if (found >= 0) {
      return held.length() - found;
    }
    for (int n = Math.min(stop.length() - 1, held.length()); n > 0; n--) {
      if (held.regionMatches(held.length() - n, stop, 0, n)) {
        return n;
      }
    }
    return 0;
  }
}
