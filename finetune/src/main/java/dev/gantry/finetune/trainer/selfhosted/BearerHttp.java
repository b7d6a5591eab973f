package dev.gantry.finetune.trainer.selfhosted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.finetune.trainer.TrainerException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * JSON calls and streamed file uploads with fixed headers (the bearer key). Errors become
 * {@link TrainerException}s naming the call, the HTTP status and the server's error message, never
 * the key.
 */
final class BearerHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A response read whole. */
  record Response(int status, Buffer body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json(String what) {
      try {
        JsonNode node = JSON.readTree(body.getBytes());
        if (node == null || !node.isObject()) {
          throw new IOException("not an object");
        }
        return node;
      } catch (IOException e) {
        throw new TrainerException(what + ": the answer is not a JSON object.", true, e);
      }
    }

    /** The server's error message: {@code error.message}, vLLM's older {@code message}, text. */
    String errorMessage() {
      try {
        JsonNode node = JSON.readTree(body.getBytes());
        if (node != null && node.isObject()) {
          JsonNode error = node.path("error");
          String message = error.isTextual() ? error.textValue()
              : error.path("message").asText(node.path("message").asText(""));
          return message;
        }
      } catch (IOException e) {
        // plain text below
      }
      String text = body.toString().strip();
      return text.length() > 300 ? text.substring(0, 300) : text;
    }
  }

  private final Vertx vertx;
  private final HttpClientAgent client;
  /** Where calls made outside Vert.x run (see {@link #onContext}). */
  private final Context context;
  private final MultiMap headers;
  private final Duration timeout;

  /** @param headers sent on every call (e.g. {@code Authorization: Bearer <key>}) */
  BearerHttp(Vertx vertx, MultiMap headers, Duration timeout) {
    this.vertx = vertx;
    this.headers = headers;
    this.timeout = timeout;
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createHttpClient(new HttpClientOptions(),
        new PoolOptions().setHttp1MaxSize(4));
  }

  /** A JSON call ({@code body} null for none); non-2xx answers are returned, not failed. */
  Future<Response> exchange(String what, HttpMethod method, String url, JsonNode body) {
    RequestOptions options = options(method, url);
    if (body != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    return onContext(() -> client.request(options)
        .compose(request -> sendJson(request, body))
        .recover(e -> Future.failedFuture(network(what, e))));
  }

  /** Sends and reads the answer in the request's own callback, where no chunk can be missed. */
  private static Future<Response> sendJson(HttpClientRequest request, JsonNode body) {
    return (body == null ? request.send() : request.send(Buffer.buffer(body.toString())))
        .compose(BearerHttp::read);
  }

  /** A JSON call that fails on a non-2xx answer. */
  Future<JsonNode> json(String what, HttpMethod method, String url, JsonNode body) {
    return exchange(what, method, url, body).map(r -> {
      if (!r.ok()) {
        throw error(what, r);
      }
      return r.json(what);
    });
  }

  /** Streams a local file as the body of a PUT; fails on a non-2xx answer. */
  Future<Void> put(String what, String url, Path file, String contentType) {
    return onContext(() -> vertx.fileSystem().props(file.toString())
        .compose(props -> openAndSend(url, file, props.size(), contentType))
        .recover(e -> Future.failedFuture(network(what, e)))
        .compose(r -> r.ok() ? Future.<Void>succeededFuture()
            : Future.failedFuture(error(what, r))));
  }

  private Future<Response> openAndSend(String url, Path file, long length, String contentType) {
    return vertx.fileSystem().open(file.toString(),
            new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .compose(source -> send(url, source, length, contentType).eventually(source::close));
  }

  /**
   * Runs a call on a Vert.x context: the caller's, or this client's when called from outside
   * Vert.x (a test's main thread), where pooled requests were seen to stall.
   */
  private <T> Future<T> onContext(Supplier<Future<T>> call) {
    if (Vertx.currentContext() != null) {
      return call.get();
    }
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return result.future();
  }

  Future<Void> close() {
    return client.close();
  }

  private Future<Response> send(String url, AsyncFile source, long length, String contentType) {
    return client.request(options(HttpMethod.PUT, url)
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
            .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)))
        .compose(request -> streamed(request, source));
  }

  /**
   * Pipes the file into the request and reads the answer. The file is closed (by the caller)
   * only once the pipe has ended the request: a server may answer as soon as the last byte
   * arrives, before the file's end event, and closing the file then would leave the request
   * unended and its pooled connection never reused.
   */
  private static Future<Response> streamed(HttpClientRequest request, AsyncFile source) {
    Future<Void> piped = source.pipeTo(request);
    return request.response().compose(BearerHttp::read)
        .compose(response -> piped.map(response));
  }

  private static Future<Response> read(HttpClientResponse response) {
    return response.body().map(b -> new Response(response.statusCode(), b));
  }

  private RequestOptions options(HttpMethod method, String url) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setIdleTimeout(timeout.toMillis()).putHeader(HttpHeaders.ACCEPT, "application/json");
    headers.forEach(options::putHeader);
    return options;
  }

  /** A non-2xx answer; 408, 429 and 5xx are worth retrying. */
  static TrainerException error(String what, Response r) {
    String message = r.errorMessage();
    int s = r.status();
    return new TrainerException(what + " failed: HTTP " + s
        + (message.isEmpty() ? "" : ": " + message), s == 408 || s == 429 || s >= 500);
  }

  private static Throwable network(String what, Throwable e) {
    return e instanceof TrainerException ? e : new TrainerException(what + " failed: "
        + e.getClass().getSimpleName(), true, e);
  }
}
