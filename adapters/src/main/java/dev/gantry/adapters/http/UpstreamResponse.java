package dev.gantry.adapters.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A provider's whole HTTP response. */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The {@code retry-after} header in seconds, or -1 when absent or not a number of seconds. */
  public long retryAfterSeconds() {
    String value = headers.get("retry-after");
    if (value == null) {
      return -1;
    }
    try {
      return (long) Math.ceil(Double.parseDouble(value.trim()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
