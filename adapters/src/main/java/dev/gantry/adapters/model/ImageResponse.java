package dev.gantry.adapters.model;

import java.util.List;

/** Generated images. */
public record ImageResponse(List<Image> images, Usage usage) {

  public ImageResponse {
    images = List.copyOf(images);
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
