package dev.gantry.policies.auth;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Supplier;

/** The first stage: a missing or unknown key ends the exchange with 401, unless no keys exist. */
public final class Authenticate implements Stage {

  private final Supplier<KeyRing> keys;

  public Authenticate(Supplier<KeyRing> keys) {
    this.keys = keys;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    verify(keys.get(), exchange.presentedKey().orElse(null)).ifPresent(exchange::authenticate);
    return next.proceed(exchange);
  }

  /**
   * Checks a presented key (null when none was sent).
   *
   * @return the key, or empty when the gateway has no keys (open access)
   * @throws GatewayException AUTHENTICATION when a key is missing or unknown
   */
  public static Optional<ApiKey> verify(KeyRing ring, String presented) {
    if (ring.isEmpty()) {
      return Optional.empty();
    }
    if (presented == null || presented.isEmpty()) {
      throw new GatewayException(ErrorKind.AUTHENTICATION,
          "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.");
    }
    return Optional.of(ring.find(presented).orElseThrow(() -> new GatewayException(
        ErrorKind.AUTHENTICATION, "Incorrect API key provided.")));
  }
}
