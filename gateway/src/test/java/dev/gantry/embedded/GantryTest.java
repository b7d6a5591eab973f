package dev.gantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gantry.config.ConfigLoader;
import dev.gantry.config.GatewayConfig;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.sdk.AuthenticationException;
import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gantry embedded in this JVM: started from the YAML a server would read, used, closed. */
class GantryTest {

  @TempDir
  Path dir;
  private Vertx vertx;
  private FakeOpenAiUpstream upstream;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void startedFromYaml_servesOpenAiClients_andClosingFreesItsPort() throws Exception {
    Path yaml = dir.resolve("gantry.yaml");
    Files.writeString(yaml, "providers:\n  gpu: { type: openai, base_url: '" + upstream.baseUrl() + "' }\n"
        + "models:\n  - { name: chat, deployments: [ { provider: gpu, model: gpt-4o-mini } ] }\n"
        + "state_store: { path: '" + dir.resolve("state") + "' }\n");
    int port;
    try (Gantry gantry = Gantry.start(yaml, 0)) {
      port = gantry.port();
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gantry.baseUri().toString())
          .apiKey("unused").maxRetries(0).build();

      ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams
          .builder().model("chat").addUserMessage("Hello").build());

      assertThat(port).isPositive();
      assertThat(gantry.baseUri().toString()).isEqualTo("http://127.0.0.1:" + port + "/v1");
      assertThat(answer.choices()).isNotEmpty();
      assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void client_usesAReadableConfiguredKey_adminFirst_andSha256OnlyKeysNeedOneGiven() throws Exception {
    Path yaml = dir.resolve("keys.yaml");
    Files.writeString(yaml, "providers:\n  gpu: { type: openai, base_url: '" + upstream.baseUrl() + "' }\n"
        + "models:\n  - { name: chat, deployments: [ { provider: gpu, model: gpt-4o-mini } ] }\n"
        + "  - { name: other, deployments: [ { provider: gpu, model: gpt-4o } ] }\n"
        + "keys:\n"
        + "  - { name: app, key: sk-app-key, models: [chat] }\n"
        + "  - { name: ops, key: 'env:OPS_KEY', admin: true }\n"
        + "state_store: { path: '" + dir.resolve("state") + "' }\n");
    GatewayConfig config = ConfigLoader.load(yaml, Map.of("OPS_KEY", "sk-ops-key"));
    try (Gantry gantry = Gantry.startLocal(config.withServer(config.server().withHost("0.0.0.0")),
        Map.of("OPS_KEY", "sk-ops-key"))) {
      assertThat(gantry.gateway().host()).isEqualTo("127.0.0.1");
      assertThat(gantry.port()).isPositive().isNotEqualTo(config.server().port());
      GantryClient client = gantry.client();

      assertThat(client.chat().create(ChatCompletionRequest.builder().model("chat")
          .addMessage(ChatMessage.user("Hello")).build()).content()).isPresent();
      assertThat(client.admin()).isNotNull();
      assertThat(gantry.client()).isSameAs(client);
      try (GantryClient app = gantry.client("sk-app-key")) {
        assertThat(app.models().list().data()).extracting(m -> m.id()).containsExactly("chat");
      }
      assertThat(client.models().list().data()).extracting(m -> m.id())
          .containsExactlyInAnyOrder("chat", "other");
    }

    Path hashed = dir.resolve("hashed.yaml");
    Files.writeString(hashed, "providers:\n  gpu: { type: openai, base_url: '" + upstream.baseUrl() + "' }\n"
        + "models:\n  - { name: chat, deployments: [ { provider: gpu, model: gpt-4o-mini } ] }\n"
        + "keys:\n  - { name: app, key_sha256: '" + "ab".repeat(32) + "' }\n"
        + "state_store: { path: '" + dir.resolve("state2") + "' }\n");
    try (Gantry gantry = Gantry.start(hashed, 0)) {
      assertThatThrownBy(gantry::client).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("client(apiKey)");
      try (GantryClient wrong = gantry.client("sk-not-it")) {
        assertThatThrownBy(() -> wrong.models().list()).isInstanceOf(AuthenticationException.class);
      }
    }
  }

  @Test
  void badConfiguration_failsToStart_saying_why() throws Exception {
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "models:\n  - { name: chat, deployments: [ { provider: nope,"
        + " model: m } ] }\n");

    assertThatThrownBy(() -> Gantry.start(yaml))
        .hasMessageContaining("models[0].deployments[0].provider");
  }
}
