package dev.gantry.adapters.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request to a provider, as a pure value: what a translator returns and a golden file
 * records. Headers keep their insertion order.
 *
 * @param url the absolute URL
 * @param body the exact bytes to send (and to sign), or an empty buffer
 */
public record ProviderHttpRequest(HttpMethod method, String url, Map<String, String> headers,
    Buffer body) {

  public ProviderHttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body == null ? Buffer.buffer() : body;
  }

  public static ProviderHttpRequest postJson(String url, Map<String, String> headers, Buffer body) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("content-type", "application/json");
    all.putAll(headers);
    return new ProviderHttpRequest(HttpMethod.POST, url, all, body);
  }

  /** A copy with one more header (auth added after translation). */
  public ProviderHttpRequest withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new ProviderHttpRequest(method, url, all, body);
  }
}
