package dev.gantry.gateway.openai;

import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.gateway.HttpErrors;
import dev.gantry.gateway.Redactor;
import dev.gantry.gateway.observability.GatewayMetrics;
import dev.gantry.policies.pipeline.Exchange;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Drains an upstream stream to the client as server-sent events, item by item, with backpressure
 * (a full client write queue pauses the upstream read) and cancellation (a client that goes away
 * cancels the upstream request). Headers are held back until the first item, so a stream that
 * fails before producing anything still gets a proper HTTP error status; a failure after that is
 * sent as one {@code data: {"error":...}} event. The events decoded from one upstream read leave in
 * one write.
 *
 * @param <T> the canonical item type
 */
final class Streamer<T> {

  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
  private static final Buffer DATA = Buffer.buffer("data: ");
  private static final Buffer END_EVENT = Buffer.buffer("\n\n");

  private final RoutingContext ctx;
  private final Exchange exchange;
  private final UpstreamStream<T> stream;
  private final Function<T, Buffer> encode;
  private final Function<T, Usage> usageOf;
  private final Consumer<HttpServerResponse> headers;
  private final GatewayMetrics metrics;
  private final Redactor redactor;
  private final BiConsumer<Exchange, Usage> onUsage;
  private boolean started;
  private boolean ended;
  private Buffer pending;
  private long ttftNanos;
  private Usage usage;

  /**
   * @param encode one item's JSON, or null to skip it (a usage chunk the client did not ask for)
   * @param usageOf the usage an item reports, or null
   * @param headers adds the response headers (request id, overhead) as they are written
   */
  Streamer(RoutingContext ctx, Exchange exchange, UpstreamStream<T> stream,
      Function<T, Buffer> encode, Function<T, Usage> usageOf, Consumer<HttpServerResponse> headers,
      GatewayMetrics metrics, Redactor redactor, BiConsumer<Exchange, Usage> onUsage) {
    this.redactor = redactor;
    this.onUsage = onUsage;
    this.ctx = ctx;
    this.exchange = exchange;
    this.stream = stream;
    this.encode = encode;
    this.usageOf = usageOf;
    this.headers = headers;
    this.metrics = metrics;
  }

  void start() {
    if (ctx.response().closed()) {
      // the client left while the stream's first item was awaited (failover holds it until then)
      onClientGone();
      return;
    }
    ctx.response().closeHandler(v -> onClientGone());
    stream.exceptionHandler(this::onError);
    stream.endHandler(v -> onEnd());
    stream.handler(this::onItem);
    stream.resume();
  }

  /** The client closed the connection: stop reading from the provider. */
  private void onClientGone() {
    if (!ended) {
      ended = true;
      stream.cancel();
      metrics.cancelled(exchange);
    }
  }

  private void onItem(T item) {
    Usage u = usageOf.apply(item);
    if (u != null) {
      usage = u;
    }
    Buffer json = encode.apply(item);
    if (json == null) {
      return;
    }
    if (!started) {
      startResponse(ctx.response());
      ttftNanos = System.nanoTime() - exchange.startNanos();
    }
    if (pending == null) {
      pending = Buffer.buffer(json.length() + 64);
      ctx.vertx().runOnContext(v -> flush());
    }
    pending.appendBuffer(DATA).appendBuffer(json).appendBuffer(END_EVENT);
  }

  /**
   * Writes the events decoded from one upstream read as one write (one syscall, one packet),
   * then pauses the upstream if the client is not keeping up.
   */
  private void flush() {
    if (pending == null || ended) {
      return;
    }
    HttpServerResponse resp = ctx.response();
    resp.write(pending);
    pending = null;
    if (resp.writeQueueFull()) {
      stream.pause();
      resp.drainHandler(v -> stream.resume());
    }
  }

  private void onEnd() {
    ended = true;
    HttpServerResponse resp = ctx.response();
    if (!started) {
      startResponse(resp);
    }
    resp.end(takePending().appendBuffer(DONE));
    metrics.success(exchange, usage, ttftNanos);
    onUsage.accept(exchange, usage);
  }

  private void onError(Throwable t) {
    ended = true;
    GatewayException error = redactor.redact(GatewayException.from(t));
    metrics.failure(exchange, error);
    if (!started) {
      HttpErrors.send(ctx, error, exchange.requestId());
      return;
    }
    HttpServerResponse resp = ctx.response();
    if (!resp.ended() && !resp.closed()) {
      resp.end(takePending().appendBuffer(DATA).appendBuffer(OpenAiErrors.write(error))
          .appendBuffer(END_EVENT));
    }
  }

  private Buffer takePending() {
    Buffer out = pending == null ? Buffer.buffer() : pending;
    pending = null;
    return out;
  }

  private void startResponse(HttpServerResponse resp) {
    started = true;
    resp.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no");
    headers.accept(resp);
  }
}
