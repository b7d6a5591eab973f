package dev.gantry.adapters.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A provider's whole HTTP response. */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * How long the provider asks callers to wait, in whole seconds rounded up: from
   * {@code retry-after-ms} (OpenAI, Azure), else {@code retry-after} as seconds or as an HTTP
   * date; -1 when absent or unreadable.
   */
  public long retryAfterSeconds() {
    String millis = headers.get("retry-after-ms");
    if (millis != null) {
      try {
        return (long) Math.ceil(Double.parseDouble(millis.trim()) / 1000);
      } catch (NumberFormatException e) {
        // fall through to retry-after
      }
    }
    String value = headers.get("retry-after");
    if (value == null) {
      return -1;
    }
    try {
      return (long) Math.ceil(Double.parseDouble(value.trim()));
    } catch (NumberFormatException e) {
      try {
        long at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant().getEpochSecond();
        return Math.max(0, at - Instant.now().getEpochSecond());
      } catch (DateTimeParseException notADate) {
        return -1;
      }
    }
  }
}
