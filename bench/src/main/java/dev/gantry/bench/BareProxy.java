package dev.gantry.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;

/**
 * The cheapest possible HTTP hop, as a floor for the load test: a Vert.x server that forwards each
 * request's method, path, content type and body to the upstream over a pooled keep-alive client
 * (the same client settings as Gantry's {@code HttpTransport}) and pipes the status, content type
 * and body back, with no parsing, translation, authentication or metrics. Gantry's overhead over
 * this proxy is what Gantry itself costs; this proxy's overhead over the upstream is the cost of any
 * second HTTP hop on the same cores.
 *
 * <p>Run: {@code java -cp ... dev.gantry.bench.BareProxy <port> <upstream-port>} (loopback only,
 * one verticle instance per core).
 */
public final class BareProxy extends VerticleBase {

  private final int port;
  private final int upstreamPort;
  private HttpClientAgent client;

  BareProxy(int port, int upstreamPort) {
    this.port = port;
    this.upstreamPort = upstreamPort;
  }

  /** Starts {@code availableProcessors()} instances on {@code 127.0.0.1:<port>}. */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: BareProxy <port> <upstream-port>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int upstreamPort = Integer.parseInt(args[1]);
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new BareProxy(port, upstreamPort),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.printf(Locale.ROOT,
            "bare proxy listening on 127.0.0.1:%d -> 127.0.0.1:%d (%d instances)%n", port,
            upstreamPort, instances))
        .onFailure(err -> {
          System.err.println("bare proxy failed to start: " + err);
          vertx.close();
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setTcpNoDelay(true)
        .setCompressionSupported(false);
    return vertx.createHttpServer(options).requestHandler(this::forward).listen();
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  private void forward(HttpServerRequest request) {
    request.body()
        .compose(body -> {
          RequestOptions upstream = new RequestOptions()
              .setMethod(request.method())
              .setHost("127.0.0.1")
              .setPort(upstreamPort)
              .setURI(request.uri());
          String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
          if (type != null) {
            upstream.putHeader(HttpHeaders.CONTENT_TYPE, type);
          }
          return client.request(upstream).compose(req -> req.send(body));
        })
        .onSuccess(resp -> pipeBack(request, resp))
        .onFailure(err -> request.response().setStatusCode(502).end());
  }

  private static void pipeBack(HttpServerRequest request, HttpClientResponse resp) {
    HttpServerResponse out = request.response().setStatusCode(resp.statusCode());
    String type = resp.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null) {
      out.putHeader(HttpHeaders.CONTENT_TYPE, type);
    }
    String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      out.setChunked(true);
    }
    resp.pipeTo(out);
  }
}
