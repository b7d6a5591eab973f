package dev.gantry.finetune.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * JSON calls and streamed file uploads for the trainers' HTTP APIs (a self-hosted trainer, vLLM,
 * Vertex AI, Cloud Storage). What differs between those APIs (how a request is authorized, what a
 * successful answer must hold, where a server puts its error message) is an {@link Api}. Errors
 * become {@link TrainerException}s naming the call, the HTTP status and the server's error
 * message, never the credentials or the request.
 */
public final class TrainerHttp {

  /** A response read whole. */
  public record Response(int status, Buffer body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** What differs between the HTTP APIs a trainer calls. */
  public interface Api {

    /**
     * The headers that authorize one request: fixed (a bearer key) or fetched per call (an access
     * token). A failure should be a {@link TrainerException} that names no secret.
     */
    Future<MultiMap> authorization();

    /**
     * The JSON of a 2xx answer.
     *
     * @throws TrainerException when the answer is not what the API sends
     */
    JsonNode answer(String what, Response response);

    /**
     * What follows {@code HTTP <status>} in the error of a non-2xx answer: empty, or the server's
     * error message with its leading separator (e.g. {@code ": model not found"}).
     */
    String errorDetail(Response response);
  }

  private final Vertx vertx;
  private final HttpClientAgent client;
  /** Where calls made outside Vert.x run (see {@link #onContext}). */
  private final Context context;
  private final Api api;
  private final Duration timeout;

  /**
   * @param maxConnections the pool's HTTP/1 connections
   * @param timeout how long a connection may stay idle during a call
   */
  public TrainerHttp(Vertx vertx, Api api, int maxConnections, Duration timeout) {
    this.vertx = vertx;
    this.api = api;
    this.timeout = timeout;
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createHttpClient(new HttpClientOptions(),
        new PoolOptions().setHttp1MaxSize(maxConnections));
  }

  /** A JSON call ({@code body} null for none); non-2xx answers are returned, not failed. */
  public Future<Response> exchange(String what, HttpMethod method, String url, JsonNode body) {
    return onContext(() -> api.authorization()
        .compose(headers -> client.request(jsonOptions(method, url, headers, body)))
        .compose(request -> sendJson(request, body))
        .recover(e -> Future.failedFuture(network(what, e))));
  }

  /** A JSON call ({@code body} null for none) that fails on a non-2xx answer. */
  public Future<JsonNode> json(String what, HttpMethod method, String url, JsonNode body) {
    return exchange(what, method, url, body).map(r -> {
      if (!r.ok()) {
        throw error(what, r);
      }
      return api.answer(what, r);
    });
  }

  /**
   * Streams a local file as the body of a {@code method} (PUT or POST) call; fails on a non-2xx
   * answer, else returns it unread.
   */
  public Future<Response> upload(String what, HttpMethod method, String url, Path file,
      String contentType) {
    return onContext(() -> api.authorization()
        .compose(headers -> vertx.fileSystem().props(file.toString())
            .compose(props -> openAndSend(options(method, url, headers)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(props.size())), file)))
        .recover(e -> Future.failedFuture(network(what, e)))
        .compose(r -> r.ok() ? Future.succeededFuture(r) : Future.failedFuture(error(what, r))));
  }

  /** The error of a non-2xx answer; 408, 429 and 5xx are worth retrying. */
  public TrainerException error(String what, Response r) {
    int s = r.status();
    return new TrainerException(what + " failed: HTTP " + s + api.errorDetail(r),
        s == 408 || s == 429 || s >= 500);
  }

  public Future<Void> close() {
    return client.close();
  }

  /** Sends and reads the answer in the request's own callback, where no chunk can be missed. */
  private static Future<Response> sendJson(HttpClientRequest request, JsonNode body) {
    return (body == null ? request.send() : request.send(Buffer.buffer(body.toString())))
        .compose(TrainerHttp::read);
  }

  private Future<Response> openAndSend(RequestOptions options, Path file) {
    return vertx.fileSystem().open(file.toString(),
            new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .compose(source -> client.request(options)
            .compose(request -> streamed(request, source))
            .eventually(source::close));
  }

  /**
   * Pipes the file into the request and reads the answer. The file is closed (by the caller)
   * only once the pipe has ended the request: a server may answer as soon as the last byte
   * arrives, before the file's end event, and closing the file then would leave the request
   * unended and its pooled connection never reused.
   */
  private static Future<Response> streamed(HttpClientRequest request, AsyncFile source) {
    Future<Void> piped = source.pipeTo(request);
    return request.response().compose(TrainerHttp::read)
        .compose(response -> piped.map(response));
  }

  private static Future<Response> read(HttpClientResponse response) {
    return response.body().map(b -> new Response(response.statusCode(), b));
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

  private RequestOptions jsonOptions(HttpMethod method, String url, MultiMap headers,
      JsonNode body) {
    RequestOptions options = options(method, url, headers);
    return body == null ? options : options.putHeader(HttpHeaders.CONTENT_TYPE,
        "application/json");
  }

  private RequestOptions options(HttpMethod method, String url, MultiMap headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setIdleTimeout(timeout.toMillis()).putHeader(HttpHeaders.ACCEPT, "application/json");
    headers.forEach(options::putHeader);
    return options;
  }

  private static Throwable network(String what, Throwable e) {
    return e instanceof TrainerException ? e : new TrainerException(what + " failed: "
        + e.getClass().getSimpleName(), true, e);
  }
}
