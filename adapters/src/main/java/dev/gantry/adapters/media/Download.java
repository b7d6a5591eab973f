package dev.gantry.adapters.media;

import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * One image fetch, hop by hop, with explicit state: the current request (to abort it), the number
 * of redirects taken and one deadline. All of it runs on one Vert.x context, so the state needs no
 * locking. Completes exactly once; whatever happens after (a late lookup, more body) is dropped.
 */
final class Download {

  private static final String ACCEPT = "image/png, image/jpeg, image/gif, image/webp";
  private static final String USER_AGENT = "Gantry-ImageFetcher/1";

  private final Vertx vertx;
  private final Context context;
  private final HttpClient client;
  private final HostResolver resolver;
  private final ImageFetcher.Policy policy;
  private final String param;
  private final Promise<ImageSource.Inline> result = Promise.promise();
  private HttpClientRequest current;
  private int redirects;
  private long timer = -1;

  Download(Vertx vertx, HttpClient client, HostResolver resolver, ImageFetcher.Policy policy,
      String param) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = client;
    this.resolver = resolver;
    this.policy = policy;
    this.param = param;
  }

  Future<ImageSource.Inline> start(String url) {
    context.runOnContext(v -> {
      timer = vertx.setTimer(policy.timeout().toMillis(), id -> fail(invalid(
          "image download timed out after " + policy.timeout().toMillis() + " ms")));
      hop(url);
    });
    return result.future();
  }

  private void hop(String url) {
    Target target;
    try {
      target = target(url);
    } catch (GatewayException e) {
      fail(e);
      return;
    }
    resolver.resolve(target.host).onComplete(resolved -> connect(target, resolved));
  }

  private void connect(Target target, AsyncResult<List<InetAddress>> resolved) {
    if (done()) {
      return;
    }
    if (resolved.failed() || resolved.result().isEmpty()) {
      fail(invalid("image URL host could not be resolved"));
      return;
    }
    InetAddress address;
    try {
      address = vetted(resolved.result());
    } catch (GatewayException e) {
      fail(e);
      return;
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(target.port, address.getHostAddress()))
        .setHost(target.host)
        .setPort(target.port)
        .setSsl(target.https)
        .setURI(target.pathAndQuery)
        .setFollowRedirects(false)
        .putHeader(HttpHeaders.ACCEPT, ACCEPT)
        .putHeader(HttpHeaders.USER_AGENT, USER_AGENT);
    client.request(options).onComplete(opened -> send(target, opened));
  }

  private void send(Target target, AsyncResult<HttpClientRequest> opened) {
    if (opened.failed()) {
      fail(network(opened.cause()));
      return;
    }
    current = opened.result();
    if (done()) {
      abort();
      return;
    }
    current.send().onComplete(answered -> {
      if (answered.failed()) {
        fail(network(answered.cause()));
      } else {
        respond(target, answered.result());
      }
    });
  }

  private void respond(Target target, HttpClientResponse response) {
    HttpClientRequest request = response.request();
    response.exceptionHandler(t -> {
      if (request == current) {
        fail(network(t));
      }
    });
    if (done()) {
      abort();
      return;
    }
    int status = response.statusCode();
    if (isRedirect(status)) {
      redirect(target, response.getHeader(HttpHeaders.LOCATION));
      return;
    }
    if (status < 200 || status >= 300) {
      fail(invalid("image URL answered HTTP " + status));
      return;
    }
    String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null) {
      fail(invalid("not an image: the response has no content type"));
      return;
    }
    String declared = ImageTypes.mediaType(contentType);
    if (!ImageTypes.declaredImage(declared)) {
      fail(invalid("not an image: " + ImageTypes.quotable(declared)));
      return;
    }
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLarge(length)) {
      fail(tooLarge());
      return;
    }
    read(response);
  }

  private void redirect(Target from, String location) {
    abort();
    if (location == null || location.isBlank()) {
      fail(invalid("image URL redirected without a location"));
      return;
    }
    if (++redirects > ImageFetcher.MAX_REDIRECTS) {
      fail(invalid("image URL redirected more than " + ImageFetcher.MAX_REDIRECTS + " times"));
      return;
    }
    String next;
    try {
      next = from.uri.resolve(location.trim()).toString();
    } catch (IllegalArgumentException e) {
      fail(invalid("image URL redirected to an invalid URL"));
      return;
    }
    hop(next);
  }

  private void read(HttpClientResponse response) {
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (done()) {
        return;
      }
      if (body.length() + (long) chunk.length() > policy.maxBytes()) {
        fail(tooLarge());
        return;
      }
      body.appendBuffer(chunk);
    });
    response.endHandler(v -> finish(body));
  }

  private void finish(Buffer body) {
    if (done()) {
      return;
    }
    Optional<String> sniffed = ImageTypes.sniff(body);
    if (sniffed.isEmpty()) {
      fail(invalid("not an image: the content is not PNG, JPEG, GIF or WebP"));
      return;
    }
    vertx.cancelTimer(timer);
    result.tryComplete(new ImageSource.Inline(sniffed.get(),
        Base64.getEncoder().encodeToString(body.getBytes())));
  }

  /** Checks a URL's form: scheme, no credentials, a host. */
  private Target target(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("image URL is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (scheme.equals("gs")) {
      throw invalid("gs:// images are read only by Vertex AI; this provider needs the bytes, so send"
          + " an https or data: URL");
    }
    if (!https && !(policy.allowHttp() && scheme.equals("http"))) {
      throw invalid(policy.allowHttp() ? "image URL must use http or https"
          : "image URL must use https");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("image URL must not contain credentials");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid("image URL has no valid host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    return new Target(uri, https, host, port, query == null ? path : path + "?" + query);
  }

  /** Every address must pass (a name may mix public and private ones); the first is used. */
  private InetAddress vetted(List<InetAddress> addresses) {
    if (!policy.allowPrivateAddresses()) {
      for (InetAddress address : addresses) {
        AddressClass kind = AddressClass.of(address);
        if (kind != AddressClass.PUBLIC) {
          throw invalid("image URL resolves to a " + kind.label() + " address");
        }
      }
    }
    return addresses.get(0);
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > policy.maxBytes();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private GatewayException tooLarge() {
    return invalid("image larger than " + ImageTypes.size(policy.maxBytes()));
  }

  private boolean done() {
    return result.future().isComplete();
  }

  private void fail(GatewayException e) {
    if (result.tryFail(e)) {
      vertx.cancelTimer(timer);
      abort();
    }
  }

  /**
   * Drops the current request's connection: a redirect's or a refused answer's body is never read,
   * and the reset's own error is not reported.
   */
  private void abort() {
    HttpClientRequest request = current;
    current = null;
    if (request != null) {
      request.reset();
    }
  }

  private GatewayException network(Throwable t) {
    if (t instanceof GatewayException) {
      return (GatewayException) t;
    }
    if (t instanceof SSLException || t.getCause() instanceof SSLException) {
      return invalid("image download failed: TLS handshake with the image host failed");
    }
    if (t instanceof ConnectException || t.getCause() instanceof ConnectException) {
      return invalid("image download failed: could not connect to the image host");
    }
    return invalid("image download failed: the connection to the image host broke");
  }

  private GatewayException invalid(String message) {
    return GatewayException.invalid(message, param);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** A URL that passed the syntactic checks. */
  private static final class Target {
    final URI uri;
    final boolean https;
    final String host;
    final int port;
    final String pathAndQuery;

    Target(URI uri, boolean https, String host, int port, String pathAndQuery) {
      this.uri = uri;
      this.https = https;
      this.host = host;
      this.port = port;
      this.pathAndQuery = pathAndQuery;
    }
  }
}
