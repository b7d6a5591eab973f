package dev.gantry.sdk.admin;

import dev.gantry.sdk.internal.Transport;

/**
 * Gantry's admin API ({@code /admin/v1/...}, admin keys only). Get it from {@code client.admin()}.
 */
public final class AdminService {
  private final Transport transport;

  /** Used by the client. */
  public AdminService(Transport transport) {
    this.transport = transport;
  }
}
