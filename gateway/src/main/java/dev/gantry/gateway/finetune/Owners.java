package dev.gantry.gateway.finetune;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.gateway.openai.OpenAiApi;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who owns fine-tuning files and jobs: the caller's team, so teammates share them and other
 * teams never see them; a key without a team owns its own ({@code key:<name>}); without any keys
 * configured, everything belongs to {@code *}.
 */
final class Owners {

  private Owners() {}

  /** The owner of the request's key; fails with 401 when the key is wrong. */
  static String of(RoutingContext ctx, Supplier<KeyRing> keys) {
    return of(Authenticate.verify(keys.get(), OpenAiApi.presentedKey(ctx.request())));
  }

  /** The owner of a verified key (empty when the gateway has no keys). */
  static String of(Optional<ApiKey> key) {
    return key.map(k -> k.team() != null ? k.team() : "key:" + k.name()).orElse("*");
  }

  static GatewayException notFound(String what, String id) {
    return new GatewayException(ErrorKind.NOT_FOUND, "No " + what + " with id '" + id + "'.",
        "id", -1, null);
  }
}
