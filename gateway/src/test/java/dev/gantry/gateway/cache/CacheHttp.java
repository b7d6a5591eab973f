package dev.gantry.gateway.cache;

import dev.gantry.gateway.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The cache tests' HTTP calls to a gateway, authenticated with one of their keys. */
final class CacheHttp {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private CacheHttp() {}

  /**
   * Sends a JSON request (no body when {@code body} is null) with {@code Bearer <key>} and the
   * extra headers given as name, value pairs.
   */
  static HttpResponse<String> send(Gateway g, String method, String path, String key, String body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
            + path)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + key)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
