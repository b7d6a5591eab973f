package dev.gantry.adapters.model;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** Where an image's bytes are: a remote URL, or inline base64 (from a {@code data:} URL). */
public sealed interface ImageSource {

  /**
   * Parses an OpenAI {@code image_url.url}: a {@code data:<media>;base64,<data>} URL becomes
   * {@link Inline}; anything else is kept as a {@link Url}. Returns empty for a malformed data URL.
   */
  static Optional<ImageSource> parse(String url) {
    if (!url.regionMatches(true, 0, "data:", 0, 5)) {
      return Optional.of(new Url(url));
    }
    int comma = url.indexOf(',');
    if (comma < 0) {
      return Optional.empty();
    }
    String meta = url.substring(5, comma);
    if (!meta.endsWith(";base64")) {
      return Optional.empty();
    }
    String mediaType = meta.substring(0, meta.length() - ";base64".length());
    return Optional.of(new Inline(mediaType.isEmpty() ? "application/octet-stream" : mediaType,
        url.substring(comma + 1)));
  }

  /** The OpenAI form of this source: the URL itself, or a {@code data:} URL. */
  String toUrl();

  /** A remote image. */
  record Url(String url) implements ImageSource {
    public Url {
      Objects.requireNonNull(url, "url");
    }

    @Override
    public String toUrl() {
      return url;
    }
  }

  /** Inline bytes, kept base64-encoded as received (most providers want base64 again). */
  record Inline(String mediaType, String base64) implements ImageSource {
    public Inline {
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(base64, "base64");
    }

    public byte[] bytes() {
      return Base64.getMimeDecoder().decode(base64);
    }

    @Override
    public String toUrl() {
      return "data:" + mediaType + ";base64," + base64;
    }
  }
}
