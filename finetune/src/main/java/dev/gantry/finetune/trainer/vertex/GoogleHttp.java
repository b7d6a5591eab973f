package dev.gantry.finetune.trainer.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.finetune.trainer.TrainerException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * JSON calls and streamed uploads to Google APIs with the provider's OAuth bearer token. Errors
 * become {@link TrainerException}s naming the call, the HTTP status and Google's
 * {@code error.status}/{@code error.message} (never the token or the request).
 */
final class GoogleHttp {

  /** A response read whole. */
  record Response(int status, Buffer body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json() {
      try {
        return GeminiTuningData.JSON.readTree(body.getBytes());
      } catch (IOException e) {
        throw new TrainerException("Vertex AI answered with malformed JSON.", true, e);
      }
    }
  }

  private final Vertx vertx;
  private final HttpClientAgent client;
  /** Where calls made outside Vert.x run (see {@link #onContext}). */
  private final Context context;
  private final VertexCredentials credentials;
  private final Duration timeout;

  GoogleHttp(Vertx vertx, VertexCredentials credentials, int maxConnections, Duration timeout) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.timeout = timeout;
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createHttpClient(new HttpClientOptions(),
        new PoolOptions().setHttp1MaxSize(Math.max(2, maxConnections)));
  }

  /** A JSON call ({@code body} null for none); fails on a non-2xx answer. */
  Future<JsonNode> json(String what, HttpMethod method, String url, JsonNode body) {
    return exchange(what, method, url, body)
        .compose(r -> r.ok() ? Future.succeededFuture(r.json())
            : Future.failedFuture(error(what, r)));
  }

  /** A JSON call whose non-2xx answers are returned, not failed. */
  Future<Response> exchange(String what, HttpMethod method, String url, JsonNode body) {
    return onContext(() -> token()
        .compose(token -> client.request(options(method, url, token)))
        .compose(request -> sendJson(request, body))
        .recover(e -> Future.failedFuture(network(what, e))));
  }

  /** Streams a local file as the body of a POST; fails on a non-2xx answer. */
  Future<JsonNode> upload(String what, String url, Path file, String contentType) {
    return onContext(() -> token()
        .compose(token -> vertx.fileSystem().props(file.toString())
            .compose(props -> openAndSend(url, token, file, props.size(), contentType)))
        .recover(e -> Future.failedFuture(network(what, e)))
        .compose(r -> r.ok() ? Future.succeededFuture(r.json())
            : Future.failedFuture(error(what, r))));
  }

  private Future<String> token() {
    return credentials.accessToken()
        .recover(e -> Future.failedFuture(new TrainerException(e.getMessage(), true, e)));
  }

  /** Sends and reads the answer in the request's own callback, where no chunk can be missed. */
  private static Future<Response> sendJson(HttpClientRequest request, JsonNode body) {
    if (body == null) {
      return request.send().compose(GoogleHttp::read);
    }
    request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    return request.send(Buffer.buffer(body.toString())).compose(GoogleHttp::read);
  }

  private Future<Response> openAndSend(String url, String token, Path file, long length,
      String contentType) {
    return vertx.fileSystem().open(file.toString(),
            new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .compose(source -> send(url, token, source, length, contentType)
            .eventually(source::close));
  }

  private Future<Response> send(String url, String token, AsyncFile source, long length,
      String contentType) {
    return client.request(options(HttpMethod.POST, url, token)
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
    return request.response().compose(GoogleHttp::read)
        .compose(response -> piped.map(response));
  }

  private static Future<Response> read(HttpClientResponse response) {
    return response.body().map(body -> new Response(response.statusCode(), body));
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

  private RequestOptions options(HttpMethod method, String url, String token) {
    return new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setIdleTimeout(timeout.toMillis())
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .putHeader(HttpHeaders.ACCEPT, "application/json");
  }

  /** Google's error of a non-2xx answer; 408, 429 and 5xx are worth retrying. */
  static TrainerException error(String what, Response r) {
    String detail = "";
    try {
      JsonNode error = GeminiTuningData.JSON.readTree(r.body().getBytes()).path("error");
      String status = error.path("status").asText("");
      String message = error.path("message").asText("");
      detail = (status.isEmpty() ? "" : " " + status) + (message.isEmpty() ? "" : ": " + message);
    } catch (IOException | RuntimeException e) {
      // not Google's JSON error (an HTML 404 page): the status alone
    }
    int s = r.status();
    return new TrainerException(what + " failed: HTTP " + s + detail, s == 408 || s == 429
        || s >= 500);
  }

  private static Throwable network(String what, Throwable e) {
    return e instanceof TrainerException ? e : new TrainerException(what + " failed: "
        + e.getClass().getSimpleName(), true, e);
  }
}
