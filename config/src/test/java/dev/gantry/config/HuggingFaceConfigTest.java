package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HuggingFaceConfigTest {

  private static final String HF = "providers:\n  hf: { type: huggingface, ";
  private static final String TOKEN = "hf_literalHuggingFaceToken7c1d";

  private static ProviderSettings.HuggingFace hf(String fields) {
    return (ProviderSettings.HuggingFace) parse(HF + fields + " }").providers().get("hf");
  }

  @Test
  void parse_huggingFaceMinimal_appliesDefaults() {
    ProviderSettings.HuggingFace p = hf("base_url: 'http://10.0.0.7:8080'");

    assertThat(p).isEqualTo(new ProviderSettings.HuggingFace("hf", "http://10.0.0.7:8080", null,
        Map.of(), Duration.ofSeconds(600), 64, Duration.ofSeconds(30), null));
    assertThat(p.rootUrl()).isEqualTo("http://10.0.0.7:8080");
    assertThat(p.openAiUrl()).isEqualTo("http://10.0.0.7:8080/v1");
    assertThat(p.isRouter()).isFalse();
  }

  @Test
  void parse_huggingFaceWithEverything_bindsIt() {
    ProviderSettings.HuggingFace p = hf("base_url: 'https://xyz.us-east-1.aws.endpoints"
        + ".huggingface.cloud/', api_key: env:HF_TOKEN, headers: { X-Team: a }, timeout: 90s,"
        + " max_connections: 8, max_cold_start_wait: 10s, keep_warm: 5m");

    assertThat(p).isEqualTo(new ProviderSettings.HuggingFace("hf",
        "https://xyz.us-east-1.aws.endpoints.huggingface.cloud", SecretRef.parse("env:HF_TOKEN"),
        Map.of("X-Team", "a"), Duration.ofSeconds(90), 8, Duration.ofSeconds(10),
        Duration.ofMinutes(5)));
  }

  @Test
  void parse_routerBaseUrl_isTheRouterWithItsV1Base() {
    ProviderSettings.HuggingFace p =
        hf("base_url: 'https://router.huggingface.co/v1', api_key: env:HF_TOKEN");

    assertThat(p.isRouter()).isTrue();
    assertThat(p.rootUrl()).isEqualTo("https://router.huggingface.co");
    assertThat(p.openAiUrl()).isEqualTo("https://router.huggingface.co/v1");
  }

  @Test
  void parse_providerScopedRouterUrl_keepsItsPath() {
    ProviderSettings.HuggingFace p = hf("base_url: 'https://router.huggingface.co/hf-inference/"
        + "models/meta-llama/Llama-3.1-8B-Instruct', api_key: env:HF_TOKEN");

    assertThat(p.openAiUrl()).isEqualTo("https://router.huggingface.co/hf-inference/models/"
        + "meta-llama/Llama-3.1-8B-Instruct/v1");
  }

  @Test
  void parse_routerWithoutToken_requiresApiKey() {
    assertThat(errorsOf(HF + "base_url: 'https://router.huggingface.co/v1' }")).containsExactly(
        "providers.hf.api_key: required for the Inference Providers router"
            + " (router.huggingface.co): a Hugging Face token");
  }

  @Test
  void parse_withoutTimeout_inheritsServerRequestTimeout() {
    GatewayConfig config = parse("server: { request_timeout: 45s }\n" + HF
        + "base_url: 'http://h:8080' }");

    assertThat(((ProviderSettings.HuggingFace) config.providers().get("hf")).timeout())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void parse_badFields_reportsEachWithItsPath() {
    assertThat(errorsOf(HF + "base_url: 'http://h:8080/?x=1', keep_warm: 500ms,"
        + " max_cold_start_wait: soon, max_connections: 0, headers: { 'bad header': x },"
        + " region: us-east-1 }")).containsExactlyInAnyOrder(
        "providers.hf.region: unknown field",
        "providers.hf.base_url: must not have a query or fragment",
        "providers.hf.headers.bad header: not a valid header name",
        "providers.hf.max_connections: must be at least 1",
        "providers.hf.max_cold_start_wait: must be a duration like 500ms, 30s, 2m or 1h",
        "providers.hf.keep_warm: must be at least 1s");
  }

  @Test
  void parse_missingBaseUrl_isRequired() {
    assertThat(errorsOf("providers:\n  hf: { type: huggingface }"))
        .containsExactly("providers.hf.base_url: required");
  }

  @Test
  void toString_literalTokenAndHeaderValues_neverPrinted() {
    ProviderSettings.HuggingFace p = hf("base_url: 'http://h:8080', api_key: " + TOKEN
        + ", headers: { X-Secret: header-secret-value-5e2a }");

    assertThat(p.toString()).doesNotContain(TOKEN).doesNotContain("header-secret-value-5e2a")
        .contains("X-Secret=***");
  }
}
