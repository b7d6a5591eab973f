package dev.gantry.sdk.embeddings;

/** How vectors travel: JSON numbers, or base64 of little-endian float32 (a third the size). */
public enum EncodingFormat {
  /** {@code "float"}: JSON arrays of numbers. */
  FLOAT("float"),
  /** {@code "base64"}: little-endian float32 bytes, base64-encoded; decoded by the client. */
  BASE64("base64");

  private final String wire;

  EncodingFormat(String wire) {
    this.wire = wire;
  }

  /** The {@code encoding_format} value. */
  public String wire() {
    return wire;
  }
}
