package dev.gantry.sdk.images;

/** The file format of generated images ({@code output_format}, GPT image models). */
public enum ImageFormat {
  /** {@code "png"}, the default. */
  PNG("png"),
  /** {@code "jpeg"}. */
  JPEG("jpeg"),
  /** {@code "webp"}. */
  WEBP("webp");

  private final String wire;

  ImageFormat(String wire) {
    this.wire = wire;
  }

  /** The {@code output_format} value. */
  public String wire() {
    return wire;
  }

  /** The media type, {@code image/png} and so on. */
  public String mediaType() {
    return "image/" + wire;
  }
}
