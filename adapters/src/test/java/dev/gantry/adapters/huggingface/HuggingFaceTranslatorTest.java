package dev.gantry.adapters.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HuggingFaceTranslatorTest {

  private static final ChatRequest HELLO = ChatRequest.of("alias", List.of(Message.user("hi")));

  private static HuggingFaceTranslator translator(String baseUrl, String token,
      Map<String, String> headers) {
    return new HuggingFaceTranslator(new ProviderSettings.HuggingFace("hf", baseUrl, null,
        headers, Duration.ofSeconds(5), 4, null, null), token);
  }

  private static JsonNode body(ProviderHttpRequest r) {
    return Json.parse(r.body());
  }

  private static EmbeddingRequest texts(String... texts) {
    return EmbeddingRequest.ofTexts("alias", List.of(texts));
  }

  @Test
  void chat_tgiRoot_postsToV1ChatCompletionsWithTokenAndHeaders() {
    ProviderHttpRequest r = translator("http://tgi:8080/", "hf_abc", Map.of("X-B", "2", "X-A", "1"))
        .chat(HELLO, "tgi", false, ChatApi.MESSAGES);

    assertThat(r.method()).isEqualTo(HttpMethod.POST);
    assertThat(r.url()).isEqualTo("http://tgi:8080/v1/chat/completions");
    assertThat(r.headers()).containsEntry("Authorization", "Bearer hf_abc")
        .containsEntry("X-A", "1").containsEntry("X-B", "2");
  }

  @Test
  void chat_routerBase_postsToTheRouterChatCompletions() {
    ProviderHttpRequest r = translator("https://router.huggingface.co/v1", "hf_abc", Map.of())
        .chat(HELLO, "openai/gpt-oss-120b:cerebras", true, ChatApi.OPENAI);

    assertThat(r.url()).isEqualTo("https://router.huggingface.co/v1/chat/completions");
    assertThat(body(r).path("model").asText()).isEqualTo("openai/gpt-oss-120b:cerebras");
    assertThat(body(r).path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void chat_withoutToken_sendsNoAuthorization() {
    ProviderHttpRequest r = translator("http://tgi:8080", null, Map.of())
        .chat(HELLO, "tgi", false, ChatApi.MESSAGES);

    assertThat(r.headers()).doesNotContainKey("Authorization");
  }

  @Test
  void chat_textFormatOnTgi_leavesResponseFormatOut() {
    ChatRequest text = new ChatRequest("alias", HELLO.messages(), null, null, null,
        ResponseFormat.TEXT, false, false, null, null);

    assertThat(body(translator("http://tgi", null, Map.of()).chat(text, "tgi", false,
        ChatApi.MESSAGES)).has("response_format")).isFalse();
  }

  @Test
  void chat_jsonSchemaOnOpenAiRoute_keepsOpenAisShape() {
    ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    ChatRequest json = new ChatRequest("alias", HELLO.messages(), null, null, null,
        ResponseFormat.jsonSchema("s", schema, true), false, false, null, null);

    JsonNode format = body(translator("https://router.huggingface.co/v1", "t", Map.of())
        .chat(json, "m", false, ChatApi.OPENAI)).path("response_format");

    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("schema")).isEqualTo(schema);
  }

  @Test
  void embed_fiveInputsBatchesOfTwo_makesThreeRequestsInOrder() {
    List<ProviderHttpRequest> requests = translator("http://tei:80", null, Map.of())
        .embed(texts("a", "b", "c", "d", "e"), 2);

    assertThat(requests).extracting(ProviderHttpRequest::url).containsOnly("http://tei:80/embed");
    assertThat(requests).extracting(r -> body(r).path("inputs").toString())
        .containsExactly("[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"e\"]");
    assertThat(TeiEmbed.batchSizes(5, 2)).containsExactly(2, 2, 1);
    assertThat(TeiEmbed.batchSizes(5, 0)).containsExactly(5);
  }

  @Test
  void embed_truncateNotABoolean_isInvalidNamingIt() {
    EmbeddingRequest r = new EmbeddingRequest("alias", texts("a").input(), null, null,
        Json.MAPPER.createObjectNode().put("truncate", "yes"));

    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> translator("http://tei", null, Map.of()).embed(r, 0));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo("truncate");
  }

  @Test
  void embed_unknownTruncationDirection_isInvalid() {
    EmbeddingRequest r = new EmbeddingRequest("alias", texts("a").input(), null, null,
        Json.MAPPER.createObjectNode().put("truncation_direction", "up"));

    assertThat(catchThrowableOfType(GatewayException.class,
        () -> translator("http://tei", null, Map.of()).embed(r, 0)).param())
        .isEqualTo("truncation_direction");
  }

  @Test
  void infoAndHealth_areGetsOnTheRoot() {
    HuggingFaceTranslator t = translator("https://router.huggingface.co/v1", "hf_x", Map.of());

    assertThat(t.info().method()).isEqualTo(HttpMethod.GET);
    assertThat(t.info().url()).isEqualTo("https://router.huggingface.co/info");
    assertThat(t.health().url()).isEqualTo("https://router.huggingface.co/health");
    assertThat(t.health().headers()).containsEntry("Authorization", "Bearer hf_x");
  }

  @Test
  void readEmbed_fewerVectorsThanInputs_isMalformed() {
    UpstreamResponse response = new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("[[0.1,0.2]]"));

    assertThat(catchThrowableOfType(GatewayException.class, () -> TeiEmbed.read(response, 2))
        .kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void combine_batchWithoutTokenHeader_reportsNoUsage() {
    EmbeddingResponse counted = new EmbeddingResponse(List.of(new float[] {1}), Usage.of(3, 0));
    EmbeddingResponse uncounted = new EmbeddingResponse(List.of(new float[] {2}), null);

    assertThat(TeiEmbed.combine(List.of(counted, counted)).usage()).isEqualTo(Usage.of(6, 0));
    assertThat(TeiEmbed.combine(List.of(counted, uncounted)).usage()).isNull();
    assertThat(TeiEmbed.combine(List.of(counted, uncounted)).vectors()).hasSize(2);
  }

  @Test
  void serverInfo_tgiAndTei_readTheirLimits() {
    ServerInfo tgi = ServerInfo.read(Json.parseUpstream("{\"model_id\":\"meta-llama/Llama-3.1-8B"
        + "-Instruct\",\"max_input_tokens\":8191,\"max_total_tokens\":8192,"
        + "\"max_client_batch_size\":4,\"router\":\"text-generation-router\"}"));
    ServerInfo tei = ServerInfo.read(Json.parseUpstream("{\"model_id\":\"BAAI/bge-small-en-v1.5\","
        + "\"max_input_length\":512,\"max_client_batch_size\":32,\"max_batch_tokens\":16384}"));

    assertThat(tgi).isEqualTo(new ServerInfo("meta-llama/Llama-3.1-8B-Instruct", 8191, 8192, 4));
    assertThat(tei).isEqualTo(new ServerInfo("BAAI/bge-small-en-v1.5", 512, null, 32));
    assertThat(catchThrowableOfType(GatewayException.class,
        () -> ServerInfo.read(Json.parseUpstream("{\"object\":\"list\"}"))).kind())
        .isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void toolCallIds_placeholdersAndRepeatsReplaced_realIdsKept() {
    ToolCallIds ids = new ToolCallIds(HuggingFaceGoldenTest.counter());

    assertThat(ids.of("call_abcDEF123")).isEqualTo("call_abcDEF123");
    assertThat(ids.of("0")).isEqualTo("call_golden_1");
    assertThat(ids.of("0")).isEqualTo("call_golden_2");
    assertThat(ids.of(null)).isEqualTo("call_golden_3");
    assertThat(ids.of(" ")).isEqualTo("call_golden_4");
    assertThat(ids.of("call_0_1")).isEqualTo("call_golden_5");
    assertThat(ids.of("call_abcDEF123")).isEqualTo("call_golden_6");
    assertThat(ToolCall.newId()).matches("call_[A-Za-z0-9]{24}");
  }

  @Test
  void apis_optionOrDefault() {
    assertThat(ChatApi.of(Map.of(), false)).isEqualTo(ChatApi.MESSAGES);
    assertThat(ChatApi.of(Map.of(), true)).isEqualTo(ChatApi.OPENAI);
    assertThat(ChatApi.of(Map.of("api", "OpenAI"), false)).isEqualTo(ChatApi.OPENAI);
    assertThat(EmbedApi.of(Map.of())).isEqualTo(EmbedApi.EMBED);
    assertThat(EmbedApi.of(Map.of("api", "openai"))).isEqualTo(EmbedApi.OPENAI);
    assertThat(catchThrowableOfType(GatewayException.class,
        () -> ChatApi.of(Map.of("api", "embed"), false)).kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(catchThrowableOfType(GatewayException.class,
        () -> EmbedApi.of(Map.of("api", "messages"))).getMessage()).contains("embed or openai");
  }
}
