package dev.gantry.adapters.http;

import java.nio.charset.StandardCharsets;

/** URI path segments as AWS's REST protocols and other provider APIs put names into paths. */
public final class PathSegment {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathSegment() {}

  /**
   * Percent-encodes one URI path segment (a "URI label" in AWS service models): RFC 3986
   * unreserved characters stay, every other UTF-8 byte becomes {@code %XX}, so {@code :} is
   * {@code %3A} and {@code /} is {@code %2F}.
   */
  public static String encode(String segment) {
    byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }
}
