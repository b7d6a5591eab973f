package dev.gantry.config;

import static dev.gantry.config.Configs.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.config.ConfigWriter.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Routing documents: {@link ConfigWriter} and {@link ConfigLoader#withRouting}. Every config the
 * other config tests parse through {@link Configs#parse} is also round-tripped there.
 */
class ConfigWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Providers and models with literal secrets, env and file references, and most fields set. */
  private static String literalSecrets(Path secretFile) {
    return "server: { request_timeout: 90s }\n"
        + "providers:\n"
        + "  vllm: { type: openai, base_url: 'http://10.0.0.5:8000/v1', api_key: sk-literal-1a2b,"
        + " headers: { X-Tenant: literal-header-value }, timeout: 30s }\n"
        + "  oai: { type: openai, base_url: 'https://api.openai.com/v1', api_key: env:OPENAI_API_KEY }\n"
        + "  aws: { type: bedrock, region: us-east-1, access_key_id: AKIALITERAL9Z,"
        + " secret_access_key: 'file:" + secretFile + "', session_token: env:BEDROCK_SESSION_TOKEN }\n"
        + "  tgi: { type: huggingface, base_url: 'http://10.0.0.7:8080', api_key: hf_literalToken7,"
        + " keep_warm: 10m, max_cold_start_wait: 45s }\n"
        + "models:\n"
        + "  - name: chat\n"
        + "    deployments: [ { provider: vllm, model: m, weight: 2 }, { provider: aws, model: b } ]\n"
        + "    fine_tuning: { provider: vllm, base_model: m, trainer_url: 'http://t:9000',"
        + " api_key: trainer-literal-5c6d }\n"
        + "  - name: embed\n    kind: embeddings\n"
        + "    deployments: [ { provider: tgi, model: bge } ]\n";
  }

  @ParameterizedTest
  @MethodSource("dev.gantry.config.ConfigLoaderTest#examples")
  void routing_example_bindsBackToAnEqualConfigAndWritesTheSameJson(String name,
      @TempDir Path dir) throws IOException {
    GatewayConfig config = ConfigLoaderTest.loadExample(name, dir);

    ObjectNode document = ConfigWriter.routing(config, Secrets.KEEP);
    GatewayConfig back = ConfigLoader.withRouting(config, document, ENV);

    assertThat(back).isEqualTo(config);
    assertThat(ConfigWriter.routing(back, Secrets.KEEP)).isEqualTo(document);
    Configs.assertRoundTrips(config, ENV);
  }

  @Test
  void routing_defaultConfig_roundTrips() {
    Configs.assertRoundTrips(ConfigLoader.defaults(), Map.of());
  }

  @Test
  void routing_literalSecretsAndReferences_roundTrip(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("aws-secret"), "file-secret-value-3e4f");

    Configs.assertRoundTrips(Configs.parse(literalSecrets(secret)), ENV);
  }

  @Test
  void routing_keep_writesLiteralsAndKeepsReferences(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("aws-secret"), "file-secret-value-3e4f");
    GatewayConfig config = Configs.parse(literalSecrets(secret));

    JsonNode providers = ConfigWriter.routing(config, Secrets.KEEP).get("providers");

    assertThat(providers.at("/vllm/api_key").textValue()).isEqualTo("sk-literal-1a2b");
    assertThat(providers.at("/vllm/headers/X-Tenant").textValue())
        .isEqualTo("literal-header-value");
    assertThat(providers.at("/oai/api_key").textValue()).isEqualTo("env:OPENAI_API_KEY");
    assertThat(providers.at("/aws/access_key_id").textValue()).isEqualTo("AKIALITERAL9Z");
    assertThat(providers.at("/aws/secret_access_key").textValue()).isEqualTo("file:" + secret);
    assertThat(providers.at("/aws/session_token").textValue())
        .isEqualTo("env:BEDROCK_SESSION_TOKEN");
    assertThat(ConfigWriter.routing(config, Secrets.KEEP).at("/models/0/fine_tuning/api_key")
        .textValue()).isEqualTo("trainer-literal-5c6d");
  }

  @Test
  void routing_mask_hidesEveryLiteralSecretButKeepsReferences(@TempDir Path dir)
      throws IOException {
    Path secret = Files.writeString(dir.resolve("aws-secret"), "file-secret-value-3e4f");
    GatewayConfig config = Configs.parse(literalSecrets(secret));

    ObjectNode masked = ConfigWriter.routing(config, Secrets.MASK);
    String text = JSON.writeValueAsString(masked);

    assertThat(text).doesNotContain("sk-literal-1a2b", "AKIALITERAL9Z", "hf_literalToken7",
        "trainer-literal-5c6d", "file-secret-value-3e4f");
    for (String value : ENV.values()) {
      if (!value.isEmpty()) {
        assertThat(text).doesNotContain(value);
      }
    }
    JsonNode providers = masked.get("providers");
    assertThat(providers.at("/vllm/api_key").textValue()).isEqualTo("***");
    assertThat(providers.at("/aws/access_key_id").textValue()).isEqualTo("***");
    assertThat(providers.at("/tgi/api_key").textValue()).isEqualTo("***");
    assertThat(masked.at("/models/0/fine_tuning/api_key").textValue()).isEqualTo("***");
    assertThat(providers.at("/oai/api_key").textValue()).isEqualTo("env:OPENAI_API_KEY");
    assertThat(providers.at("/aws/secret_access_key").textValue()).isEqualTo("file:" + secret);
    assertThat(ConfigWriter.model(config.models().get(0)).at("/fine_tuning/api_key").textValue())
        .isEqualTo("***");
  }

  @Test
  void model_minimalAlias_writesOnlyNameAndDeployment() {
    ModelAlias alias = new ModelAlias("chat", ModelKind.CHAT,
        List.of(new Deployment("gpu", "Qwen/Qwen3-8B", 1, null)), null);

    assertThat(ConfigWriter.model(alias).toString())
        .isEqualTo("{\"name\":\"chat\",\"deployments\":[{\"provider\":\"gpu\","
            + "\"model\":\"Qwen/Qwen3-8B\"}]}");
  }

  @Test
  void routing_providersAtDefaults_writeOnlyWhatTheFileNeeds() {
    GatewayConfig config = Configs.parse("server: { request_timeout: 90s }\n"
        + "providers:\n"
        + "  gpu: { type: openai, base_url: 'http://10.0.0.5:8000/v1/' }\n"
        + "  ollama: { type: ollama, base_url: 'http://127.0.0.1:11434', timeout: 2m }\n"
        + "  local: { type: local }\n"
        + "models:\n"
        + "  - { name: chat, deployments: [ { provider: gpu, model: m, weight: 1, priority: 0 } ] }\n"
        + "  - { name: e, kind: embeddings, deployments: [ { provider: local,"
        + " model: all-minilm-l6-v2 } ] }\n");

    ObjectNode document = ConfigWriter.routing(config, Secrets.KEEP);

    assertThat(document.toString()).isEqualTo("{\"providers\":{"
        + "\"gpu\":{\"type\":\"openai\",\"base_url\":\"http://10.0.0.5:8000/v1\"},"
        + "\"local\":{\"type\":\"local\"},"
        + "\"ollama\":{\"type\":\"ollama\",\"base_url\":\"http://127.0.0.1:11434\","
        + "\"timeout\":\"2m\"}},"
        + "\"models\":[{\"name\":\"chat\",\"deployments\":[{\"provider\":\"gpu\",\"model\":\"m\"}]},"
        + "{\"name\":\"e\",\"kind\":\"embeddings\",\"deployments\":[{\"provider\":\"local\","
        + "\"model\":\"all-minilm-l6-v2\"}]}]}");
  }

  @Test
  void provider_alone_alwaysWritesItsTimeout() {
    ProviderSettings.Local local = new ProviderSettings.Local("l", 2, 32);
    ProviderSettings.Ollama ollama =
        new ProviderSettings.Ollama("o", "http://127.0.0.1:11434", "-1s", null, 16);

    assertThat(ConfigWriter.provider(local, Secrets.MASK).toString())
        .isEqualTo("{\"type\":\"local\",\"threads\":2}");
    assertThat(ConfigWriter.provider(ollama, Secrets.MASK).toString())
        .isEqualTo("{\"type\":\"ollama\",\"base_url\":\"http://127.0.0.1:11434\","
            + "\"keep_alive\":\"-1s\",\"timeout\":\"10m\"}");
  }

  @Test
  void routing_routingFallbacksPricesAndLimits_roundTrip() {
    GatewayConfig config = Configs.parse("providers:\n"
        + "  a: { type: openai, base_url: 'http://a/v1' }\n"
        + "models:\n"
        + "  - name: x\n"
        + "    routing: { strategy: priority, max_attempts: 5, backoff: 1500ms, max_backoff: 90s,"
        + " first_token_timeout: 2s, breaker: { window: 3, slow_call: 1h } }\n"
        + "    fallbacks: { context_length: [y] }\n"
        + "    limits: { rpm: 10, tokens_per_day: 1000000 }\n"
        + "    cache: { enabled: false, ttl: 5m }\n"
        + "    deployments:\n"
        + "      - { provider: a, model: m, priority: 2, price: { input: 0.1, output: 0.3,"
        + " cached_input: 0.025 }, tags: { z: '1', a: '2' }, limits: { concurrent: 4 },"
        + " options: { api: chat } }\n"
        + "      - { provider: a, model: n, traffic_percent: 20, timeout: 45s }\n"
        + "      - { provider: a, model: s, shadow_percent: 5 }\n"
        + "  - { name: y, fallbacks: [z], deployments: [ { provider: a, model: m } ] }\n"
        + "  - { name: z, deployments: [ { provider: a, model: m } ] }\n");

    JsonNode x = ConfigWriter.routing(config, Secrets.KEEP).at("/models/0");

    assertThat(x.get("routing").toString()).isEqualTo("{\"strategy\":\"priority\","
        + "\"max_attempts\":5,\"backoff\":\"1500ms\",\"max_backoff\":\"90s\","
        + "\"breaker\":{\"slow_call\":\"1h\",\"window\":3},\"first_token_timeout\":\"2s\"}");
    assertThat(x.get("fallbacks").toString()).isEqualTo("{\"context_length\":[\"y\"]}");
    assertThat(x.at("/deployments/0/price").toString())
        .isEqualTo("{\"input\":0.1,\"output\":0.3,\"cached_input\":0.025}");
    assertThat(x.at("/deployments/0/tags").toString()).isEqualTo("{\"a\":\"2\",\"z\":\"1\"}");
    assertThat(ConfigWriter.routing(config, Secrets.KEEP).at("/models/1/fallbacks").toString())
        .isEqualTo("[\"z\"]");
  }

  @Test
  void withRouting_replacesProvidersAndModelsOnly() throws IOException {
    GatewayConfig base = Configs.parse("server: { port: 9000 }\n"
        + "providers: { a: { type: openai, base_url: 'http://a/v1' } }\n"
        + "models: [ { name: x, deployments: [ { provider: a, model: m } ] } ]\n"
        + "keys: [ { name: k, key: env:GANTRY_KEY, models: [x] } ]\n");

    GatewayConfig next = ConfigLoader.withRouting(base, JSON.readTree("{\"providers\": {\"b\":"
        + " {\"type\": \"ollama\", \"base_url\": \"http://127.0.0.1:11434\"}}, \"models\":"
        + " [{\"name\": \"x\", \"deployments\": [{\"provider\": \"b\", \"model\": \"llama3\"}]}]}"),
        ENV);

    assertThat(next.providers()).containsOnlyKeys("b");
    assertThat(next.model("x").orElseThrow().deployments())
        .containsExactly(new Deployment("b", "llama3", 1, null));
    assertThat(next.server()).isEqualTo(base.server());
    assertThat(next.keys()).isEqualTo(base.keys());
    assertThat(next.stateStore()).isEqualTo(base.stateStore());
    assertThat(((ProviderSettings.Ollama) next.providers().get("b")).timeout())
        .isEqualTo(base.server().requestTimeout());
  }

  @Test
  void withRouting_badDocument_reportsEveryErrorWithItsPath() throws IOException {
    GatewayConfig base = Configs.parse(
        "providers: { a: { type: openai, base_url: 'http://a/v1' } }\n"
        + "models:\n"
        + "  - { name: x, deployments: [ { provider: a, model: m } ] }\n"
        + "  - { name: gone, deployments: [ { provider: a, model: m } ] }\n"
        + "keys: [ { name: k, key: env:GANTRY_KEY, models: [x, gone] } ]\n");
    JsonNode document = JSON.readTree("{\"providers\": {\"a\": {\"type\": \"openai\","
        + " \"base_url\": \"http://a/v1\"}},"
        + " \"models\": ["
        + "{\"name\": \"x\", \"fallbacks\": [\"y\"], \"deployments\": [{\"provider\": \"a\","
        + " \"model\": \"m\", \"weight\": 0}]},"
        + "{\"name\": \"y\", \"fallbacks\": [\"x\"], \"deployments\": [{\"provider\": \"a\","
        + " \"model\": \"m\"}, {\"provider\": \"nope\", \"model\": \"m\"}]}],"
        + " \"keys\": [], \"colour\": \"red\"}");

    assertThatThrownBy(() -> ConfigLoader.withRouting(base, document, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.sourceName()).isEqualTo(ConfigLoader.ROUTING_SOURCE);
          assertThat(e.errors()).containsExactly(
              "keys: not part of a routing document",
              "colour: unknown field",
              "models[0].deployments[0].weight: must be at least 1",
              "models[1].deployments[1].provider: unknown provider 'nope'",
              "keys[0].models[1]: unknown model 'gone'");
        });
  }

  @Test
  void withRouting_fallbackCycle_isReportedAtTheAlias() throws IOException {
    GatewayConfig base = Configs.parse(
        "providers: { a: { type: openai, base_url: 'http://a/v1' } }\n"
        + "models: [ { name: x, deployments: [ { provider: a, model: m } ] } ]\n");
    JsonNode document = JSON.readTree("{\"providers\": {\"a\": {\"type\": \"openai\","
        + " \"base_url\": \"http://a/v1\"}}, \"models\": ["
        + "{\"name\": \"x\", \"fallbacks\": [\"y\"], \"deployments\": [{\"provider\": \"a\","
        + " \"model\": \"m\"}]},"
        + "{\"name\": \"y\", \"fallbacks\": [\"x\"], \"deployments\": [{\"provider\": \"a\","
        + " \"model\": \"m\"}]}]}");

    assertThatThrownBy(() -> ConfigLoader.withRouting(base, document, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
            "models[0].fallbacks: fallbacks lead back to 'x' (x -> y -> x)",
            "models[1].fallbacks: fallbacks lead back to 'y' (y -> x -> y)"));
  }

  @Test
  void withRouting_semanticCacheWithoutTheCacheSection_isAnError() throws IOException {
    GatewayConfig base = Configs.parse(
        "providers: { a: { type: openai, base_url: 'http://a/v1' }, l: { type: local } }\n"
        + "models: [ { name: x, deployments: [ { provider: a, model: m } ] } ]\n");
    JsonNode document = JSON.readTree("{\"providers\": {\"a\": {\"type\": \"openai\","
        + " \"base_url\": \"http://a/v1\"}, \"l\": {\"type\": \"local\"}}, \"models\": ["
        + "{\"name\": \"x\", \"cache\": {\"semantic\": {}}, \"deployments\": [{\"provider\": \"a\","
        + " \"model\": \"m\"}]},"
        + "{\"name\": \"local-embed\", \"kind\": \"embeddings\", \"deployments\":"
        + " [{\"provider\": \"l\", \"model\": \"all-minilm-l6-v2\"}]}]}");

    assertThatThrownBy(() -> ConfigLoader.withRouting(base, document, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
            "models[0].cache.semantic: needs the response cache on (a top-level cache section)"));
  }

  @Test
  void withRouting_missingEnvironmentVariable_namesIt() throws IOException {
    GatewayConfig base = ConfigLoader.defaults();
    JsonNode document = JSON.readTree("{\"providers\": {\"a\": {\"type\": \"openai\","
        + " \"base_url\": \"http://a/v1\", \"api_key\": \"env:NOT_SET_ANYWHERE\"}}}");

    assertThatThrownBy(() -> ConfigLoader.withRouting(base, document, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
            "providers.a.api_key: environment variable NOT_SET_ANYWHERE is not set"));
  }

  @Test
  void withRouting_notAMapping_isAnError() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.withRouting(ConfigLoader.defaults(),
        JSON.readTree("[]"), ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .containsExactly("the document must be a mapping"));
  }

  @Test
  void duration_writesTheLargestWholeUnit() {
    assertThat(ConfigWriter.duration(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(ConfigWriter.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(ConfigWriter.duration(Duration.ofSeconds(120))).isEqualTo("2m");
    assertThat(ConfigWriter.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThatThrownBy(() -> ConfigWriter.duration(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretRef_reference_isTheConfigTextButToStringStaysMasked() {
    SecretRef literal = SecretRef.parse("sk-literal-1a2b");

    assertThat(literal.reference()).isEqualTo("sk-literal-1a2b");
    assertThat(literal.toString()).isEqualTo("***");
    assertThat(SecretRef.parse("env:X").reference()).isEqualTo("env:X");
    assertThat(SecretRef.parse("file:/run/s").reference()).isEqualTo("file:/run/s");
  }
}
