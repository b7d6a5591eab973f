package dev.gantry.adapters.triton;

import static dev.gantry.adapters.triton.TritonGoldenTest.QWEN3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TritonGenerateTest {

  private static final TritonOptions TRTLLM = TritonOptions.parse(Map.of("default_max_tokens", "16"));
  private static final TritonOptions VLLM =
      TritonOptions.parse(Map.of("backend", "vllm", "default_max_tokens", "16"));
  private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private static ChatRequest request(String fields) {
    return OpenAiChat.readRequest(json("{\"model\":\"m\"," + USER
        + (fields.isEmpty() ? "" : "," + fields) + "}"));
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GatewayException refusal(String fields, TritonOptions options) {
    return (GatewayException) org.assertj.core.api.Assertions.catchThrowable(
        () -> TritonGenerate.prepare(request(fields), QWEN3, options, false));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"n\":2|n",
      "\"logprobs\":true|logprobs",
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]|tools"})
  void prepare_inexpressible_refusedUnsupportedNamingTheField(String fields, String param) {
    GatewayException e = refusal(fields, TRTLLM);

    assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
    assertThat(e.param()).isEqualTo(param);
  }

  @Test
  void prepare_image_refusedUnsupportedNamingTheMessage() {
    ChatRequest r = OpenAiChat.readRequest(json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}"));

    assertThatThrownBy(() -> TritonGenerate.prepare(r, QWEN3, TRTLLM, false))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo("messages[0].content");
        });
  }

  @Test
  void prepare_toolsWithToolChoiceNone_rendersTheConversationWithoutThem() {
    TritonCall call = TritonGenerate.prepare(request("\"tools\":[{\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\"}}],\"tool_choice\":\"none\""), QWEN3, TRTLLM, false);

    assertThat(call.body().path("text_input").asText())
        .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void prepare_noMaxTokensAndNoDefault_asksForMaxTokens() {
    GatewayException e = refusal("", TritonOptions.DEFAULTS);

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo("max_tokens");
  }

  @Test
  void prepare_requestMaxTokens_winsOverTheDefault() {
    TritonCall call = TritonGenerate.prepare(request("\"max_tokens\":3"), QWEN3, TRTLLM, false);

    assertThat(call.body().path("max_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void prepare_chatTemplateKwargs_reachTheTemplate() {
    TritonCall call = TritonGenerate.prepare(
        request("\"chat_template_kwargs\":{\"enable_thinking\":false}"), QWEN3, VLLM, false);

    assertThat(call.body().path("text_input").asText())
        .endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"top_k\":0", "\"top_k\":\"5\"", "\"top_k\":1.5"})
  void prepare_malformedTopK_invalid(String fields) {
    assertThat(refusal(fields, VLLM).param()).isEqualTo("top_k");
  }

  @Test
  void prepare_negativeSeedOnTensorRtLlm_invalid() {
    assertThat(refusal("\"seed\":-1", TRTLLM).param()).isEqualTo("seed");
  }

  @Test
  void prepare_vllmStop_sendsOnlyTheClientsStopsAndKeepsThemForTrimming() {
    TritonCall call = TritonGenerate.prepare(request("\"stop\":[\"END\"],\"frequency_penalty\":0.3,"
        + "\"seed\":-7"), QWEN3, VLLM, true);

    assertThat(json(call.body().path("sampling_parameters").asText())).isEqualTo(json(
        "{\"max_tokens\":16,\"seed\":-7,\"frequency_penalty\":0.3,\"stop\":[\"END\"]}"));
    assertThat(call.body().path("stream").asBoolean()).isTrue();
    assertThat(call.stop()).containsExactly("END");
  }

  @Test
  void request_modelVersion_addsTheVersionSegmentsEncoded() {
    TritonOptions options = TritonOptions.parse(Map.of("model_version", "2", "default_max_tokens",
        "4"));
    TritonCall call = TritonGenerate.prepare(request(""), QWEN3, options, true);

    assertThat(TritonGenerate.request(call, TritonApi.modelUrl("http://h:8000/", "my model",
        options), true).url()).isEqualTo("http://h:8000/v2/models/my%20model/versions/2/generate_stream");
  }

  @Test
  void read_errorObjectWithStatus200_failsWithItsMessage() {
    TritonCall call = TritonGenerate.prepare(request(""), QWEN3, TRTLLM, false);

    assertThatThrownBy(() -> TritonGenerate.read(call, json("{\"error\":\"boom\"}")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("boom");
        });
  }

  @Test
  void read_noTextOutput_malformed() {
    TritonCall call = TritonGenerate.prepare(request(""), QWEN3, TRTLLM, false);

    assertThatThrownBy(() -> TritonGenerate.read(call, json("{\"model_name\":\"m\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void read_oneElementArraysAndLength_keepTheStopWordAndReportUsage() {
    TritonCall call = TritonGenerate.prepare(request("\"stop\":[\"x\"]"), QWEN3, VLLM, false);

    ChatResponse r = TritonGenerate.read(call, json("{\"text_output\":[\"abx\"],"
        + "\"finish_reason\":[\"length\"],\"num_input_tokens\":[9],\"num_output_tokens\":[3]}"));

    assertThat(r.choices().get(0).message().text()).isEqualTo("abx");
    assertThat(r.choices().get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(r.usage()).isEqualTo(Usage.of(9, 3));
  }

  @Test
  void read_onlyOneCount_noUsage() {
    TritonCall call = TritonGenerate.prepare(request(""), QWEN3, VLLM, false);

    assertThat(TritonGenerate.read(call, json("{\"text_output\":\"a\",\"num_input_tokens\":4}"))
        .usage()).isNull();
  }

  @Test
  void read_abortedGeneration_failsUpstreamError() {
    TritonCall call = TritonGenerate.prepare(request(""), QWEN3, VLLM, false);

    assertThatThrownBy(() -> TritonGenerate.read(call,
        json("{\"text_output\":\"a\",\"finish_reason\":\"abort\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }
}
