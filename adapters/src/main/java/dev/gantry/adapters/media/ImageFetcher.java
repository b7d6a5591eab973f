package dev.gantry.adapters.media;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ImageSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Downloads the remote images of a request for providers that only take image bytes, without
 * letting a client use the gateway to reach what it should not (SSRF):
 *
 * <ul>
 *   <li>{@code https} only (plain {@code http} only when the policy allows it, for tests); no
 *       credentials in the URL;
 *   <li>the host is resolved first, off the event loop, and every address it resolves to must be
 *       {@linkplain AddressClass#PUBLIC public}: loopback, private, link-local (the cloud metadata
 *       service), CGNAT, multicast, unspecified and reserved addresses are refused before any
 *       connection;
 *   <li>the connection goes to the vetted address itself (no second lookup that DNS rebinding
 *       could answer differently), while the {@code Host} header, SNI and certificate check keep
 *       the URL's name;
 *   <li>redirects are followed by hand, at most {@value #MAX_REDIRECTS}, each hop vetted again;
 *   <li>the body is capped (a larger {@code Content-Length} is refused up front, a longer body
 *       aborts the download) and the whole fetch, redirects included, has one deadline;
 *   <li>the {@code Content-Type} must name PNG, JPEG, GIF or WebP, and the bytes must start like
 *       one of them; the bytes' own type wins.
 * </ul>
 *
 * Every failure is an INVALID_REQUEST naming the request field the URL came from.
 */
public final class ImageFetcher {

  /** Redirects followed per URL. */
  public static final int MAX_REDIRECTS = 3;
  /** URLs of one request fetched at the same time. */
  public static final int PARALLELISM = 4;

  /**
   * Limits of a fetcher.
   *
   * @param maxBytes the largest image accepted
   * @param timeout for one whole fetch: lookup, connection, redirects and body
   * @param allowHttp also fetch plain {@code http} URLs (tests only)
   * @param allowPrivateAddresses skip the address check (tests only: it disables the SSRF guard)
   */
  public record Policy(long maxBytes, Duration timeout, boolean allowHttp,
      boolean allowPrivateAddresses) {

    /** 20 MiB, 10 seconds, {@code https} to public addresses only. */
    public static final Policy DEFAULTS =
        new Policy(20L * 1024 * 1024, Duration.ofSeconds(10), false, false);

    public Policy {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
      }
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
    }
  }

  private final Vertx vertx;
  private final Policy policy;
  private final HostResolver resolver;
  private final WorkerExecutor ownExecutor;
  private final HttpClient client;

  /**
   * A fetcher resolving names with the system resolver, on its own worker executor
   * {@code gantry-dns} (closed by {@link #close()}).
   */
  public ImageFetcher(Vertx vertx, Policy policy) {
    this(vertx, policy, vertx.createSharedWorkerExecutor("gantry-dns", PARALLELISM));
  }

  /** A fetcher with its own name resolution (tests, or a resolver shared with other code). */
  public ImageFetcher(Vertx vertx, Policy policy, HostResolver resolver) {
    this(vertx, policy, resolver, null);
  }

  private ImageFetcher(Vertx vertx, Policy policy, WorkerExecutor executor) {
    this(vertx, policy, HostResolver.system(executor), executor);
  }

  private ImageFetcher(Vertx vertx, Policy policy, HostResolver resolver,
      WorkerExecutor ownExecutor) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.ownExecutor = ownExecutor;
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, policy.timeout().toMillis()))
        .setVerifyHost(true)
        .setForceSni(true)
        .setDecompressionSupported(false);
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(16));
  }

  /**
   * Downloads one image.
   *
   * @param param the request field the URL came from, named in errors (e.g.
   *     {@code messages[0].content[1].image_url})
   * @return the bytes with their sniffed media type; fails with an INVALID_REQUEST
   *     {@link dev.gantry.adapters.spi.GatewayException} whose message says what was wrong
   */
  public Future<ImageSource.Inline> fetch(String url, String param) {
    return new Download(vertx, client, resolver, policy, param).start(url);
  }

  /**
   * The request with every remote image replaced by its bytes: each distinct URL is fetched once,
   * {@value #PARALLELISM} at a time. The first failure fails the whole request (and stops starting
   * new downloads). A request without remote images is returned as it is.
   */
  public Future<ChatRequest> resolveImages(ChatRequest request) {
    return resolveImages(request, url -> false);
  }

  /**
   * As {@link #resolveImages(ChatRequest)}, leaving the URLs {@code keep} accepts as they are (Vertex
   * AI reads {@code gs://} URIs itself).
   */
  public Future<ChatRequest> resolveImages(ChatRequest request, Predicate<String> keep) {
    Map<String, String> urls = ImageInliner.remoteUrls(request);
    urls.keySet().removeIf(keep);
    if (urls.isEmpty()) {
      return Future.succeededFuture(request);
    }
    Queue<Map.Entry<String, String>> queue = new ConcurrentLinkedQueue<>(urls.entrySet());
    Map<String, ImageSource.Inline> fetched = new ConcurrentHashMap<>();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(PARALLELISM, urls.size()); i++) {
      lanes.add(lane(queue, fetched).onFailure(e -> queue.clear()));
    }
    return Future.all(lanes).map(done -> ImageInliner.inline(request, fetched));
  }

  /** Closes the HTTP client (and the resolver's executor when this fetcher made it). */
  public Future<Void> close() {
    Future<Void> closed = client.close();
    return ownExecutor == null ? closed : closed.eventually(ownExecutor::close);
  }

  /** Fetches queued URLs one after the other until the queue is empty. */
  private Future<Void> lane(Queue<Map.Entry<String, String>> queue,
      Map<String, ImageSource.Inline> fetched) {
    Map.Entry<String, String> next = queue.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    return fetch(next.getKey(), next.getValue()).compose(image -> {
      fetched.put(next.getKey(), image);
      return lane(queue, fetched);
    });
  }
}
