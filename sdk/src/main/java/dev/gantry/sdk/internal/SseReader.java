package dev.gantry.sdk.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events (the WHATWG framing): {@code data:} lines joined by newlines, an
 * optional {@code event:} name, comments ({@code :}) skipped, an event ends at a blank line or at
 * the end of the stream. Lines may end in LF, CR or CRLF. Not thread-safe.
 */
public final class SseReader {
  private final BufferedReader in;

  /** One event. {@code event} is null when none was named. */
  public record Event(String event, String data) {}

  /** Reads UTF-8 events from {@code in}. */
  public SseReader(InputStream in) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next event with data, or null at the end of the stream. */
  public Event next() throws IOException {
    StringBuilder data = null;
    String event = null;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(event, data.toString());
        }
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("data")) {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      } else if (field.equals("event")) {
        event = value;
      }
    }
    return data == null ? null : new Event(event, data.toString());
  }
}
