package dev.gantry.sdk.images;

/**
 * How generated images come back ({@code response_format}, a DALL·E parameter; GPT image models
 * always answer base64 and reject it). Gantry does not host image files and refuses {@link #URL}
 * with a {@code BadRequestException}; other OpenAI-compatible servers may honour it.
 */
public enum ImageResponseFormat {
  /** {@code "url"}: a link to the image, valid for a limited time; see {@link Image#url()}. */
  URL("url"),
  /** {@code "b64_json"}: the image's bytes, base64-encoded; see {@link Image#bytes()}. */
  B64_JSON("b64_json");

  private final String wire;

  ImageResponseFormat(String wire) {
    this.wire = wire;
  }

  /** The {@code response_format} value. */
  public String wire() {
    return wire;
  }
}
