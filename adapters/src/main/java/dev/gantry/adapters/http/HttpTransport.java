package dev.gantry.adapters.http;

import dev.gantry.adapters.spi.Cancellation;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.DecodedStream;
import dev.gantry.adapters.stream.Framer;
import dev.gantry.adapters.stream.StreamDecoder;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Sends provider requests over one pooled client. A whole call is bounded by its timeout; a stream
 * is bounded until its response headers arrive, and then by an idle timeout between chunks.
 */
public final class HttpTransport {

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final Duration streamIdleTimeout;
  private final ConcurrentMap<String, Target> targets = new ConcurrentHashMap<>();

  /**
   * @param baseUrl the provider's base URL; {@code https} enables TLS with HTTP/2 over ALPN
   *     (falling back to HTTP/1.1), plain {@code http} uses keep-alive HTTP/1.1
   * @param maxConnections pool size per host (HTTP/1.1 connections)
   */
  public HttpTransport(Vertx vertx, String baseUrl, int maxConnections, Duration streamIdleTimeout) {
    this.vertx = vertx;
    this.streamIdleTimeout = streamIdleTimeout;
    boolean tls = URI.create(baseUrl).getScheme().equalsIgnoreCase("https");
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout(10_000)
        .setDecompressionSupported(true);
    if (tls) {
      options.setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
          .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    }
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(maxConnections > 0 ? maxConnections : 64)
        .setMaxWaitQueueSize(-1);
    this.client = vertx.createHttpClient(options, pool);
  }

  /** Sends a request and reads the whole response, whatever its status, within {@code timeout}. */
  public Future<UpstreamResponse> send(ProviderHttpRequest request, Duration timeout) {
    return send(request, timeout, Cancellation.NONE);
  }

  /**
   * {@link #send(ProviderHttpRequest, Duration)}, aborted (the connection reset) when
   * {@code cancellation} says the client went away before the whole response arrived.
   */
  public Future<UpstreamResponse> send(ProviderHttpRequest request, Duration timeout,
      Cancellation cancellation) {
    return client.request(options(request, timeout))
        .compose(req -> {
          Deadline deadline = new Deadline(vertx, req, timeout);
          AbortOnCancel abort = new AbortOnCancel(req, cancellation);
          return req.send(request.body())
              .compose(resp -> resp.body().map(body ->
                  new UpstreamResponse(resp.statusCode(), resp.headers(), body)))
              .transform(deadline::finish)
              .andThen(ar -> abort.done());
        })
        .recover(t -> Future.failedFuture(UpstreamErrors.network(t)));
  }

  /**
   * Sends the request of {@code call} within its budget, aborted when its client goes away; on
   * success maps the body, an error status goes through {@code errors}.
   */
  public <T> Future<T> exchange(ProviderHttpRequest request, Invocation<?> call,
      Function<UpstreamResponse, T> ok, ErrorMapper errors) {
    return exchange(request, call.timeout(), call.cancellation(), ok, errors);
  }

  /**
   * Sends a request and, on success, maps the body; an error status goes through {@code errors}.
   */
  public <T> Future<T> exchange(ProviderHttpRequest request, Duration timeout,
      Function<UpstreamResponse, T> ok, ErrorMapper errors) {
    return exchange(request, timeout, Cancellation.NONE, ok, errors);
  }

  private <T> Future<T> exchange(ProviderHttpRequest request, Duration timeout,
      Cancellation cancellation, Function<UpstreamResponse, T> ok, ErrorMapper errors) {
    return send(request, timeout, cancellation).compose(resp -> {
      if (!resp.ok()) {
        return Future.failedFuture(errors.map(resp));
      }
      try {
        return Future.succeededFuture(ok.apply(resp));
      } catch (GatewayException e) {
        return Future.failedFuture(e);
      } catch (RuntimeException e) {
        return Future.failedFuture(UpstreamErrors.malformed(e));
      }
    });
  }

