package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TritonConfigTest {

  private static ProviderSettings.Triton triton(String fields) {
    return (ProviderSettings.Triton) parse("providers:\n  gpu: { type: triton, " + fields + " }")
        .providers().get("gpu");
  }

  @Test
  void load_tritonExample_bindsProviderAndDeploymentOptions() {
    GatewayConfig config = ConfigLoader.load(Path.of("..", "examples", "triton.yaml"), Map.of());

    assertThat(config.providers().get("gpu-triton")).isEqualTo(new ProviderSettings.Triton(
        "gpu-triton", "http://10.0.0.7:8000", null, Map.of(), Duration.ofSeconds(120), 64));
    assertThat(config.models().get(0).deployments().get(0).options())
        .containsEntry("backend", "trtllm").containsEntry("default_max_tokens", "1024");
    assertThat(config.models().get(2).deployments().get(0).options())
        .containsEntry("input_shape", "batched").containsEntry("dimensions", "384");
  }

  @Test
  void parse_tritonMinimal_appliesDefaults() {
    assertThat(triton("base_url: 'http://10.0.0.7:8000/'")).isEqualTo(new ProviderSettings.Triton(
        "gpu", "http://10.0.0.7:8000", null, Map.of(), Duration.ofSeconds(600), 64));
  }

  @Test
  void parse_tritonWithAllFields_bindsThem() {
    assertThat(triton("base_url: 'https://triton.internal/v2-proxy', api_key: env:VLLM_KEY,"
        + " headers: { X-Team: a }, timeout: 90s, max_connections: 8"))
        .isEqualTo(new ProviderSettings.Triton("gpu", "https://triton.internal/v2-proxy",
            SecretRef.parse("env:VLLM_KEY"), Map.of("X-Team", "a"), Duration.ofSeconds(90), 8));
  }

  @Test
  void toString_tritonWithKeyAndHeaders_printsNoValues() {
    String printed = triton("base_url: 'http://h:8000', api_key: literal-triton-key-5e1c,"
        + " headers: { X-Proxy-Token: header-secret-0b7d }").toString();

    assertThat(printed).doesNotContain("literal-triton-key-5e1c", "header-secret-0b7d")
        .contains("X-Proxy-Token=***");
  }

  @Test
  void parse_tritonWithoutBaseUrl_reportsRequired() {
    assertThat(errorsOf("providers:\n  gpu: { type: triton }"))
        .containsExactly("providers.gpu.base_url: required");
  }

  @Test
  void parse_tritonWithFieldsOfOtherTypes_reportsEachAtItsPath() {
    assertThat(errorsOf("providers:\n  gpu: { type: triton, base_url: 'http://h:8000',"
        + " auth_header: X-Key, region: us-east-1 }"))
        .containsExactly("providers.gpu.auth_header: unknown field",
            "providers.gpu.region: unknown field");
  }

  @Test
  void parse_tritonBadValues_reportsEachAtItsPath() {
    assertThat(errorsOf("providers:\n  gpu: { type: triton, base_url: 'grpc://h:8001',"
        + " headers: { 'a b': v }, timeout: soon, max_connections: 0, api_key: env:UNSET_TRITON }"))
        .containsExactlyInAnyOrder("providers.gpu.base_url: must be an absolute http(s) URL",
            "providers.gpu.headers.a b: not a valid header name",
            "providers.gpu.timeout: must be a duration like 500ms, 30s, 2m or 1h",
            "providers.gpu.max_connections: must be at least 1",
            "providers.gpu.api_key: environment variable UNSET_TRITON is not set");
  }
}
