package dev.gantry.sdk.internal;

import dev.gantry.sdk.ConnectionException;
import dev.gantry.sdk.ErrorDetails;
import dev.gantry.sdk.GantryException;
import dev.gantry.sdk.GantryHeaders;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.RetryPolicy;
import dev.gantry.sdk.TimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends calls to the server: builds the request (auth, JSON, per-call headers and timeout), maps
 * non-2xx answers to typed exceptions, and retries retryable failures (429 except
 * {@code insufficient_quota}, 408, 5xx except 501, connection failures and timeouts) following
 * the {@link RetryPolicy}. Blocking calls wait with the policy's sleeper; async ones with a
 * delayed executor.
 */
public final class Transport {
  private static final String USER_AGENT = "gantry-java/0.1.0";

  private final HttpClient http;
  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;
  private final int maxRetries;
  private final RetryPolicy retry;
  private final Executor executor;

  /**
   * @param apiKey the bearer key, or null to send none
   * @param executor where async retries and publishers run
   */
  public Transport(HttpClient http, String baseUrl, String apiKey, Duration timeout,
      int maxRetries, RetryPolicy retry, Executor executor) {
    this.http = Objects.requireNonNull(http);
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.retry = retry;
    this.executor = executor;
  }

  /**
   * One call: a method, a path below the base URL, an optional JSON body (or a streamed upload)
   * and its options.
   */
  public record Call(String method, String path, byte[] body, RequestOptions options, boolean sse,
      Upload upload) {
    /** A call without an upload. */
    public Call(String method, String path, byte[] body, RequestOptions options, boolean sse) {
      this(method, path, body, options, sse, null);
    }

    /** A GET. */
    public static Call get(String path, RequestOptions options) {
      return new Call("GET", path, null, options, false);
    }

    /** A POST of a JSON body. */
    public static Call post(String path, Object body, RequestOptions options) {
      try {
        return new Call("POST", path, Json.MAPPER.writeValueAsBytes(body), options, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A PUT of a JSON body. */
    public static Call put(String path, Object body, RequestOptions options) {
      try {
        return new Call("PUT", path, Json.MAPPER.writeValueAsBytes(body), options, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A DELETE. */
    public static Call delete(String path, RequestOptions options) {
      return new Call("DELETE", path, null, options, false);
    }

    /** A POST of a streamed body (multipart uploads). */
    public static Call upload(String path, Upload upload, RequestOptions options) {
      return new Call("POST", path, null, options, false, Objects.requireNonNull(upload));
    }

    /** The same call, asking for an event stream. */
    public Call streaming() {
      return new Call(method, path, body, options, true, upload);
    }
  }

  /**
   * A streamed request body.
   *
   * @param contentType its {@code Content-Type}
   * @param publisher a fresh publisher per attempt
   * @param repeatable whether the body can be sent again (a retry); if not, no retry happens
   */
  public record Upload(String contentType,
      java.util.function.Supplier<HttpRequest.BodyPublisher> publisher, boolean repeatable) {}

  /** A 2xx answer's body with its headers. */
  public record Answer<T>(T body, GantryHeaders headers) {}

  /** Where async work runs. */
  public Executor executor() {
    return executor;
  }

  /** Masks the API key in {@code text}. */
  public String redact(String text) {
    return Errors.redact(text, apiKey);
  }

  /** Sends a call and reads the whole body, retrying as needed; throws on a non-2xx answer. */
  public Answer<byte[]> send(Call call) {
    HttpResponse<byte[]> r = execute(call, HttpResponse.BodyHandlers.ofByteArray(), b -> b);
    return new Answer<>(r.body(), GantryHeaders.of(r.headers().map()));
  }

  /** Sends a call and parses the JSON body as {@code type}. */
  public <T> Answer<T> send(Call call, Class<T> type) {
    Answer<byte[]> a = send(call);
    return new Answer<>(parse(a.body(), type, a.headers()), a.headers());
  }

  /**
   * Opens a call whose body is read as a stream (SSE): retries happen only before the answer's
   * headers; the caller owns (and must close) the body. A read waiting longer than the call's
   * timeout for the next bytes fails with an {@link HttpTimeoutException}.
   */
  public Answer<InputStream> open(Call call) {
    HttpResponse<InputStream> r =
        execute(call.streaming(), HttpResponse.BodyHandlers.ofInputStream(), Transport::drain);
    return new Answer<>(watched(r.body(), call), GantryHeaders.of(r.headers().map()));
  }

  /**
   * Sends a call whose 2xx body is read as a stream (a download, not SSE): the caller owns (and
   * must close) the body; reads time out like {@link #open(Call)}'s.
   */
  public Answer<InputStream> download(Call call) {
    HttpResponse<InputStream> r =
        execute(call, HttpResponse.BodyHandlers.ofInputStream(), Transport::drain);
    return new Answer<>(watched(r.body(), call), GantryHeaders.of(r.headers().map()));
  }

  /** A streamed body that fails when nothing arrives for the call's timeout. */
  private InputStream watched(InputStream body, Call call) {
    return new IdleTimeoutStream(body, call.options().timeout().orElse(timeout), executor);
  }

  /** Parses JSON as a generic type (pages). */
  public <T> Answer<T> send(Call call, com.fasterxml.jackson.databind.JavaType type) {
    Answer<byte[]> a = send(call);
    try {
      return new Answer<>(Json.MAPPER.readValue(a.body(), type), a.headers());
    } catch (IOException e) {
      throw new GantryException(new ErrorDetails(200, "malformed answer: " + Json.describe(e),
          null, null, null, a.headers()), null);
    }
  }

  /** The retry policy (its sleeper and clock also serve pollers). */
  public RetryPolicy retryPolicy() {
    return retry;
  }

  /** {@link #send(Call, Class)} without blocking a thread (retries wait on a delayed executor). */
  public <T> CompletableFuture<Answer<T>> sendAsync(Call call, Class<T> type) {
    return attemptAsync(call, 0).thenApply(r -> {
      GantryHeaders h = GantryHeaders.of(r.headers().map());
      return new Answer<>(parse(r.body(), type, h), h);
    });
  }

  /** The exception for an error event inside a stream, the key masked. */
  public GantryException streamError(com.fasterxml.jackson.databind.JsonNode error,
      GantryHeaders headers) {
    return Errors.fromStreamError(error, headers, apiKey);
  }

  /** Parses JSON, mapping a malformed body to a {@link GantryException} with the request id. */
  public <T> T parse(byte[] body, Class<T> type, GantryHeaders headers) {
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw new GantryException(new ErrorDetails(200, "malformed answer: " + Json.describe(e),
          null, null, null, headers), null);
    }
  }

  private <T> HttpResponse<T> execute(
      Call call, HttpResponse.BodyHandler<T> handler, Function<T, byte[]> drain) {
    int allowed = call.upload() != null && !call.upload().repeatable() ? 0
        : call.options().maxRetries().orElse(maxRetries);
    for (int attempt = 0; ; attempt++) {
      HttpRequest request = request(call);
      GantryException failure;
      Optional<String> retryAfter = Optional.empty();
      try {
        HttpResponse<T> r = http.send(request, handler);
        if (r.statusCode() / 100 == 2) {
          return r;
        }
        GantryHeaders h = GantryHeaders.of(r.headers().map());
        failure = Errors.fromAnswer(r.statusCode(), h, drain.apply(r.body()), apiKey,
            retry.clock());
        retryAfter = h.first("retry-after");
      } catch (IOException e) {
        failure = fromIo(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectionException(ErrorDetails.local("interrupted"), e);
      }
      if (!failure.isRetryable() || attempt >= allowed) {
        throw failure;
      }
      try {
        retry.sleep(retry.delay(attempt + 1, retryAfter));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.addSuppressed(e);
        throw failure;
      }
    }
  }

  private CompletableFuture<HttpResponse<byte[]>> attemptAsync(Call call, int attempt) {
    int allowed = call.options().maxRetries().orElse(maxRetries);
    return http.sendAsync(request(call), HttpResponse.BodyHandlers.ofByteArray())
        .handle((r, err) -> {
          GantryException failure;
          Optional<String> retryAfter = Optional.empty();
          if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null
                ? err.getCause() : err;
            failure = cause instanceof IOException io ? fromIo(io)
                : new ConnectionException(ErrorDetails.local(redact(String.valueOf(cause))), cause);
          } else if (r.statusCode() / 100 == 2) {
            return CompletableFuture.completedFuture(r);
          } else {
            GantryHeaders h = GantryHeaders.of(r.headers().map());
            failure = Errors.fromAnswer(r.statusCode(), h, r.body(), apiKey, retry.clock());
            retryAfter = h.first("retry-after");
          }
          if (!failure.isRetryable() || attempt >= allowed) {
            return CompletableFuture.<HttpResponse<byte[]>>failedFuture(failure);
          }
          Duration wait = retry.delay(attempt + 1, retryAfter);
          Executor later = CompletableFuture.delayedExecutor(
              wait.toNanos(), TimeUnit.NANOSECONDS, executor);
          return CompletableFuture.supplyAsync(() -> null, later)
              .thenCompose(x -> attemptAsync(call, attempt + 1));
        })
        .thenCompose(Function.identity());
  }

  private GantryException fromIo(IOException e) {
    String message = redact(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    if (e instanceof HttpTimeoutException) {
      return new TimeoutException(ErrorDetails.local("timed out: " + message), e);
    }
    return new ConnectionException(ErrorDetails.local("connection failed: " + message), e);
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
        .timeout(call.options().timeout().orElse(timeout))
        .header("User-Agent", USER_AGENT)
        .header("Accept", call.sse() ? "text/event-stream" : "application/json");
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    call.options().headers().forEach(b::header);
    if (call.upload() != null) {
      b.header("Content-Type", call.upload().contentType())
          .method(call.method(), call.upload().publisher().get());
    } else if (call.body() == null) {
      b.method(call.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
    }
    return b.build();
  }

  private static byte[] drain(InputStream in) {
    try (in) {
      return in.readNBytes(1 << 20);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  @Override
  public String toString() {
    return "Transport[baseUrl=" + baseUrl + "]";
  }
}
