package dev.gantry.adapters.vertex.auth;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.gantry.adapters.auth.Refreshing;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Callable;

/**
 * OAuth access tokens minted by google-auth {@link GoogleCredentials}, whose
 * {@code refreshAccessToken()} calls a token endpoint or the metadata server; cached and refreshed
 * by {@link Refreshing}, which runs this only on its worker pool.
 *
 * <p>google-auth dates a token by the system clock; its lifetime (expiry minus the system time when
 * it was minted) is laid on the injected {@link Clock}, which alone decides when to refresh.
 */
final class GoogleTokenSource implements Refreshing.Source<String> {

  private final Callable<GoogleCredentials> factory;
  private final Clock clock;
  /** Created by the first mint (ADC reads files and may probe the network). */
  private volatile GoogleCredentials credentials;

  GoogleTokenSource(Callable<GoogleCredentials> factory, Clock clock) {
    this.factory = factory;
    this.clock = clock;
  }

  @Override
  public Refreshing.Fetched<String> fetch() throws Exception {
    GoogleCredentials c = credentials;
    if (c == null) {
      c = factory.call();
      credentials = c;
    }
    AccessToken token = c.refreshAccessToken();
    long mintedAtMillis = System.currentTimeMillis();
    Date expiry = token.getExpirationTime();
    Instant expires = expiry == null ? null
        : clock.instant().plusMillis(expiry.getTime() - mintedAtMillis);
    return new Refreshing.Fetched<>(token.getTokenValue(), expires);
  }
}
