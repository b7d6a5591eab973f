package dev.gantry.sdk.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Paths and query strings: values percent-encoded, so an id can never change the path. */
public final class Urls {
  private Urls() {}

  /** {@code value} encoded as one path segment ({@code a/b c} becomes {@code a%2Fb%20c}). */
  public static String segment(String value) {
    Objects.requireNonNull(value, "id");
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * A query string from name/value pairs ({@code "?a=1&b=2"}), leaving out pairs whose value is
   * null; {@code ""} when none is left.
   */
  public static String query(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      if (value != null) {
        q.append(q.length() == 0 ? '?' : '&').append(namesAndValues[i]).append('=')
            .append(segment(value.toString()));
      }
    }
    return q.toString();
  }
}
