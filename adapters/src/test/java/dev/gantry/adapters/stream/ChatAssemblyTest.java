package dev.gantry.adapters.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatChunk.Delta;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatAssemblyTest {

  private static ChatResponse assemble(List<ChatChunk> chunks) {
    ChatAssembly assembly = new ChatAssembly();
    chunks.forEach(assembly::add);
    return assembly.response();
  }

  @Test
  void response_ofAReplay_isTheResponseReplayed() throws Exception {
    JsonNode logprobs = Json.MAPPER.readTree(
        "{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.1,\"bytes\":[72,105],\"top_logprobs\":[]}]}");
    ChatResponse response = new ChatResponse(List.of(
        new ChatResponse.Choice(0, Message.assistant("Hi"), "a thought", null, FinishReason.STOP,
            logprobs, List.of(ReasoningBlock.text("a thought", "sig-1"))),
        new ChatResponse.Choice(1, Message.assistantToolCalls(List.of(
            new ToolCall("call_1", "f", "{\"a\":1}"), new ToolCall("call_2", "g", "{}"))),
            null, null, FinishReason.TOOL_CALLS, null)),
        new Usage(10, 4, 2, 1), null);

    assertThat(assemble(ChatReplay.chunks(response))).isEqualTo(response);
  }

  @Test
  void response_ofARecordedToolCallStream_reassemblesTheArguments() throws Exception {
    List<ChatChunk> chunks = Files.readAllLines(Path.of(
            "src/test/resources/golden/openai/chat/chat-tgi-stream-tools/openai-response.sse"))
        .stream().filter(l -> l.startsWith("data: {")).map(l -> {
          try {
            return OpenAiChat.readChunk(Json.MAPPER.readTree(l.substring(6)));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }).toList();

    ChatResponse response = assemble(chunks);

    ToolCall call = response.choices().get(0).message().toolCalls().get(0);
    assertThat(call.id()).isEqualTo("0");
    assertThat(call.name()).isEqualTo("get_current_weather");
    assertThat(Json.MAPPER.readTree(call.arguments()).fieldNames()).toIterable()
        .contains("location");
    assertThat(response.choices().get(0).message().content()).as("no text beside the call")
        .isEmpty();
  }

  @Test
  void response_ofFragments_joinsTextReasoningAndCallsByIndex() {
    ChatResponse response = assemble(List.of(
        ChatChunk.of(Delta.role(0)),
        ChatChunk.of(Delta.reasoning(0, "Let me ")),
        ChatChunk.of(Delta.reasoning(0, "think.")),
        ChatChunk.of(Delta.text(0, "Par")),
        ChatChunk.of(Delta.text(0, "is.")),
        ChatChunk.of(Delta.toolCall(0, ToolCallDelta.start(1, "c2", "g", ""))),
        ChatChunk.of(Delta.toolCall(0, ToolCallDelta.start(0, "c1", "f", "{\"x\""))),
        ChatChunk.of(Delta.toolCall(0, ToolCallDelta.arguments(0, ":1}"))),
        ChatChunk.of(Delta.finish(0, FinishReason.TOOL_CALLS)),
        ChatChunk.usage(Usage.of(5, 7))));

    ChatResponse.Choice choice = response.choices().get(0);
    assertThat(choice.message().text()).isEqualTo("Paris.");
    assertThat(choice.reasoning()).isEqualTo("Let me think.");
    assertThat(choice.reasoningBlocks()).isEmpty();
    assertThat(choice.message().toolCalls()).containsExactly(new ToolCall("c1", "f", "{\"x\":1}"),
        new ToolCall("c2", "g", ""));
    assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.usage()).isEqualTo(Usage.of(5, 7));
  }
}
