package dev.gantry.gateway.observability;

import dev.gantry.gateway.Routes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * {@code /health/live} (the process serves HTTP) and {@code /health/ready} (every provider finished
 * warming up, e.g. the local model is loaded), plus {@code /metrics}.
 */
public final class Health implements Routes {

  private final BooleanSupplier ready;
  private final GatewayMetrics metrics;

  public Health(BooleanSupplier ready, GatewayMetrics metrics) {
    this.ready = ready;
    this.metrics = metrics;
  }

  @Override
  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> status(ctx, true));
    router.get("/health/ready").handler(ctx -> status(ctx, ready.getAsBoolean()));
    router.get("/metrics").handler(this::scrape);
  }

  private static void status(RoutingContext ctx, boolean up) {
    ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", up ? "UP" : "DOWN").toBuffer());
  }

  private void scrape(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }
}
