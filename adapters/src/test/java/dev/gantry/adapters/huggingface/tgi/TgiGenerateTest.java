package dev.gantry.adapters.huggingface.tgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.template.ChatTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TgiGenerateTest {

  private static final ChatTemplate QWEN3 = TgiGoldenTest.QWEN3;
  private static final ChatTemplate WITH_BOS =
      ChatTemplate.of("{{ bos_token }}[INST]{{ messages[0].content }}[/INST]", "<s>", "</s>");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " -> ", value = {
      "{\"n\":2} -> n",
      "{\"logprobs\":true} -> logprobs",
      "{\"presence_penalty\":0.5} -> presence_penalty",
      "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]} -> tools",
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
          + "{\"url\":\"https://example.com/a.png\"}}]}]} -> messages[0].content",
  })
  void prepare_featureTgiCannotExpress_failsUnsupportedNamingIt(String extra, String param) {
    assertThatThrownBy(() -> TgiGenerate.prepare(request(extra), QWEN3))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo(param);
          assertThat(e.kind().status()).isEqualTo(400);
        });
  }

  @Test
  void prepare_toolsWithToolChoiceNone_rendersWithoutTools() {
    TgiCall call = TgiGenerate.prepare(request("{\"tool_choice\":\"none\",\"tools\":[{\"type\":"
        + "\"function\",\"function\":{\"name\":\"f\"}}]}"), QWEN3);

    assertThat(call.body().path("inputs").asText()).doesNotContain("# Tools");
  }

  @Test
  void prepare_temperatureZero_greedyWithoutTemperature() {
    JsonNode parameters = TgiGenerate.prepare(request("{\"temperature\":0,\"top_p\":1}"), QWEN3)
        .body().path("parameters");

    assertThat(parameters.path("do_sample").asBoolean()).isFalse();
    assertThat(parameters.has("temperature")).isFalse();
    assertThat(parameters.has("top_p")).isFalse();
  }

  @Test
  void prepare_templateStartsWithBos_bosLeftToTgisTokenizer() {
    TgiCall call = TgiGenerate.prepare(request("{}"), WITH_BOS);

    assertThat(call.body().path("inputs").asText()).isEqualTo("[INST]Hi[/INST]");
    assertThat(call.stop()).containsExactly("</s>");
  }

  @Test
  void prepare_fourClientStops_noRoomForTemplateStop() {
    TgiCall call = TgiGenerate.prepare(request("{\"stop\":[\"a\",\"b\",\"c\",\"d\"]}"), QWEN3);

    assertThat(call.stop()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void prepare_chatTemplateKwargs_reachTheTemplate() {
    TgiCall call = TgiGenerate.prepare(
        request("{\"chat_template_kwargs\":{\"enable_thinking\":false}}"), QWEN3);

    assertThat(call.body().path("inputs").asText()).endsWith("<think>\n\n</think>\n\n");
  }

  @Test
  void prepare_badTopK_failsInvalidRequestNamingIt() {
    assertThatThrownBy(() -> TgiGenerate.prepare(request("{\"top_k\":\"many\"}"), QWEN3))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("top_k");
        });
  }

  @Test
  void prepare_jsonObject_anyObjectGrammar() {
    JsonNode grammar = TgiGenerate.prepare(
        request("{\"response_format\":{\"type\":\"json_object\"}}"), QWEN3)
        .body().path("parameters").path("grammar");

    assertThat(grammar).isEqualTo(json("{\"type\":\"json\",\"value\":{\"type\":\"object\"}}"));
  }

  @Test
  void request_stream_postsToGenerateStreamAcceptingEvents() {
    TgiCall call = TgiGenerate.prepare(request("{}"), QWEN3);

    ProviderHttpRequest stream = TgiGenerate.request(call, "http://tgi:8080/", true);
    ProviderHttpRequest whole = TgiGenerate.request(call, "http://tgi:8080", false);

    assertThat(stream.url()).isEqualTo("http://tgi:8080/generate_stream");
    assertThat(stream.headers()).containsEntry("Accept", "text/event-stream");
    assertThat(whole.url()).isEqualTo("http://tgi:8080/generate");
    assertThat(call.compatBody(true).path("stream").asBoolean()).isTrue();
    assertThat(call.body().has("stream")).isFalse();
  }

  @Test
  void read_inputLength_promptTokensFromIt() {
    ChatResponse response = TgiGenerate.read(TgiGenerate.prepare(request("{}"), QWEN3),
        json("{\"generated_text\":\"Hi\",\"details\":{\"finish_reason\":\"eos_token\","
            + "\"generated_tokens\":2,\"input_length\":7,\"prefill\":[],\"tokens\":[]}}"));

    assertThat(response.usage()).isEqualTo(Usage.of(7, 2));
    assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void read_errorObjectInOkBody_failsUpstream() {
    assertThatThrownBy(() -> TgiGenerate.read(TgiGenerate.prepare(request("{}"), QWEN3),
        json("{\"error\":\"Request failed during generation: boom\",\"error_type\":\"generation\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void read_noGeneratedText_failsMalformed() {
    assertThatThrownBy(() -> TgiGenerate.read(TgiGenerate.prepare(request("{}"), QWEN3),
        json("{\"text\":\"x\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).contains("could not read"));
  }

  /** A one-message request with the given fields added. */
  static ChatRequest request(String extra) {
    ObjectNode body =
        (ObjectNode) json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    body.setAll((ObjectNode) json(extra));
    return OpenAiChat.readRequest(body);
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
