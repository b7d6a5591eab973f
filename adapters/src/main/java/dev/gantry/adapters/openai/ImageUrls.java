package dev.gantry.adapters.openai;

import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.spi.GatewayException;

/**
 * Validates an {@code image_url.url}: an {@code http(s)} URL, a {@code gs://} Cloud Storage URI
 * (Vertex AI reads those itself; providers that need bytes refuse them), or a
 * {@code data:image/...;base64,}
 * URL whose payload uses only the base64 alphabet (line breaks allowed). The bytes are not decoded
 * here; providers that need them decode once.
 */
final class ImageUrls {

  private ImageUrls() {}

  static ImageSource parse(String url, String path) {
    if (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8)
        || (url.regionMatches(true, 0, "gs://", 0, 5) && url.length() > 5)) {
      return new ImageSource.Url(url);
    }
    if (!url.regionMatches(true, 0, "data:", 0, 5)) {
      throw GatewayException.invalid("Invalid image URL: expected an http(s) URL, a gs:// URI or a "
          + "base64-encoded data URL with an image media type (e.g. 'data:image/png;base64,...').",
          path);
    }
    ImageSource source = ImageSource.parse(url).orElse(null);
    if (!(source instanceof ImageSource.Inline)) {
      throw malformedData(path);
    }
    ImageSource.Inline inline = (ImageSource.Inline) source;
    if (!inline.mediaType().regionMatches(true, 0, "image/", 0, 6)
        || !isBase64(inline.base64())) {
      throw malformedData(path);
    }
    return inline;
  }

  private static GatewayException malformedData(String path) {
    return GatewayException.invalid("Invalid image URL: the data URL is malformed; expected "
        + "'data:image/<type>;base64,<base64 data>'.", path);
  }

  private static boolean isBase64(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
