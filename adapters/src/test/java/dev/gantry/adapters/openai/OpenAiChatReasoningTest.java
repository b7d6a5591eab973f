package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.OpenAiChatReadRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reasoning on the OpenAI wire: {@code reasoning_content} and LiteLLM's {@code thinking_blocks}. */
class OpenAiChatReasoningTest {

  private static final ResponseMeta META = new ResponseMeta("chatcmpl-1", 1_700_000_000L, "alias");

  /** Each row: the assistant message's extra fields, the expected param, a message part. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      "thinking_blocks":"x"                                     | messages[1].thinking_blocks              | expected an array
      "thinking_blocks":[5]                                     | messages[1].thinking_blocks[0]           | expected an object
      "thinking_blocks":[{"thinking":"t"}]                      | messages[1].thinking_blocks[0].type      | Missing required parameter
      "thinking_blocks":[{"type":"thought","thinking":"t"}]     | messages[1].thinking_blocks[0].type      | Invalid value: 'thought'
      "thinking_blocks":[{"type":"thinking"}]                   | messages[1].thinking_blocks[0].thinking  | Missing required parameter
      "thinking_blocks":[{"type":"thinking","thinking":"t","signature":7}] | messages[1].thinking_blocks[0].signature | expected a string
      "thinking_blocks":[{"type":"thinking","thinking":"t"},{"type":"redacted_thinking"}] | messages[1].thinking_blocks[1].data | Missing required parameter
      "reasoning_content":["t"]                                 | messages[1].reasoning_content            | expected a string
      """)
  void readRequest_malformedReasoning_failsNamingItsPath(String fields, String param,
      String message) {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiChat.readRequest(json(request(fields))));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo(param);
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void readRequest_thinkingBlocks_readInOrderWithSignatureAndRedacted() {
    ChatRequest r = OpenAiChat.readRequest(json(request("""
        "thinking_blocks":[{"type":"thinking","thinking":"t","signature":"sig"},
          {"type":"redacted_thinking","data":"RXU4"}]""")));

    assertThat(r.messages().get(1).reasoning()).containsExactly(ReasoningBlock.text("t", "sig"),
        ReasoningBlock.redacted("RXU4"));
  }

  @Test
  void readRequest_thinkingBlocksAndReasoningContent_thinkingBlocksWin() {
    ChatRequest r = OpenAiChat.readRequest(json(request("""
        "reasoning_content":"plain","thinking_blocks":[{"type":"thinking","thinking":"t",
          "signature":"sig"}]""")));

    assertThat(r.messages().get(1).reasoning()).containsExactly(ReasoningBlock.text("t", "sig"));
  }

  @Test
  void readRequest_reasoningContentOnly_oneUnsignedBlock() {
    ChatRequest r = OpenAiChat.readRequest(json(request("\"reasoning_content\":\"plain\"")));

    assertThat(r.messages().get(1).reasoning()).containsExactly(ReasoningBlock.text("plain", null));
    assertThat(r.messages().get(0).reasoning()).isEmpty();
  }

  @Test
  void writeResponse_signedAndRedactedBlocks_emitsThinkingBlocks() {
    ChatResponse r = response("t", List.of(ReasoningBlock.text("t", "sig"),
        ReasoningBlock.redacted("RXU4")));

    assertThat(Json.parse(OpenAiChat.writeResponse(r, META)).at("/choices/0/message"))
        .isEqualTo(json("""
        {"role":"assistant","content":"ok","refusal":null,"reasoning_content":"t",
         "thinking_blocks":[{"type":"thinking","thinking":"t","signature":"sig"},
           {"type":"redacted_thinking","data":"RXU4"}]}
        """));
  }

  @Test
  void writeResponse_unsignedBlocksOnly_reasoningContentWithoutThinkingBlocks() {
    ChatResponse r = response("t", List.of(ReasoningBlock.text("t", null)));

    assertThat(Json.parse(OpenAiChat.writeResponse(r, META)).at("/choices/0/message"))
        .isEqualTo(json("""
        {"role":"assistant","content":"ok","refusal":null,"reasoning_content":"t"}
        """));
  }

  @Test
  void writeChunk_signatureDelta_isThinkingBlockWithEmptyThinking() {
    ChatChunk chunk = ChatChunk.of(ChatChunk.Delta.reasoningSignature(0, "sig"));

    assertThat(Json.parse(OpenAiChat.writeChunk(chunk, META, false)).at("/choices/0/delta"))
        .isEqualTo(json("""
        {"thinking_blocks":[{"type":"thinking","thinking":"","signature":"sig"}]}
        """));
  }

  @Test
  void readResponse_upstreamThinkingBlocks_areRead() {
    ChatResponse r = OpenAiChat.readResponse(json("""
        {"choices":[{"index":0,"message":{"role":"assistant","content":"ok",
          "reasoning_content":"t","thinking_blocks":[{"type":"thinking","thinking":"t",
          "signature":"sig"},{"type":"redacted_thinking","data":"RXU4"},{"type":"other"}]},
          "finish_reason":"stop"}]}
        """));

    assertThat(r.choices().get(0).reasoningBlocks()).containsExactly(
        ReasoningBlock.text("t", "sig"), ReasoningBlock.redacted("RXU4"));
  }

  @Test
  void readChunk_upstreamSignatureEntry_becomesSignatureDelta() {
    ChatChunk c = OpenAiChat.readChunk(json("""
        {"choices":[{"index":0,"delta":{"thinking_blocks":[{"type":"thinking","thinking":"",
          "signature":"sig"}]},"finish_reason":null}]}
        """));

    assertThat(c.choices().get(0).reasoningSignature()).isEqualTo("sig");
  }

  @Test
  void writeRequest_assistantReasoning_isNotSentUpstream() {
    ChatRequest r = OpenAiChat.readRequest(json(request("""
        "reasoning_content":"plain","thinking_blocks":[{"type":"thinking","thinking":"t",
          "signature":"sig"}]""")));

    String body = OpenAiChat.writeRequest(r, "up", false).toString();

    assertThat(json(body).at("/messages/1")).isEqualTo(json("""
        {"role":"assistant","content":"a"}
        """));
  }

  /** A user turn, then an assistant turn with {@code fields}, then a user turn. */
  private static String request(String fields) {
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
        + "{\"role\":\"assistant\",\"content\":\"a\"," + fields + "},"
        + "{\"role\":\"user\",\"content\":\"more\"}]}";
  }

  private static ChatResponse response(String reasoning, List<ReasoningBlock> blocks) {
    return new ChatResponse(List.of(new ChatResponse.Choice(0, Message.assistant("ok"), reasoning,
        null, FinishReason.STOP, null, blocks)), null, null);
  }
}
