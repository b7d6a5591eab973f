package dev.gantry.finetune.trainer.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.finetune.trainer.TrainerException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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
  private final VertexCredentials credentials;
  private final Duration timeout;

  GoogleHttp(Vertx vertx, VertexCredentials credentials, int maxConnections, Duration timeout) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.timeout = timeout;
    this.client = vertx.createHttpClient(new HttpClientOptions(),
        new PoolOptions().setHttp1MaxSize(Math.max(2, maxConnections)));
  }

  /** A JSON call ({@code body} null for none); fails on a non-2xx answer. */
  Future<JsonNode> json(String what, HttpMethod method, String url, JsonNode body) {
    return exchange(what, method, url, body)
        .compose(r -> r.ok() ? Future.succeededFuture(r.json()) : Future.failedFuture(error(what, r)));
  }

  /** A JSON call whose non-2xx answers are returned, not failed. */
  Future<Response> exchange(String what, HttpMethod method, String url, JsonNode body) {
    Buffer bytes = body == null ? null : Buffer.buffer(body.toString());
    return credentials.accessToken()
        .recover(e -> Future.failedFuture(new TrainerException(e.getMessage(), true, e)))
        .compose(token -> client.request(options(method, url, token)))
        .compose(request -> {
          if (bytes == null) {
            return request.send();
          }
          request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
          return request.send(bytes);
        })
        .compose(response -> response.body().map(b -> new Response(response.statusCode(), b)))
        .recover(e -> Future.failedFuture(network(what, e)));
  }

  /** Streams a local file as the body of a POST; fails on a non-2xx answer. */
  Future<JsonNode> upload(String what, String url, Path file, String contentType) {
    return vertx.fileSystem().props(file.toString())
        .compose(props -> credentials.accessToken()
            .recover(e -> Future.failedFuture(new TrainerException(e.getMessage(), true, e)))
            .compose(token -> vertx.fileSystem().open(file.toString(),
                    new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .compose(source -> send(url, token, source, props.size(), contentType)
                    .eventually(source::close))))
        .recover(e -> Future.failedFuture(network(what, e)))
        .compose(r -> r.ok() ? Future.succeededFuture(r.json()) : Future.failedFuture(error(what, r)));
  }

  private Future<Response> send(String url, String token, AsyncFile source, long length,
      String contentType) {
    return client.request(options(HttpMethod.POST, url, token)
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
            .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)))
        .compose(request -> request.send(source))
        .compose(response -> response.body().map(b -> new Response(response.statusCode(), b)));
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
