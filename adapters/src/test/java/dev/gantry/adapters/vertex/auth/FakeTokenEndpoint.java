package dev.gantry.adapters.vertex.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Google's OAuth 2.0 token endpoint for the JWT-bearer grant (RFC 7523), on 127.0.0.1: checks the
 * grant type, the RS256 signature against the service account's public key, and the claims
 * {@code iss}, {@code scope}, {@code exp > iat} ({@code aud} is google-auth's fixed
 * {@code https://oauth2.googleapis.com/token}, not this URL). Answers {@code ya29.test-N}.
 */
final class FakeTokenEndpoint {

  private final PublicKey publicKey;
  private final String issuer;
  private final String scope;
  private final long expiresIn;
  private final AtomicInteger minted = new AtomicInteger();
  private final List<JsonObject> claims = new CopyOnWriteArrayList<>();
  private HttpServer server;

  FakeTokenEndpoint(PublicKey publicKey, String issuer, String scope, long expiresIn) {
    this.publicKey = publicKey;
    this.issuer = issuer;
    this.scope = scope;
    this.expiresIn = expiresIn;
  }

  /** Starts listening on an ephemeral port of 127.0.0.1 (call from a test thread). */
  FakeTokenEndpoint start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    return this;
  }

  String tokenUri() {
    return "http://127.0.0.1:" + server.actualPort() + "/token";
  }

  /** Tokens issued so far. */
  int minted() {
    return minted.get();
  }

  /** The claims of every well-signed assertion received. */
  List<JsonObject> claims() {
    return claims;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      if (!request.path().equals("/token") || !request.method().name().equals("POST")) {
        request.response().setStatusCode(404).end();
        return;
      }
      Map<String, String> form = form(body.toString(StandardCharsets.UTF_8));
      String error = check(form);
      if (error != null) {
        request.response().setStatusCode(400).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", "invalid_grant").put("error_description", error)
                .encode());
        return;
      }
      int n = minted.incrementAndGet();
      request.response().putHeader("content-type", "application/json").end(new JsonObject()
          .put("access_token", "ya29.test-" + n).put("expires_in", expiresIn)
          .put("token_type", "Bearer").encode());
    });
  }

  /** Null when the grant is valid, else Google's kind of error description. */
  private String check(Map<String, String> form) {
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
      return "Invalid grant_type.";
    }
    String[] parts = form.getOrDefault("assertion", "").split("\\.");
    if (parts.length != 3) {
      return "Invalid JWT.";
    }
    Base64.Decoder b64 = Base64.getUrlDecoder();
    JsonObject header = new JsonObject(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
    if (!"RS256".equals(header.getString("alg"))) {
      return "Invalid JWT algorithm.";
    }
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(publicKey);
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(b64.decode(parts[2]))) {
        return "Invalid JWT Signature.";
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "Invalid JWT Signature.";
    }
    JsonObject payload = new JsonObject(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
    if (!issuer.equals(payload.getString("iss")) || !scope.equals(payload.getString("scope"))
        || payload.getLong("exp", 0L) <= payload.getLong("iat", Long.MAX_VALUE)) {
      return "Invalid JWT claims.";
    }
    claims.add(payload);
    return null;
  }

  private static Map<String, String> form(String body) {
    return Stream.of(body.split("&")).map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(kv -> decode(kv[0]), kv -> kv.length > 1 ? decode(kv[1]) : "",
            (a, b) -> b));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
