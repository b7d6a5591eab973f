package dev.gantry.adapters.media;

import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The image formats Gantry forwards (PNG, JPEG, GIF, WebP): the declared {@code Content-Type} and
 * the bytes' own signature ("magic bytes"), which wins when they disagree.
 */
final class ImageTypes {

  /** Declared types accepted up front ({@code image/jpg} is a common misspelling of jpeg). */
  private static final Set<String> DECLARED =
      Set.of("image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp");
  private static final int MAX_SHOWN = 64;

  private ImageTypes() {}

  /** The media type of a {@code Content-Type} value, lower-cased, without parameters. */
  static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  static boolean declaredImage(String mediaType) {
    return DECLARED.contains(mediaType);
  }

  /**
   * A remote server's media type made safe to quote in an error: printable ASCII only, at most 64
   * characters.
   */
  static String quotable(String mediaType) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < mediaType.length() && sb.length() < MAX_SHOWN; i++) {
      char c = mediaType.charAt(i);
      sb.append(c >= 0x21 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  /** The format the bytes start with, or empty when they are none of the four. */
  static Optional<String> sniff(Buffer bytes) {
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
      return Optional.of("image/png");
    }
    if (startsWith(bytes, 0, 0xff, 0xd8, 0xff)) {
      return Optional.of("image/jpeg");
    }
    if (startsWith(bytes, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(bytes, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of("image/gif");
    }
    if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  /** A byte count for messages: {@code 20 MiB}, {@code 512 KiB} or {@code 100 bytes}. */
  static String size(long bytes) {
    long mib = 1024L * 1024;
    if (bytes >= mib && bytes % mib == 0) {
      return bytes / mib + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }

  private static boolean startsWith(Buffer bytes, int at, int... expected) {
    if (bytes.length() < at + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((bytes.getByte(at + i) & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
