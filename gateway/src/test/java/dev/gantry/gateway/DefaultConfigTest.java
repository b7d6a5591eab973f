package dev.gantry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ConfigLoader;
import dev.gantry.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A new user's first call: the built-in config serves real embeddings with nothing else running. */
class DefaultConfigTest {

  private static Vertx vertx;
  private static Gateway gateway;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    GatewayConfig config = ConfigLoader.defaults();
    gateway = Gateway.start(vertx, config.withServer(config.server().withPort(0)), Map.of())
        .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void defaults_withoutKeys_listenOnLoopbackOnly() {
    assertThat(gateway.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void embeddings_localEmbed_returnsReal384DimensionUnitVectors() throws Exception {
    HttpResponse<String> resp = post("/v1/embeddings",
        "{\"model\":\"local-embed\",\"input\":[\"The cat sits on the mat\",\"A cat is sitting on a mat\",\"Quarterly revenue grew by 12%\"]}");
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonObject body = new JsonObject(resp.body());
    JsonArray data = body.getJsonArray("data");
    assertThat(data).hasSize(3);
    float[][] v = new float[3][];
    for (int i = 0; i < 3; i++) {
      JsonArray e = data.getJsonObject(i).getJsonArray("embedding");
      assertThat(e).hasSize(384);
      v[i] = new float[384];
      for (int j = 0; j < 384; j++) {
        v[i][j] = e.getFloat(j);
      }
    }
    assertThat(dot(v[0], v[0])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.3);
    assertThat(body.getJsonObject("usage").getInteger("prompt_tokens")).isPositive();
  }

  @Test
  void chat_localEmbedAlias_isRejectedAsWrongKind() throws Exception {
    HttpResponse<String> resp = post("/v1/chat/completions",
        "{\"model\":\"local-embed\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(resp.statusCode()).isEqualTo(400);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
