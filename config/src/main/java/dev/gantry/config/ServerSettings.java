package dev.gantry.config;

import java.time.Duration;

/**
 * The HTTP server.
 *
 * @param host the address to bind; a config without keys may only bind loopback
 * @param maxBodyBytes requests with larger bodies get 413
 * @param requestTimeout the default budget for one upstream call
 */
public record ServerSettings(String host, int port, long maxBodyBytes, Duration requestTimeout) {

  /**
   * The defaults of a config with keys. {@link ConfigLoader} binds {@code 127.0.0.1} instead when
   * no keys are configured.
   */
  public static final ServerSettings DEFAULTS =
      new ServerSettings("0.0.0.0", 8080, 20L * 1024 * 1024, Duration.ofSeconds(600));

  public ServerSettings withPort(int value) {
    return new ServerSettings(host, value, maxBodyBytes, requestTimeout);
  }

  public ServerSettings withHost(String value) {
    return new ServerSettings(value, port, maxBodyBytes, requestTimeout);
  }
}
