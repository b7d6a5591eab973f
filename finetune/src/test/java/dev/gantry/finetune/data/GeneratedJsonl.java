package dev.gantry.finetune.data;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An input stream of valid, equally long JSONL training examples, produced as they are read: the
 * whole content never exists at once. Counts the bytes handed out so far.
 */
final class GeneratedJsonl extends InputStream {

  static final int LINE_BYTES = (line(0) + "\n").getBytes(StandardCharsets.UTF_8).length;
  static final int TOKENS_PER_LINE = TokenCounter.estimate().count(parse(line(0)));

  private final int lines;
  private int next;
  private byte[] current = new byte[0];
  private int position;
  private long produced;

  GeneratedJsonl(int lines) {
    this.lines = lines;
  }

  /** Example {@code i}: a system, user and assistant message; all lines have the same length. */
  static String line(int i) {
    String n = String.format("%08d", i);
    return "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer with the number.\"},"
        + "{\"role\":\"user\",\"content\":\"Which number is "
        + n
        + "?\"},{\"role\":\"assistant\",\"content\":\""
        + n
        + "\"}]}";
  }

  long produced() {
    return produced;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) {
    int filled = 0;
    while (filled < length) {
      if (position == current.length) {
        if (next == lines) {
          break;
        }
        current = (line(next++) + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
      }
      int count = Math.min(length - filled, current.length - position);
      System.arraycopy(current, position, into, offset + filled, count);
      position += count;
      filled += count;
    }
    produced += filled;
    return filled == 0 && length > 0 ? -1 : filled;
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
