package dev.gantry.adapters.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The unsigned requests and the deployment options they are built from. */
class InvokeEndpointTest {

  private static final String RUNTIME = "https://runtime.sagemaker.eu-west-1.amazonaws.com";
  private static final Buffer BODY = Buffer.buffer("{\"inputs\":\"hi\"}");

  @Test
  void request_invokeEndpoint_postsJsonToInvocationsAcceptingJson() {
    ProviderHttpRequest r = InvokeEndpoint.request(RUNTIME, "qwen3-tgi",
        SageMakerOptions.of(Map.of("tokenizer_config", "/etc/qwen3/tokenizer_config.json")),
        "req_abc", BODY, false);

    assertThat(r.method()).isEqualTo(HttpMethod.POST);
    assertThat(r.url()).isEqualTo(RUNTIME + "/endpoints/qwen3-tgi/invocations");
    assertThat(r.headers()).containsExactly(Map.entry("content-type", "application/json"),
        Map.entry("Accept", "application/json"),
        Map.entry("X-Amzn-SageMaker-Inference-Id", "req_abc"));
    assertThat(r.body()).isEqualTo(BODY);
  }

  @Test
  void request_responseStream_acceptsSseThroughTheSageMakerAcceptHeader() {
    ProviderHttpRequest r = InvokeEndpoint.request(RUNTIME + "/", "llm",
        SageMakerOptions.of(Map.of("api", "messages", "inference_component", "llama-ic",
            "target_variant", "blue", "target_container_hostname", "primary")),
        "req_abc", BODY, true);

    assertThat(r.url()).isEqualTo(RUNTIME + "/endpoints/llm/invocations-response-stream");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("content-type", "application/json");
    expected.put("X-Amzn-SageMaker-Accept", "text/event-stream");
    expected.put("X-Amzn-SageMaker-Inference-Component", "llama-ic");
    expected.put("X-Amzn-SageMaker-Target-Variant", "blue");
    expected.put("X-Amzn-SageMaker-Target-Container-Hostname", "primary");
    expected.put("X-Amzn-SageMaker-Inference-Id", "req_abc");
    assertThat(r.headers()).containsExactlyEntriesOf(expected);
  }

  @Test
  void request_endpointNameWithReservedCharacters_isOnePercentEncodedSegment() {
    ProviderHttpRequest r = InvokeEndpoint.request(RUNTIME, "team a/qwen:3 ü",
        SageMakerOptions.of(Map.of("api", "messages")), "req_abc", BODY, false);

    assertThat(r.url()).isEqualTo(RUNTIME + "/endpoints/team%20a%2Fqwen%3A3%20%C3%BC/invocations");
  }

  @Test
  void request_requestIdLongerThan64_isNotSent() {
    ProviderHttpRequest r = InvokeEndpoint.request(RUNTIME, "llm",
        SageMakerOptions.of(Map.of("api", "messages")), "r".repeat(65), BODY, false);

    assertThat(r.headers()).doesNotContainKey("X-Amzn-SageMaker-Inference-Id");
  }

  @Test
  void options_default_isGenerateNeedingATokenizerConfig() {
    assertThat(SageMakerOptions.of(Map.of("tokenizer_config", " /t.json ")))
        .isEqualTo(new SageMakerOptions(SageMakerOptions.Api.GENERATE, "/t.json", null, null,
            null));
    assertMisconfigured(Map.of(), "tokenizer_config");
  }

  @Test
  void options_messages_ignoresTokenizerConfigAndUnknownOptions() {
    assertThat(SageMakerOptions.of(Map.of("api", "Messages", "tokenizer_config", "/t.json",
        "cohere_input_type", "x"))).isEqualTo(new SageMakerOptions(SageMakerOptions.Api.MESSAGES,
        null, null, null, null));
  }

  @Test
  void options_unknownApi_isAMisconfiguration() {
    assertMisconfigured(Map.of("api", "chat"), "api must be generate or messages");
  }

  @Test
  void options_headerValueThatIsNoSageMakerName_isAMisconfiguration() {
    assertMisconfigured(Map.of("api", "messages", "inference_component", "ic\r\nx-evil: 1"),
        "inference_component");
    assertMisconfigured(Map.of("api", "messages", "target_variant", "-blue"), "target_variant");
    assertMisconfigured(Map.of("api", "messages", "target_container_hostname", "c".repeat(64)),
        "target_container_hostname");
  }

  private static void assertMisconfigured(Map<String, String> options, String message) {
    assertThatThrownBy(() -> SageMakerOptions.of(options))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
          assertThat(e.getMessage()).contains(message);
        });
  }
}
