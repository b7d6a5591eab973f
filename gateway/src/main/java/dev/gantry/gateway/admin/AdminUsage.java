package dev.gantry.gateway.admin;

import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.gateway.usage.UsageRecorder;
import dev.gantry.store.Dimension;
import dev.gantry.store.UsageStore;
import dev.gantry.store.UsageTotal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code GET /admin/v1/usage?from=YYYY-MM-DD&to=YYYY-MM-DD&group_by=key|team|alias|deployment|day}:
 * requests, tokens and spend per group over UTC days (both included; today by default), from the
 * state store (this gateway's counts are written first; other gateways' within a few seconds).
 */
final class AdminUsage {

  private final UsageStore store;
  private final UsageRecorder recorder;
  private final Consumer<RoutingContext> authorize;

  AdminUsage(UsageStore store, UsageRecorder recorder, Consumer<RoutingContext> authorize) {
    this.store = store;
    this.recorder = recorder;
    this.authorize = authorize;
  }

  void mount(Router router) {
    router.get("/admin/v1/usage").handler(this::usage);
  }

  private void usage(RoutingContext ctx) {
    JsonAnswers.answer(ctx, () -> {
      authorize.accept(ctx);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      LocalDate from = day(ctx, "from", today);
      LocalDate to = day(ctx, "to", today);
      if (to.isBefore(from)) {
        throw GatewayException.invalid("to is before from.", "to");
      }
      Dimension groupBy = groupBy(ctx.request().getParam("group_by", "key"));
      return (recorder == null ? Future.<Void>succeededFuture() : recorder.flush())
          .compose(v -> store.query(from, to, groupBy))
          .map(totals -> {
            JsonArray data = new JsonArray();
            for (UsageTotal t : totals) {
              data.add(new JsonObject().put("group", t.group()).put("requests", t.requests())
                  .put("input_tokens", t.inputTokens()).put("output_tokens", t.outputTokens())
                  .put("cached_tokens", t.cachedTokens())
                  .put("cost_usd", t.costUsd().doubleValue()));
            }
            return new JsonObject().put("object", "list").put("from", from.toString())
                .put("to", to.toString()).put("group_by", groupBy.name().toLowerCase(Locale.ROOT))
                .put("data", data);
          });
    });
  }

  private static LocalDate day(RoutingContext ctx, String name, LocalDate fallback) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw GatewayException.invalid(name + " must be a day like 2026-11-21.", name);
    }
  }

  private static Dimension groupBy(String value) {
    for (Dimension d : Dimension.values()) {
      if (d.name().equalsIgnoreCase(value)) {
        return d;
      }
    }
    throw GatewayException.invalid("group_by must be key, team, alias, deployment or day.",
        "group_by");
  }
}
