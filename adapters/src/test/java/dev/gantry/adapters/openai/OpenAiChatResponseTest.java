package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.OpenAiChatReadRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The response side of {@link OpenAiChat}: writing for clients, reading from upstreams. */
class OpenAiChatResponseTest {

  private static final ResponseMeta META = new ResponseMeta("chatcmpl-1", 1_700_000_000L, "alias");

  @Test
  void writeChunk_withIncludeUsage_carriesUsageNull() {
    assertThat(Json.parse(OpenAiChat.writeChunk(ChatChunk.of(ChatChunk.Delta.text(0, "Hi")), META,
        true))).isEqualTo(json("""
        {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"alias",
         "choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],
         "usage":null}
        """));
  }

  @Test
  void writeChunk_withoutIncludeUsage_hasNoUsageField() {
    assertThat(Json.parse(OpenAiChat.writeChunk(ChatChunk.of(ChatChunk.Delta.role(0)), META,
        false)).has("usage")).isFalse();
  }

  @Test
  void writeChunk_usageChunk_hasEmptyChoicesAndDetails() {
    assertThat(Json.parse(OpenAiChat.writeChunk(ChatChunk.usage(new Usage(10, 20, 4, 6)), META,
        true))).isEqualTo(json("""
        {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"alias",
         "choices":[],
         "usage":{"prompt_tokens":10,"completion_tokens":20,"total_tokens":30,
           "prompt_tokens_details":{"cached_tokens":4},
           "completion_tokens_details":{"reasoning_tokens":6}}}
        """));
  }

  @Test
  void writeChunk_roleDelta_carriesEmptyContentOrNullWithToolCall() {
    String text = OpenAiChat.writeChunk(ChatChunk.of(ChatChunk.Delta.role(0)), META, false)
        .toString();
    ChatChunk.Delta call = new ChatChunk.Delta(0, Role.ASSISTANT, null, null,
        List.of(ToolCallDelta.start(0, "call_1", "f", null)), null, null);
    String withCall = OpenAiChat.writeChunk(ChatChunk.of(call), META, false).toString();

    assertThat(json(text).at("/choices/0/delta")).isEqualTo(
        json("{\"role\":\"assistant\",\"content\":\"\"}"));
    assertThat(json(withCall).at("/choices/0/delta")).isEqualTo(json("""
        {"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1",
         "type":"function","function":{"name":"f","arguments":""}}]}
        """));
  }

  @Test
  void writeChunk_reasoningAndFinish_useVllmNames() {
    ChatChunk chunk = new ChatChunk(List.of(ChatChunk.Delta.reasoning(0, "hmm"),
        ChatChunk.Delta.finish(1, FinishReason.LENGTH)), null);

    assertThat(json(OpenAiChat.writeChunk(chunk, META, false).toString()).get("choices"))
        .isEqualTo(json("""
        [{"index":0,"delta":{"reasoning_content":"hmm"},"logprobs":null,"finish_reason":null},
         {"index":1,"delta":{},"logprobs":null,"finish_reason":"length"}]
        """));
  }

  @Test
  void writeResponse_refusalOnly_hasNullContent() {
    ChatResponse r = new ChatResponse(List.of(new ChatResponse.Choice(0,
        new Message(Role.ASSISTANT, List.of(), List.of(), null, null), "why", "I can't.",
        FinishReason.STOP, null)), Usage.of(1, 2), null);

    assertThat(Json.parse(OpenAiChat.writeResponse(r, META)).at("/choices/0/message"))
        .isEqualTo(json("""
        {"role":"assistant","content":null,"refusal":"I can't.","reasoning_content":"why"}
        """));
  }

  @Test
  void readResponse_reasoningAliasesAndNullDetails_areRead() {
    ChatResponse r = OpenAiChat.readResponse(json("""
        {"id":"","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
         "message":{"role":"assistant","content":"ok","reasoning":"thought"},
         "finish_reason":"eos_token","logprobs":null}],
         "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,
          "prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":2}},
         "timings":{"predicted_ms":1.5}}
        """));

    ChatResponse.Choice c = r.choices().get(0);
    assertThat(c.message().text()).isEqualTo("ok");
    assertThat(c.reasoning()).isEqualTo("thought");
    assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(new Usage(3, 4, 0, 2));
  }

  @Test
  void readResponse_toolCallWithoutIdAndObjectArguments_isNormalized() {
    ChatResponse r = OpenAiChat.readResponse(json("""
        {"choices":[{"message":{"role":"assistant","content":"",
          "tool_calls":[{"function":{"name":"f","arguments":{"a":1}}}]},
          "finish_reason":"stop"}]}
        """));

    ChatResponse.Choice c = r.choices().get(0);
    assertThat(c.message().content()).isEmpty();
    assertThat(c.message().toolCalls().get(0).id()).isEqualTo("call_0");
    assertThat(c.message().toolCalls().get(0).arguments()).isEqualTo("{\"a\":1}");
    assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void readResponse_noChoices_failsAsUpstreamError() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiChat.readResponse(json("{\"object\":\"chat.completion\"}")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void readResponse_errorBodyWithStatus200_failsWithMappedError() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiChat.readResponse(json("{\"object\":\"error\",\"message\":\"This model's "
            + "maximum context length is 4096 tokens.\",\"type\":\"BadRequestError\","
            + "\"param\":null,\"code\":400}")));

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void readChunk_tgiDelta_keepsRoleAndRepeatedIdAsSent() {
    ChatChunk c = OpenAiChat.readChunk(json("""
        {"choices":[{"delta":{"content":null,"role":"assistant","tool_calls":[{"function":
          {"arguments":"location","name":null},"id":"0","index":0,"type":"function"}]},
          "finish_reason":null,"index":0,"logprobs":null}],"created":1741688515,"id":"",
          "model":"meta-llama/Llama-3.1-8B-Instruct","object":"chat.completion.chunk",
          "system_fingerprint":"3.1.2-dev0-native","usage":null}
        """));

    assertThat(c.choices()).containsExactly(new ChatChunk.Delta(0, Role.ASSISTANT, null, null,
        List.of(new ToolCallDelta(0, "0", null, "location")), null, null));
    assertThat(c.usage()).isNull();
  }

  @Test
  void readChunk_usageChunkWithEmptyChoices_readsUsage() {
    ChatChunk c = OpenAiChat.readChunk(json("""
        {"id":"x","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":53,
         "completion_tokens":15,"total_tokens":68,"prompt_tokens_details":{"cached_tokens":3}},
         "obfuscation":"khVg"}
        """));

    assertThat(c.choices()).isEmpty();
    assertThat(c.usage()).isEqualTo(new Usage(53, 15, 3, 0));
  }

  @Test
  void readChunk_emptyContent_isDropped() {
    ChatChunk c = OpenAiChat.readChunk(json("{\"choices\":[{\"index\":0,\"delta\":"
        + "{\"content\":\"\"},\"finish_reason\":\"stop\"}]}"));

    assertThat(c.choices().get(0).content()).isNull();
    assertThat(c.choices().get(0).finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void readChunk_vllmErrorEvent_throwsMappedError() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiChat.readChunk(json("{\"error\":{\"message\":\"CUDA out of memory\","
            + "\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("CUDA out of memory");
  }
}
