package dev.gantry.gateway.testing;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Ways a model server misbehaves, as request handlers for {@link FakeOpenAiUpstream#once} and
 * {@link FakeOpenAiUpstream#override}: error statuses with OpenAI's bodies and headers, answers
 * cut short or unreadable, silence before or in the middle of a stream, and connections closed
 * mid-body. Streams replay the recorded {@code chat-text-stream.sse}.
 * Handlers that wait forever complete a {@code hungUp} promise when the gateway closes the request.
 */
public final class UpstreamFaults {

  private UpstreamFaults() {}

  /** The recorded stream's events, each with its blank-line terminator. */
  public static List<String> recordedEvents() {
    return List.of(FakeOpenAiUpstream.resource("chat-text-stream.sse").split("(?<=\n\n)"));
  }

  /** OpenAI's error body. */
  public static String openAiError(String message, String type, String code) {
    return new JsonObject().put("error", new JsonObject().put("message", message)
        .put("type", type).put("param", null).put("code", code)).encode();
  }

  /**
   * An error answer.
   *
   * @param headers extra response headers, name then value
   */
  public static Handler<HttpServerRequest> status(int status, String body, String... headers) {
    return req -> {
      HttpServerResponse resp = req.response().setStatusCode(status)
          .putHeader("content-type", "application/json");
      for (int i = 0; i + 1 < headers.length; i += 2) {
        resp.putHeader(headers[i], headers[i + 1]);
      }
      resp.end(body);
    };
  }

  /** A 200 whose JSON body stops in the middle (the server crashed while writing it). */
  public static Handler<HttpServerRequest> malformedJson() {
    return req -> req.response().putHeader("content-type", "application/json")
        .end("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,");
  }

  /**
   * A 200 announcing the recorded answer's length, then half of it, then the connection closed:
   * the body never completes.
   */
  public static Handler<HttpServerRequest> resetMidBody() {
    return req -> {
      Buffer whole = Buffer.buffer(FakeOpenAiUpstream.resource("chat-basic.json"));
      req.response().putHeader("content-type", "application/json")
          .putHeader("content-length", Integer.toString(whole.length()))
          .write(whole.getBuffer(0, whole.length() / 2))
          .onComplete(v -> req.connection().close());
    };
  }

  /** Never answers; {@code hungUp} completes when the gateway closes the request. */
  public static Handler<HttpServerRequest> silent(Promise<Void> hungUp) {
    return req -> req.response().closeHandler(v -> hungUp.tryComplete());
  }

  /**
   * A 200 event stream: the first {@code events} recorded events (0: only the headers), then
   * nothing; {@code hungUp} completes when the gateway closes the request.
   */
  public static Handler<HttpServerRequest> stalledStream(int events, Promise<Void> hungUp) {
    return req -> {
      HttpServerResponse resp = startStream(req);
      resp.closeHandler(v -> hungUp.tryComplete());
      if (events == 0) {
        resp.writeHead();
      } else {
        write(resp, recordedEvents().subList(0, events), () -> { });
      }
    };
  }

  /**
   * A 200 event stream: the first {@code events} recorded events in one write, then the
   * connection closed (the events and the close may reach the gateway in the same read).
   */
  public static Handler<HttpServerRequest> brokenStream(int events) {
    return req -> startStream(req).write(String.join("", recordedEvents().subList(0, events)))
        .onComplete(v -> req.connection().close());
  }

  /** A 200 event stream holding only {@code event} (an in-stream error), then its end. */
  public static Handler<HttpServerRequest> streamOf(String event) {
    return req -> startStream(req).end("data: " + event + "\n\n");
  }

  /**
   * A 200 event stream that never ends: the headers at once; after {@code firstAfterMillis} the
   * recorded role event, then its first content event again every {@code everyMillis};
   * {@code hungUp} completes when the gateway closes the request.
   */
  public static Handler<HttpServerRequest> endlessStream(long firstAfterMillis, long everyMillis,
      Promise<Void> hungUp) {
    return req -> {
      HttpServerResponse resp = startStream(req);
      List<String> recorded = recordedEvents();
      Vertx vertx = Vertx.currentContext().owner();
      long[] timer = {-1};
      resp.closeHandler(v -> {
        vertx.cancelTimer(timer[0]);
        hungUp.tryComplete();
      });
      resp.writeHead();
      timer[0] = vertx.setTimer(Math.max(1, firstAfterMillis), first -> {
        resp.write(recorded.get(0));
        timer[0] = vertx.setPeriodic(everyMillis, id -> resp.write(recorded.get(1)));
      });
    };
  }

  private static HttpServerResponse startStream(HttpServerRequest req) {
    return req.response().setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8");
  }

  /** Writes one event per event-loop turn, then runs {@code then}. */
  private static void write(HttpServerResponse resp, List<String> events, Runnable then) {
    if (events.isEmpty()) {
      then.run();
      return;
    }
    resp.write(events.get(0)).onComplete(v -> Vertx.currentContext().runOnContext(x ->
        write(resp, events.subList(1, events.size()), then)));
  }
}
