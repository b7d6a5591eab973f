package dev.gantry.gateway;

import dev.gantry.gateway.observability.Health;
import dev.gantry.gateway.openai.OpenAiApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * One HTTP server on one event loop; the gateway deploys one instance per event loop, all sharing
 * the port and the same pipeline, adapters and metrics.
 */
final class GatewayVerticle extends VerticleBase {

  private final List<Routes> routes;
  private final String host;
  private final int port;
  private final long maxBodyBytes;

  GatewayVerticle(List<Routes> routes, String host, int port, long maxBodyBytes) {
    this.routes = List.copyOf(routes);
    this.host = host;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::assign);
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes)
        .setHandleFileUploads(false);
    // File uploads stream to disk in their own handler, never buffered whole.
    router.post("/v1/*").handler(ctx -> {
      if (ctx.normalizedPath().equals("/v1/files")) {
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    router.post("/gantry/v1/*").handler(bodies);
    router.post("/admin/v1/*").handler(bodies);
    router.put("/admin/v1/*").handler(bodies);
    routes.forEach(r -> r.mount(router));
    router.errorHandler(404, ctx -> fail(ctx, 404));
    router.errorHandler(405, ctx -> fail(ctx, 405));
    router.errorHandler(413, ctx -> fail(ctx, 413));
    router.errorHandler(415, ctx -> fail(ctx, 415));
    router.errorHandler(400, ctx -> fail(ctx, 400));
    router.errorHandler(500, ctx -> fail(ctx, 500));
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        // No cleartext HTTP/2: after an "Upgrade: h2c" answer, responses over 64 KB (a /metrics
        // scrape) stall common clients (curl 7.88, the JDK 17 HttpClient). OpenAI clients speak
        // HTTP/1.1 over plaintext; HTTP/2 belongs on the TLS front end.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(false)
        .setMaxInitialLineLength(8192)
        .setMaxHeaderSize(16384);
    return vertx.createHttpServer(options).requestHandler(router).listen();
  }

  private static void fail(io.vertx.ext.web.RoutingContext ctx, int status) {
    HttpErrors.send(ctx, HttpErrors.fromStatus(status, ctx.failure()),
        RequestIds.of(ctx));
  }
}
