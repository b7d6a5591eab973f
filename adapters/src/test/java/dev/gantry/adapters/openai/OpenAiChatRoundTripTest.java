package dev.gantry.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for any canonical request the codec can express, reading back what
 * {@code writeRequest} wrote gives the same request (a stream comes back asking for usage, since
 * upstream streams always do). Requests are generated from fixed seeds, so failures reproduce.
 */
class OpenAiChatRoundTripTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void readRequest_ofWriteRequest_keepsCanonicalFields() {
    for (long seed = 0; seed < 500; seed++) {
      Random rnd = new Random(seed);
      ChatRequest original = request(rnd);

      ChatRequest back = OpenAiChat.readRequest(Json.parse(
          OpenAiChat.writeRequest(original, original.model(), original.stream())));

      assertThat(back).as("seed %d", seed)
          .isEqualTo(original.withStream(original.stream(), original.stream()));
    }
  }

  private static ChatRequest request(Random rnd) {
    List<ToolDefinition> tools = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      tools.add(new ToolDefinition("tool_" + i, maybe(rnd, "does " + i),
          rnd.nextBoolean() ? null : schema(rnd), rnd.nextBoolean() ? null : rnd.nextBoolean()));
    }
    List<Message> messages = new ArrayList<>();
    if (rnd.nextBoolean()) {
      messages.add(new Message(rnd.nextBoolean() ? Role.SYSTEM : Role.DEVELOPER,
          List.of(ContentPart.text(text(rnd))), List.of(), null, null));
    }
    for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
      messages.add(userMessage(rnd));
      if (rnd.nextBoolean()) {
        List<ToolCall> calls = List.of(new ToolCall("call_" + i, "tool_" + i,
            "{\"n\":" + rnd.nextInt(100) + "}"));
        messages.add(new Message(Role.ASSISTANT,
            rnd.nextBoolean() ? List.of() : List.of(ContentPart.text(text(rnd))), calls, null,
            null));
        messages.add(Message.toolResult("call_" + i, text(rnd)));
      } else {
        messages.add(Message.assistant(text(rnd)));
      }
    }
    boolean stream = rnd.nextBoolean();
    return new ChatRequest("model-" + rnd.nextInt(5), messages, params(rnd), tools,
        toolChoice(rnd, tools), responseFormat(rnd), stream, stream && rnd.nextBoolean(),
        maybe(rnd, "user-" + rnd.nextInt(9)), extensions(rnd));
  }

  private static Message userMessage(Random rnd) {
    String name = maybe(rnd, "n" + rnd.nextInt(9));
    if (rnd.nextBoolean()) {
      return new Message(Role.USER, List.of(ContentPart.text(text(rnd))), List.of(), null, name);
    }
    List<ContentPart> parts = new ArrayList<>();
    parts.add(ContentPart.text(text(rnd)));
    ImageSource source = rnd.nextBoolean()
        ? new ImageSource.Url("https://img.example/" + rnd.nextInt(1000) + ".png")
        : new ImageSource.Inline("image/jpeg", "/9j/4AAQSkZJRg" + rnd.nextInt(10) + "==");
    parts.add(new ContentPart.Image(source, rnd.nextBoolean() ? null : "high"));
    return new Message(Role.USER, parts, List.of(), null, name);
  }

  private static GenerationParams params(Random rnd) {
    List<String> stop = new ArrayList<>();
    for (int i = rnd.nextInt(Params.MAX_STOP + 1); i > 0; i--) {
      stop.add("stop" + i);
    }
    Boolean logprobs = rnd.nextBoolean() ? null : rnd.nextBoolean();
    return new GenerationParams(
        rnd.nextBoolean() ? null : rnd.nextDouble() * 2,
        rnd.nextBoolean() ? null : rnd.nextDouble(),
        rnd.nextBoolean() ? null : 1 + rnd.nextInt(4096),
        stop,
        rnd.nextBoolean() ? null : 1 + rnd.nextInt(4),
        rnd.nextBoolean() ? null : rnd.nextLong(),
        rnd.nextBoolean() ? null : rnd.nextDouble() * 4 - 2,
        rnd.nextBoolean() ? null : rnd.nextDouble() * 4 - 2,
        logprobs,
        Boolean.TRUE.equals(logprobs) && rnd.nextBoolean() ? rnd.nextInt(21) : null);
  }

  private static ToolChoice toolChoice(Random rnd, List<ToolDefinition> tools) {
    switch (rnd.nextInt(5)) {
      case 0:
        return null;
      case 1:
        return ToolChoice.NONE;
      case 2:
        return ToolChoice.AUTO;
      case 3:
        return tools.isEmpty() ? null : ToolChoice.REQUIRED;
      default:
        return tools.isEmpty() ? null : ToolChoice.function(tools.get(0).name());
    }
  }

  private static ResponseFormat responseFormat(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return null;
      case 1:
        return ResponseFormat.TEXT;
      case 2:
        return ResponseFormat.JSON_OBJECT;
      default:
        return ResponseFormat.jsonSchema("schema" + rnd.nextInt(9), schema(rnd),
            rnd.nextBoolean() ? null : rnd.nextBoolean());
    }
  }

  private static ObjectNode extensions(Random rnd) {
    ObjectNode ext = NODES.objectNode();
    if (rnd.nextBoolean()) {
      ext.put("top_k", rnd.nextInt(100));
    }
    if (rnd.nextBoolean()) {
      ext.set("chat_template_kwargs", NODES.objectNode().put("enable_thinking", rnd.nextBoolean()));
    }
    if (rnd.nextBoolean()) {
      ext.put("reasoning_effort", "low");
    }
    return ext;
  }

  private static JsonNode schema(Random rnd) {
    ObjectNode props = NODES.objectNode();
    props.set("p" + rnd.nextInt(9), NODES.objectNode().put("type", "string"));
    return NODES.objectNode().put("type", "object").set("properties", props);
  }

  private static String text(Random rnd) {
    String[] words = {"hello", "é", "\"quoted\"", "line\nbreak", "emoji 🚀", "", "tab\t", "x"};
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(4); i >= 0; i--) {
      sb.append(words[rnd.nextInt(words.length)]);
    }
    return sb.toString();
  }

  private static String maybe(Random rnd, String value) {
    return rnd.nextBoolean() ? value : null;
  }
}
