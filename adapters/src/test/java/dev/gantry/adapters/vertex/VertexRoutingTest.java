package dev.gantry.adapters.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.vertex.VertexAdapter.Api;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which API and which resource URL a deployment's model name and options select. */
class VertexRoutingTest {

  private static final String LOC =
      "https://us-east5-aiplatform.googleapis.com/v1/projects/p1-project/locations/us-east5";

  private static Vertx vertx;
  private static VertexAdapter adapter;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    adapter = new VertexAdapter(vertx, new ProviderSettings.Vertex("gcp", "p1-project", "us-east5",
        null, null, SecretRef.literal("ya29.x"), Duration.ofSeconds(5), 4), Map.of());
  }

  @AfterAll
  static void stop() {
    adapter.close().await();
    vertx.close().await();
  }

  private static Invocation<ChatRequest> call(String model, Map<String, String> options) {
    return new Invocation<>(ChatRequest.of("alias", List.of(Message.user("hi"))), model, options,
        "req_1", Duration.ofSeconds(5));
  }

  private static String route(String model, Map<String, String> options) {
    Invocation<ChatRequest> call = call(model, options);
    Api api = VertexAdapter.api(call);
    return api + " " + adapter.resource(api, call);
  }

  @Test
  void modelNames_pickGeminiClaudeOrMaas() {
    assertThat(route("gemini-2.5-flash", Map.of()))
        .isEqualTo("GEMINI " + LOC + "/publishers/google/models/gemini-2.5-flash");
    assertThat(route("claude-sonnet-4-5@20250929", Map.of()))
        .isEqualTo("ANTHROPIC " + LOC + "/publishers/anthropic/models/claude-sonnet-4-5@20250929");
    assertThat(route("meta/llama-3.3-70b-instruct-maas", Map.of()))
        .isEqualTo("OPENAI " + LOC + "/endpoints/openapi");
  }

  @Test
  void endpointOption_targetsTheEndpoint_openAiRouteByDefault() {
    assertThat(route("my-llama", Map.of("endpoint", "123")))
        .isEqualTo("OPENAI " + LOC + "/endpoints/123");
    assertThat(route("my-llama", Map.of("endpoint", "123", "api", "predict")))
        .isEqualTo("PREDICT " + LOC + "/endpoints/123");
    assertThat(route("tuned", Map.of("endpoint", "123", "api", "Gemini")))
        .isEqualTo("GEMINI " + LOC + "/endpoints/123");
  }

  @Test
  void endpointHost_replacesTheSharedHost() {
    assertThat(route("m", Map.of("endpoint", "123",
        "endpoint_host", "https://123.us-east5-987654.prediction.vertexai.goog/")))
        .isEqualTo("OPENAI https://123.us-east5-987654.prediction.vertexai.goog/v1/projects/"
            + "p1-project/locations/us-east5/endpoints/123");
  }

  @Test
  void misconfiguredOptions_areServerErrorsNamingTheOption() {
    assertThatThrownBy(() -> VertexAdapter.api(call("m", Map.of("api", "predict"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
          assertThat(e.getMessage()).contains("option endpoint");
        });
    assertThatThrownBy(() -> VertexAdapter.api(call("m", Map.of("api", "grpc"))))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).contains("gemini, anthropic, openai or predict"));
    assertThatThrownBy(() -> route("m", Map.of("endpoint", "12/../34")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void predictWithoutEndpoint_failsTheCallNotTheThread() {
    assertThat(adapter.chat(call("m", Map.of("api", "predict"))).failed()).isTrue();
  }
}
