package dev.gantry.policies.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenTextsTest {

  /** One token a character: the arithmetic of the framing stays visible. */
  private static final TokenCounter CHARS = String::length;

  @Test
  void prompt_chat_countsFramingRolesTextsAndToolCalls() {
    ChatRequest request = ChatRequest.of("m", List.of(Message.system("Be brief."),
        Message.user("Hi"), Message.assistantToolCalls(List.of(new ToolCall("c1", "f", "{}")))));

    // priming 3 + (3 + "system" 6 + 9) + (3 + "user" 4 + 2) + (3 + "assistant" 9 + "f" 1 + "{}" 2)
    assertThat(TokenTexts.prompt(CHARS, request)).isEqualTo(3 + 18 + 9 + 15);
  }

  @Test
  void completion_chat_countsTextReasoningAndToolCalls() {
    ChatResponse response = new ChatResponse(List.of(
        new ChatResponse.Choice(0, Message.assistant("Paris"), "hmm", null, FinishReason.STOP,
            null),
        new ChatResponse.Choice(1, Message.assistantToolCalls(List.of(
            new ToolCall("c1", "get", "{\"a\":1}"))), null, null, FinishReason.TOOL_CALLS, null)),
        null, null);

    assertThat(TokenTexts.completion(CHARS, response)).isEqualTo(5 + 3 + 3 + 7);
  }

  @Test
  void appendGenerated_collectsContentReasoningAndToolCallFragments() {
    StringBuilder text = new StringBuilder();
    TokenTexts.appendGenerated(ChatChunk.of(ChatChunk.Delta.text(0, "Hel")), text);
    TokenTexts.appendGenerated(ChatChunk.of(ChatChunk.Delta.reasoning(0, "r")), text);
    TokenTexts.appendGenerated(ChatChunk.of(ChatChunk.Delta.toolCall(0,
        ToolCallDelta.start(0, "c", "f", "{"))), text);
    TokenTexts.appendGenerated(ChatChunk.usage(null), text);

    assertThat(text).hasToString("Helrf{");
  }

  @Test
  void embedding_countsTextsAndTakesTokenIdsAsGiven() {
    assertThat(TokenTexts.embedding(CHARS, new EmbeddingInput.Texts(List.of("ab", "cde"))))
        .isEqualTo(5);
    assertThat(TokenTexts.embedding(CHARS, new EmbeddingInput.TokenIds(
        List.of(new int[] {1, 2, 3}, new int[] {4})))).isEqualTo(4);
  }
}
