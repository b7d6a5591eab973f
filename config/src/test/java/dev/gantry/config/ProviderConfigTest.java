package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderConfigTest {

  private static ProviderSettings provider(String yaml, String name) {
    return parse("providers:\n" + yaml).providers().get(name);
  }

  @Test
  void parse_openAiWithAllFields_bindsThem() {
    ProviderSettings p = provider("  gpu: { type: openai, base_url: 'http://10.0.0.5:8000/v1/',"
        + " api_key: env:VLLM_KEY, auth_header: api-key, headers: { X-Team: a },"
        + " query_params: { api-version: 2024-10-21 }, timeout: 120s, max_connections: 8 }", "gpu");

    assertThat(p).isEqualTo(new ProviderSettings.OpenAi("gpu", "http://10.0.0.5:8000/v1",
        SecretRef.parse("env:VLLM_KEY"), "api-key", Map.of("X-Team", "a"),
        Map.of("api-version", "2024-10-21"), Duration.ofSeconds(120), 8));
  }

  @Test
  void parse_openAiMinimal_appliesDefaults() {
    ProviderSettings.OpenAi p = (ProviderSettings.OpenAi) provider(
        "  gpu: { type: openai, base_url: 'https://api.example.com/v1' }", "gpu");

    assertThat(p.apiKey()).isNull();
    assertThat(p.authHeader()).isEqualTo("Authorization");
    assertThat(p.headers()).isEmpty();
    assertThat(p.queryParams()).isEmpty();
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(p.maxConnections()).isEqualTo(64);
  }

  @Test
  void parse_providerWithoutTimeout_inheritsServerRequestTimeout() {
    GatewayConfig config = parse("server: { request_timeout: 45s }\nproviders:\n"
        + "  gpu: { type: openai, base_url: 'http://h/v1' }\n"
        + "  laptop: { type: ollama, base_url: 'http://h:11434' }");

    assertThat(((ProviderSettings.OpenAi) config.providers().get("gpu")).timeout())
        .isEqualTo(Duration.ofSeconds(45));
    assertThat(((ProviderSettings.Ollama) config.providers().get("laptop")).timeout())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void parse_ollama_bindsWithDefaults() {
    assertThat(provider("  laptop: { type: ollama, base_url: 'http://127.0.0.1:11434' }", "laptop"))
        .isEqualTo(new ProviderSettings.Ollama("laptop", "http://127.0.0.1:11434", null,
            Duration.ofSeconds(600), 16));
  }

  @Test
  void parse_ollamaKeepAlive_keepsDurationAndTurnsSecondsIntoDuration() {
    GatewayConfig config = parse("providers:\n"
        + "  a: { type: ollama, base_url: 'http://h', keep_alive: 5m }\n"
        + "  b: { type: ollama, base_url: 'http://h', keep_alive: -1 }\n"
        + "  c: { type: ollama, base_url: 'http://h', keep_alive: 300 }\n"
        + "  d: { type: ollama, base_url: 'http://h', keep_alive: 1h30m }");

    assertThat(config.providers()).extractingByKeys("a", "b", "c", "d")
        .extracting(p -> ((ProviderSettings.Ollama) p).keepAlive())
        .containsExactly("5m", "-1s", "300s", "1h30m");
  }

  @Test
  void parse_ollamaKeepAliveMalformed_reportsFormat() {
    assertThat(errorsOf("providers:\n  a: { type: ollama, base_url: 'http://h', keep_alive: soon }"))
        .containsExactly("providers.a.keep_alive: must be a duration like 5m or 24h, or seconds"
            + " as an integer (-1 keeps the model loaded)");
  }

  @Test
  void parse_local_bindsWithDefaults() {
    assertThat(provider("  embedded: { type: local }", "embedded"))
        .isEqualTo(new ProviderSettings.Local("embedded", 0, 32));
  }

  @Test
  void parse_unknownType_listsTheKnownOnes() {
    assertThat(errorsOf("providers:\n  gpu: { type: foo, base_url: 'http://h' }"))
        .containsExactly("providers.gpu.type: unknown type 'foo'"
            + " (expected one of: openai, ollama, local, bedrock, vertex, huggingface, sagemaker, triton)");
  }

  @Test
  void parse_missingType_reportsRequired() {
    assertThat(errorsOf("providers:\n  gpu: { base_url: 'http://h' }"))
        .containsExactly("providers.gpu.type: required");
  }

  @Test
  void parse_unknownProviderField_reportsIt() {
    assertThat(errorsOf("providers:\n  gpu: { type: openai, base_url: 'http://h', colour: red }"))
        .containsExactly("providers.gpu.colour: unknown field");
  }

  @Test
  void parse_fieldOfAnotherType_isUnknownHere() {
    assertThat(errorsOf("providers:\n  e: { type: local, base_url: 'http://h', keep_alive: 5m }"))
        .containsExactly("providers.e.base_url: unknown field", "providers.e.keep_alive: unknown field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad name", "gpu/pool", "gpü"})
  void parse_invalidProviderName_reportsPattern(String name) {
    assertThat(errorsOf("providers:\n  '" + name + "': { type: local }"))
        .containsExactly("providers." + name + ": name must match [a-zA-Z0-9_.-]+");
  }

  @Test
  void parse_providerNotAMapping_reportsIt() {
    assertThat(errorsOf("providers:\n  gpu: openai")).containsExactly("providers.gpu: must be a mapping");
  }

  @Test
  void parse_providersNotAMapping_reportsIt() {
    assertThat(errorsOf("providers: [gpu]")).containsExactly("providers: must be a mapping");
  }

  @Test
  void parse_missingBaseUrl_reportsRequired() {
    assertThat(errorsOf("providers:\n  gpu: { type: openai }"))
        .containsExactly("providers.gpu.base_url: required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.5:8000/v1", "/v1", "ftp://h/v1", "http://", "http//h", "h t tp://x"})
  void parse_baseUrlNotAbsoluteHttp_reportsIt(String url) {
    assertThat(errorsOf("providers:\n  gpu: { type: openai, base_url: '" + url + "' }"))
        .containsExactly("providers.gpu.base_url: must be an absolute http(s) URL");
  }

  @Test
  void parse_baseUrlWithCredentials_reportsItWithoutEchoingThem() {
    assertThat(errorsOf("providers:\n  laptop: { type: ollama, base_url: 'http://u:pw-9d1@h:11434' }"))
        .containsExactly("providers.laptop.base_url: must not contain credentials (use api_key)");
  }

  @Test
  void parse_baseUrlWithQuery_pointsToQueryParams() {
    assertThat(errorsOf("providers:\n  az: { type: openai, base_url: 'https://h/v1?api-version=1' }"))
        .containsExactly("providers.az.base_url: must not have a query or fragment (use query_params)");
  }

  @Test
  void parse_baseUrlUppercaseSchemeAndUnderscoreHost_isAccepted() {
    assertThat(((ProviderSettings.OpenAi) provider(
        "  gpu: { type: openai, base_url: 'HTTP://vllm_server:8000/v1' }", "gpu")).baseUrl())
        .isEqualTo("HTTP://vllm_server:8000/v1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3"})
  void parse_maxConnectionsBelowOne_reportsMinimum(String value) {
    assertThat(errorsOf("providers:\n  gpu: { type: openai, base_url: 'http://h', max_connections: "
        + value + " }"))
        .containsExactly("providers.gpu.max_connections: must be at least 1");
  }

  @Test
  void parse_negativeThreadsAndBatch_reportsBoth() {
    assertThat(errorsOf("providers:\n  e: { type: local, threads: -1, max_batch: -2 }"))
        .containsExactly("providers.e.threads: must be at least 0",
            "providers.e.max_batch: must be at least 1");
  }

  @Test
  void parse_zeroProviderTimeout_reportsPositive() {
    assertThat(errorsOf("providers:\n  gpu: { type: openai, base_url: 'http://h', timeout: 0ms }"))
        .containsExactly("providers.gpu.timeout: must be greater than 0");
  }

  @Test
  void parse_badHeaderNameAndValue_reportsEach() {
    assertThat(errorsOf("providers:\n  gpu: { type: openai, base_url: 'http://h', auth_header: 'x y',"
        + " headers: { 'a:b': v, X-Ok: \"one\\r\\ntwo\" } }"))
        .containsExactly("providers.gpu.auth_header: not a valid header name",
            "providers.gpu.headers.a:b: not a valid header name",
            "providers.gpu.headers.X-Ok: must not contain control characters");
  }

  @Test
  void parse_headerValueNotAString_asksForQuotes() {
    assertThat(errorsOf("providers:\n  gpu: { type: openai, base_url: 'http://h',"
        + " query_params: { v: 2 }, headers: { X-On: true } }"))
        .containsExactly("providers.gpu.headers.X-On: must be a string (quote numbers and booleans)",
            "providers.gpu.query_params.v: must be a string (quote numbers and booleans)");
  }

  @Test
  void parse_yesNoWords_stayStrings() {
    ProviderSettings.OpenAi p = (ProviderSettings.OpenAi) provider(
        "  gpu: { type: openai, base_url: 'http://h', headers: { X-Flag: yes, X-Other: off } }", "gpu");

    assertThat(p.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("X-Flag", "yes", "X-Other", "off"));
  }

  @Test
  void parse_sageMaker_bindsRegionCredentialsAndDerivedEndpoint() {
    ProviderSettings.SageMaker sm = (ProviderSettings.SageMaker) parse("providers:\n"
        + "  sm: { type: sagemaker, region: eu-west-1, profile: p, timeout: 30s }").providers()
        .get("sm");

    assertThat(sm.endpointUrl()).isEqualTo("https://runtime.sagemaker.eu-west-1.amazonaws.com");
    assertThat(sm.profile()).isEqualTo("p");
    assertThat(sm.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(sm.maxConnections()).isEqualTo(64);
  }

  @Test
  void parse_sageMakerApiKey_isUnknownField() {
    assertThat(errorsOf("providers:\n  sm: { type: sagemaker, region: eu-west-1, api_key: x }"))
        .containsExactly("providers.sm.api_key: unknown field");
  }
}
