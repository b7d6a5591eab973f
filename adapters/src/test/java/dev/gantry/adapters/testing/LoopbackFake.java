package dev.gantry.adapters.testing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every fake provider on 127.0.0.1 shares: the server on a free port, the problems it found
 * in what it received (a test asserts there are none), the requests that passed its checks, answers
 * a test can replace by key, and writing a body in awkward pieces (1, 7, 13, 2, 150, 31, 400, 5, 97
 * bytes in turn, each once the last has gone out) so events and frames are cut mid-way.
 *
 * @param <S> the fake's own type, returned by {@link #start()}
 * @param <R> what it records of a request that passed its checks
 */
public abstract class LoopbackFake<S extends LoopbackFake<S, R>, R> {

  private static final int[] PIECES = {1, 7, 13, 2, 150, 31, 400, 5, 97};

  protected final Vertx vertx;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<R> received = new CopyOnWriteArrayList<>();
  private final Map<String, Handler<HttpServerRequest>> overrides = new ConcurrentHashMap<>();
  private HttpServer server;

  protected LoopbackFake(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Answers every request. */
  protected abstract void handle(HttpServerRequest request);

  @SuppressWarnings("unchecked")
  public Future<S> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return (S) this;
        });
  }

  /** The base URL to configure, e.g. {@code http://127.0.0.1:40123}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** What was wrong with the requests so far, one line each, naming the request. */
  public List<String> problems() {
    return problems;
  }

  public List<R> received() {
    return received;
  }

  /** The last request that passed the checks. */
  public R last() {
    return received.get(received.size() - 1);
  }

  /** Replaces the answer for one key (a path, an operation...); null restores the recordings. */
  public void override(String key, Handler<HttpServerRequest> handler) {
    if (handler == null) {
      overrides.remove(key);
    } else {
      overrides.put(key, handler);
    }
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  protected void problem(String line) {
    problems.add(line);
  }

  protected void record(R request) {
    received.add(request);
  }

  /** The replacement answer for {@code key}, or null. */
  protected Handler<HttpServerRequest> overrideOf(String key) {
    return overrides.get(key);
  }

  /** Writes {@code body} chunked in awkward pieces, then ends the response. */
  public void writeAwkwardly(HttpServerResponse response, String contentType, Buffer body) {
    response.setChunked(true).putHeader("content-type", contentType);
    writePieces(response, body, 0, 0);
  }

  private void writePieces(HttpServerResponse response, Buffer body, int offset, int piece) {
    if (offset >= body.length()) {
      response.end();
      return;
    }
    int end = Math.min(body.length(), offset + PIECES[piece % PIECES.length]);
    response.write(body.getBuffer(offset, end)).onComplete(done -> {
      if (done.succeeded()) {
        vertx.runOnContext(v -> writePieces(response, body, end, piece + 1));
      }
    });
  }
}
