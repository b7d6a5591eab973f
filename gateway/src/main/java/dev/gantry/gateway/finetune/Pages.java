package dev.gantry.gateway.finetune;

import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** OpenAI's cursor pages: {@code ?after=<id>&limit=n} in, {@code {object: list, data, has_more}} out. */
final class Pages {

  static final int DEFAULT_LIMIT = 20;

  private Pages() {}

  /** The {@code limit} parameter, 1 to {@code max} (default {@value #DEFAULT_LIMIT}). */
  static int limit(RoutingContext ctx, int max) {
    String value = ctx.request().getParam("limit");
    if (value == null) {
      return Math.min(DEFAULT_LIMIT, max);
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw GatewayException.invalid("'limit' must be a whole number from 1 to " + max + ".",
        "limit");
  }

  /**
   * A page of {@code limit} items of {@code items} (fetched with one more, to tell whether
   * there are more).
   */
  static <T> JsonObject list(List<T> items, int limit, Function<T, JsonObject> json,
      Function<T, String> id) {
    List<T> page = items.size() > limit ? items.subList(0, limit) : items;
    JsonArray data = new JsonArray();
    page.forEach(item -> data.add(json.apply(item)));
    JsonObject out = new JsonObject().put("object", "list").put("data", data)
        .put("has_more", items.size() > limit);
    if (!page.isEmpty()) {
      out.put("first_id", id.apply(page.get(0))).put("last_id", id.apply(page.get(page.size() - 1)));
    }
    return out;
  }
}