  /**
   * Opens a streaming request. The future completes once a 2xx status arrived, with the body
   * decoded lazily as the caller reads; an error status is read whole and mapped.
   */
  public <F, T> Future<UpstreamStream<T>> stream(ProviderHttpRequest request, Duration timeout,
      Framer<F> framer, StreamDecoder<F, T> decoder, ErrorMapper errors) {
    return stream(request, timeout, Cancellation.NONE, framer, decoder, errors);
  }

  /**
   * {@link #stream(ProviderHttpRequest, Duration, Framer, StreamDecoder, ErrorMapper)} within the
   * budget of {@code call}, aborted if its client goes away before the response's headers (once
   * the stream is handed over, its reader cancels it).
   */
  public <F, T> Future<UpstreamStream<T>> stream(ProviderHttpRequest request, Invocation<?> call,
      Framer<F> framer, StreamDecoder<F, T> decoder, ErrorMapper errors) {
    return stream(request, call.timeout(), call.cancellation(), framer, decoder, errors);
  }

  private <F, T> Future<UpstreamStream<T>> stream(ProviderHttpRequest request, Duration timeout,
      Cancellation cancellation, Framer<F> framer, StreamDecoder<F, T> decoder,
      ErrorMapper errors) {
    Promise<UpstreamStream<T>> result = Promise.promise();
    client.request(options(request, timeout)).onComplete(ar -> {
      if (ar.failed()) {
        result.fail(UpstreamErrors.network(ar.cause()));
        return;
      }
      HttpClientRequest req = ar.result();
      Deadline deadline = new Deadline(vertx, req, timeout);
      AbortOnCancel abort = new AbortOnCancel(req, cancellation);
      req.send(request.body()).transform(deadline::finish).andThen(x -> abort.done())
          .onComplete(sent -> {
        if (sent.failed()) {
          result.fail(UpstreamErrors.network(sent.cause()));
          return;
        }
        HttpClientResponse resp = sent.result();
        if (resp.statusCode() < 200 || resp.statusCode() >= 300) {
          resp.body().onComplete(body -> result.fail(body.succeeded()
              ? errors.map(new UpstreamResponse(resp.statusCode(), resp.headers(), body.result()))
              : UpstreamErrors.network(body.cause())));
          return;
        }
        resp.pause();
        req.idleTimeout(streamIdleTimeout.toMillis());
        result.complete(new DecodedStream<>(resp, () -> req.reset(), framer, decoder));
      });
    });
    return result.future();
  }

  /** Resets a request when its client goes away, until {@link #done()}. */
  private static final class AbortOnCancel {
    private volatile boolean done;

    AbortOnCancel(HttpClientRequest request, Cancellation cancellation) {
      cancellation.onCancel(() -> {
        if (!done) {
          request.reset();
        }
      });
    }

    void done() {
      done = true;
    }
  }

  public Future<Void> close() {
    return client.close();
  }

  private RequestOptions options(ProviderHttpRequest request, Duration timeout) {
    Target target = targets.computeIfAbsent(request.url(), Target::parse);
    RequestOptions options = new RequestOptions()
        .setMethod(request.method())
        .setHost(target.host)
        .setPort(target.port)
        .setSsl(target.ssl)
        .setURI(target.uri)
        .setIdleTimeout(timeout.toMillis());
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      options.putHeader(h.getKey(), h.getValue());
    }
    return options;
  }

  /**
   * A URL taken apart once: an adapter calls a handful of URLs over and over, and parsing them on
   * every call showed in profiles.
   */
  private static final class Target {
    final String host;
    final int port;
    final boolean ssl;
    final String uri;

    private Target(String host, int port, boolean ssl, String uri) {
      this.host = host;
      this.port = port;
      this.ssl = ssl;
      this.uri = uri;
    }

    static Target parse(String url) {
      URI u = URI.create(url);
      boolean ssl = "https".equalsIgnoreCase(u.getScheme());
      int port = u.getPort() > 0 ? u.getPort() : ssl ? 443 : 80;
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      String uri = u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
      String host = u.getHost();
      if (host != null && host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new Target(host, port, ssl, uri);
    }
  }
}
