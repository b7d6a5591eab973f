package dev.gantry.adapters.model;

import java.util.List;

/**
 * Generated images.
 *
 * @param usage or null when the provider reports none
 * @param inputImageTokens how many of {@code usage.promptTokens()} were image tokens (the rest are
 *     text tokens); 0 when the provider does not split them
 */
public record ImageResponse(List<Image> images, Usage usage, int inputImageTokens) {

  public ImageResponse {
    images = List.copyOf(images);
  }

  /** Images whose input tokens, if any, are all text tokens. */
  public ImageResponse(List<Image> images, Usage usage) {
    this(images, usage, 0);
  }

  /**
   * One image: base64 bytes, or a URL when the provider hosts it.
   *
   * @param b64 or null
   * @param url or null
   * @param mediaType e.g. image/png, or null when unknown
   * @param revisedPrompt or null
   */
  public record Image(String b64, String url, String mediaType, String revisedPrompt) {}
}
