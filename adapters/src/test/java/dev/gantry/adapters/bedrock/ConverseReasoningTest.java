package dev.gantry.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Assistant reasoning sent back to Bedrock as {@code reasoningContent} blocks. */
class ConverseReasoningTest {

  private static final String CLAUDE = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

  private final BedrockConverseTranslator translator = new BedrockConverseTranslator();

  @Test
  void toRequest_signedAndRedactedReasoning_firstInAssistantContent() {
    Message assistant = new Message(Role.ASSISTANT, List.of(ContentPart.text("Checking.")),
        List.of(new ToolCall("tooluse_1", "lookup", "{}")), null, null,
        List.of(ReasoningBlock.text("Think.", "Eu4C"), ReasoningBlock.redacted("RXE=")));

    JsonNode body = body(Message.user("Q"), assistant, Message.toolResult("tooluse_1", "42"));

    assertThat(body.at("/messages/1")).isEqualTo(ConverseGoldens.parse("""
        {"role":"assistant","content":[
          {"reasoningContent":{"reasoningText":{"text":"Think.","signature":"Eu4C"}}},
          {"reasoningContent":{"redactedContent":"RXE="}},
          {"text":"Checking."},
          {"toolUse":{"toolUseId":"tooluse_1","name":"lookup","input":{}}}]}
        """));
  }

  @Test
  void toRequest_unsignedReasoning_leftOut() {
    Message assistant = new Message(Role.ASSISTANT, List.of(ContentPart.text("Hi.")), List.of(),
        null, null, List.of(ReasoningBlock.text("plain thoughts", null)));

    JsonNode body = body(Message.user("Q"), assistant, Message.user("More"));

    assertThat(body.at("/messages/1")).isEqualTo(ConverseGoldens.parse("""
        {"role":"assistant","content":[{"text":"Hi."}]}
        """));
  }

  private JsonNode body(Message... messages) {
    ChatRequest request = ChatRequest.of("alias", List.of(messages));
    return ConverseGoldens.parse(translator.toRequest(request, CLAUDE, false,
        ConverseGoldens.ENDPOINT).body().toString());
  }
}
