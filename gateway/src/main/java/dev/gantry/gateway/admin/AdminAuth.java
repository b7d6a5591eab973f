package dev.gantry.gateway.admin;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.gateway.openai.OpenAiApi;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who may use the admin API: keys with {@code admin: true}, or anyone on a gateway without keys
 * (which listens on loopback only).
 */
public final class AdminAuth {

  private AdminAuth() {}

  /**
   * The caller's name ({@code anonymous} on a gateway without keys).
   *
   * @throws GatewayException 401 for a wrong key, 403 for a key that is not an admin key
   */
  public static String actor(KeyRing ring, RoutingContext ctx) {
    return check(Authenticate.verify(ring, OpenAiApi.presentedKey(ctx.request())));
  }

  /** As {@link #actor}, for a key already verified. */
  public static String check(Optional<ApiKey> key) {
    if (key.isPresent() && !key.get().admin()) {
      throw new GatewayException(ErrorKind.PERMISSION, "This API key may not use the admin API.");
    }
    return key.map(ApiKey::name).orElse("anonymous");
  }
}
