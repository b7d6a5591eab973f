package dev.gantry.adapters.bedrock.eventstream;

import java.util.Map;
import software.amazon.eventstream.HeaderValue;

/** Reading event-stream message headers ({@code :message-type}, {@code :event-type}...). */
public final class EventHeaders {

  private EventHeaders() {}

  /** A string header's value; null when the header is absent or not a string. */
  public static String string(Map<String, HeaderValue> headers, String name) {
    HeaderValue value = headers.get(name);
    if (value == null) {
      return null;
    }
    try {
      return value.getString();
    } catch (IllegalStateException notAString) {
      return null;
    }
  }
}
