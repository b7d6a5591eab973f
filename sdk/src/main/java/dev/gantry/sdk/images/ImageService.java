package dev.gantry.sdk.images;

import dev.gantry.sdk.internal.Transport;

/** Image generation: {@code POST /v1/images/generations}. Get it from {@code client.images()}. */
public final class ImageService {
  private final Transport transport;

  /** Used by the client. */
  public ImageService(Transport transport) {
    this.transport = transport;
  }
}
