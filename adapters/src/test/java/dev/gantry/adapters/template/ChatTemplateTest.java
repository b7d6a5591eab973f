package dev.gantry.adapters.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Qwen3, Llama 3.2 and Mistral Nemo templates (see resources/templates/SOURCES.md). */
class ChatTemplateTest {

  private static final ChatTemplate QWEN3 =
      ChatTemplate.fromTokenizerConfig(resource("qwen3-tokenizer_config.json"));
  private static final ChatTemplate LLAMA = ChatTemplate
      .of(read("llama-3.2-instruct.jinja"), "<|begin_of_text|>", "<|eot_id|>")
      .withClock(Clock.fixed(Instant.parse("2025-03-07T10:00:00Z"), ZoneOffset.UTC));
  private static final ChatTemplate MISTRAL =
      ChatTemplate.of(read("mistral-nemo-instruct-2407.jinja"), "<s>", "</s>");

  private static final List<ToolDefinition> WEATHER = List.of(new ToolDefinition("get_weather",
      "Get the current weather", json("{\"type\":\"object\",\"properties\":{\"city\":"
          + "{\"type\":\"string\",\"description\":\"City name, e.g. Zürich\"}},"
          + "\"required\":[\"city\"]}"), null));
  /** A question, the model's call (a Mistral-style 9-character id) and the tool's answer. */
  private static final List<Message> TOOL_ROUND = List.of(
      Message.user("Weather in Paris?"),
      Message.assistantToolCalls(
          List.of(new ToolCall("abc123XYZ", "get_weather", "{\"city\": \"Paris\"}"))),
      Message.toolResult("abc123XYZ", "{\"temp_c\": 18}"));

  @Test
  void render_qwen3SystemAndUser_chatMlWithGenerationPrompt() {
    String prompt = QWEN3.render(
        List.of(Message.system("You are a helpful assistant."), Message.user("Hello!")), List.of(),
        true);

    assertThat(prompt).isEqualTo("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
        + "<|im_start|>user\nHello!<|im_end|>\n"
        + "<|im_start|>assistant\n");
  }

  @Test
  void render_qwen3MultiTurn_pastAssistantTurnsWithoutThinkBlock() {
    String prompt = QWEN3.render(List.of(Message.user("Hi"),
        Message.assistant("Hello! How can I help?"), Message.user("Tell me a joke.")), List.of(),
        true);

    assertThat(prompt).isEqualTo("<|im_start|>user\nHi<|im_end|>\n"
        + "<|im_start|>assistant\nHello! How can I help?<|im_end|>\n"
        + "<|im_start|>user\nTell me a joke.<|im_end|>\n"
        + "<|im_start|>assistant\n");
  }

  @Test
  void render_qwen3WithoutGenerationPrompt_lastAnswerGetsThinkBlockAndNoOpenTurn() {
    String prompt = QWEN3.render(List.of(Message.user("Hi"), Message.assistant("Hello!")),
        List.of(), false);

    // the last assistant turn after the last query is rendered with its (empty) reasoning
    assertThat(prompt).isEqualTo("<|im_start|>user\nHi<|im_end|>\n"
        + "<|im_start|>assistant\n<think>\n\n</think>\n\nHello!<|im_end|>\n");
  }

  @Test
  void render_qwen3EnableThinkingFalse_emptyThinkBlockAfterGenerationPrompt() {
    String prompt = QWEN3.render(List.of(Message.user("Hi")), List.of(), true,
        Map.of("enable_thinking", false));

    assertThat(prompt).isEqualTo("<|im_start|>user\nHi<|im_end|>\n"
        + "<|im_start|>assistant\n<think>\n\n</think>\n\n");
  }

  @Test
  void render_qwen3Tools_systemBlockListsEachToolAsPythonJson() {
    String prompt = QWEN3.render(List.of(Message.system("Be brief."), Message.user("Weather?")),
        WEATHER, true);

    assertThat(prompt).isEqualTo("<|im_start|>system\nBe brief.\n\n# Tools\n\n"
        + "You may call one or more functions to assist with the user query.\n\n"
        + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
        + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": "
        + "\"Get the current weather\", \"parameters\": {\"type\": \"object\", \"properties\": "
        + "{\"city\": {\"type\": \"string\", \"description\": \"City name, e.g. Zürich\"}}, "
        + "\"required\": [\"city\"]}}}\n</tools>\n\n"
        + "For each function call, return a json object with function name and arguments within "
        + "<tool_call></tool_call> XML tags:\n<tool_call>\n"
        + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
        + "<|im_start|>user\nWeather?<|im_end|>\n"
        + "<|im_start|>assistant\n");
  }

  @Test
  void render_qwen3ToolCallAndResult_callAsObjectAndResultAsUserToolResponse() {
    String prompt = QWEN3.render(TOOL_ROUND, WEATHER, true);

    assertThat(prompt).endsWith("</tool_call><|im_end|>\n"
        + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
        + "<|im_start|>assistant\n<tool_call>\n"
        + "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"
        + "<|im_end|>\n"
        + "<|im_start|>user\n<tool_response>\n{\"temp_c\": 18}\n</tool_response><|im_end|>\n"
        + "<|im_start|>assistant\n");
  }

  @Test
  void render_qwen3ReasoningAfterLastQuery_keptInThinkBlock() {
    Message thinking = new Message(Role.ASSISTANT, List.of(), List.of(
        new ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}")), null, null,
        List.of(ReasoningBlock.text("I need the weather.", null)));

    String prompt = QWEN3.render(List.of(Message.user("Weather in Paris?"), thinking,
        Message.toolResult("c1", "sunny")), WEATHER, true);

    assertThat(prompt).contains("<|im_start|>assistant\n<think>\nI need the weather.\n</think>\n\n"
        + "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
        + "</tool_call><|im_end|>\n");
  }

  @Test
  void render_llamaSystemAndUser_trimmedWithTodaysDate() {
    String prompt = LLAMA.render(List.of(Message.system("  Be brief. "), Message.user("Hi there ")),
        List.of(), true);

    assertThat(prompt).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
        + "Cutting Knowledge Date: December 2023\nToday Date: 07 Mar 2025\n\n"
        + "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
        + "Hi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void render_llamaToolRound_toolsInFirstUserMessageIndentedAndResultAsIpython() {
    String prompt = LLAMA.render(TOOL_ROUND, WEATHER.subList(0, 1), true);

    assertThat(prompt).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
        + "Environment: ipython\n"
        + "Cutting Knowledge Date: December 2023\nToday Date: 07 Mar 2025\n\n"
        + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
        + "Given the following functions, please respond with a JSON for a function call with its "
        + "proper arguments that best answers the given prompt.\n\n"
        + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument "
        + "name and its value}.Do not use variables.\n\n"
        + "{\n"
        + "    \"type\": \"function\",\n"
        + "    \"function\": {\n"
        + "        \"name\": \"get_weather\",\n"
        + "        \"description\": \"Get the current weather\",\n"
        + "        \"parameters\": {\n"
        + "            \"type\": \"object\",\n"
        + "            \"properties\": {\n"
        + "                \"city\": {\n"
        + "                    \"type\": \"string\",\n"
        + "                    \"description\": \"City name, e.g. Zürich\"\n"
        + "                }\n"
        + "            },\n"
        + "            \"required\": [\n"
        + "                \"city\"\n"
        + "            ]\n"
        + "        }\n"
        + "    }\n"
        + "}\n\n"
        + "Weather in Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
        + "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}<|eot_id|>"
        + "<|start_header_id|>ipython<|end_header_id|>\n\n"
        // a str is iterable in Python, so the template sends the result through tojson
        + "\"{\\\"temp_c\\\": 18}\"<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void render_llamaTwoToolCallsInOneMessage_failsWithTemplatesMessage() {
    List<Message> messages = List.of(Message.user("a"), Message.assistantToolCalls(List.of(
        new ToolCall("a", "f", "{}"), new ToolCall("b", "f", "{}"))));

    assertThatThrownBy(() -> LLAMA.render(messages, List.of(), true))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.getMessage()).isEqualTo("This model only supports single tool-calls at once!");
        });
  }

  @Test
  void render_mistralSystem_mergedIntoLastUserTurn() {
    String prompt = MISTRAL.render(List.of(Message.system("Be brief."), Message.user("Hi"),
        Message.assistant("Hello"), Message.user("Joke?")), List.of(), true);

    assertThat(prompt).isEqualTo("<s>[INST]Hi[/INST]Hello</s>[INST]Be brief.\n\nJoke?[/INST]");
  }

  @Test
  void render_mistralToolRound_availableToolsCallsAndResults() {
    String prompt = MISTRAL.render(TOOL_ROUND, WEATHER, true);

    assertThat(prompt).isEqualTo("<s>[AVAILABLE_TOOLS][{\"type\": \"function\", \"function\": "
        + "{\"name\": \"get_weather\", \"description\": \"Get the current weather\", "
        + "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": "
        + "\"string\", \"description\": \"City name, e.g. Zürich\"}}, \"required\": [\"city\"]}}}]"
        + "[/AVAILABLE_TOOLS][INST]Weather in Paris?[/INST]"
        + "[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}, "
        + "\"id\": \"abc123XYZ\"}]</s>"
        + "[TOOL_RESULTS]{\"content\": {\"temp_c\": 18}, \"call_id\": \"abc123XYZ\"}"
        + "[/TOOL_RESULTS]");
  }

  @Test
  void render_mistralRolesNotAlternating_failsWithTemplatesMessage() {
    assertThatThrownBy(() -> MISTRAL.render(List.of(Message.user("a"), Message.user("b")),
        List.of(), true))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.getMessage()).isEqualTo("After the optional system message, conversation "
              + "roles must alternate user/assistant/user/assistant/...");
        });
  }

  @Test
  void render_developerRole_givenToTemplateAsSystem() {
    String prompt = QWEN3.render(List.of(Message.of(Role.DEVELOPER, "Rules."), Message.user("Hi")),
        List.of(), false);

    assertThat(prompt).startsWith("<|im_start|>system\nRules.<|im_end|>\n");
  }

  @Test
  void render_imageParts_contentIsListOfTypedParts() {
    ChatTemplate template = ChatTemplate.of("{% for p in messages[0].content %}{{ p.type }}"
        + "{% if p.type == 'text' %}:{{ p.text }}{% else %}:{{ p.url }}{% endif %};{% endfor %}",
        null, null);
    Message withImage = new Message(Role.USER, List.of(ContentPart.text("look"),
        ContentPart.image(new ImageSource.Url("https://example.com/a.png"))), List.of(), null,
        null);

    assertThat(template.render(List.of(withImage), List.of(), false))
        .isEqualTo("text:look;image:https://example.com/a.png;");
  }

  @Test
  void render_messageWithoutToolCalls_hasNoToolCallsKey() {
    ChatTemplate template = ChatTemplate.of("{% for m in messages %}{{ 'tool_calls' in m }},"
        + "{{ m.tool_call_id }},{{ m.name }};{% endfor %}", null, null);

    assertThat(template.render(TOOL_ROUND, List.of(), false))
        .isEqualTo("false,,;true,,;false,abc123XYZ,get_weather;");
  }

  @Test
  void render_invalidToolArguments_failsInvalidRequestNamingTheField() {
    List<Message> messages = List.of(Message.user("a"),
        Message.assistantToolCalls(List.of(new ToolCall("c", "f", "{not json"))));

    assertThatThrownBy(() -> QWEN3.render(messages, List.of(), true))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].function.arguments");
        });
  }

  @Test
  void render_templateCallsUnknownMethod_failsInvalidRequestNamingTheTemplate() {
    ChatTemplate template = ChatTemplate.of("{{ messages[0].content.nosuch() }}", null, null);

    assertThatThrownBy(() -> template.render(List.of(Message.user("a")), List.of(), false))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).startsWith("The model's chat template cannot render"));
  }

  @Test
  void stopTokens_qwen3_isEos() {
    assertThat(QWEN3.stopTokens()).containsExactly("<|im_end|>");
    assertThat(QWEN3.bosToken()).isEmpty();
  }

  @Test
  void fromTokenizerConfig_namedTemplatesAndTokenObjects_picksToolUseOnlyWithTools(
      @TempDir Path dir) throws IOException {
    Path config = dir.resolve("tokenizer_config.json");
    Files.writeString(config, "{\"chat_template\":["
        + "{\"name\":\"default\",\"template\":\"D{{ bos_token }}{{ eos_token }}\"},"
        + "{\"name\":\"tool_use\",\"template\":\"T{{ tools|length }}\"}],"
        + "\"bos_token\":{\"content\":\"<s>\",\"lstrip\":false},"
        + "\"eos_token\":{\"content\":\"</s>\",\"lstrip\":false}}");

    ChatTemplate template = ChatTemplate.fromTokenizerConfig(config);

    assertThat(template.render(List.of(Message.user("a")), List.of(), false)).isEqualTo("D<s></s>");
    assertThat(template.render(List.of(Message.user("a")), WEATHER, false)).isEqualTo("T1");
    assertThat(template.stopTokens()).containsExactly("</s>");
    assertThat(template.bosToken()).contains("<s>");
  }

  @Test
  void fromTokenizerConfig_withoutChatTemplate_failsNamingTheFile(@TempDir Path dir)
      throws IOException {
    Path config = dir.resolve("tokenizer_config.json");
    Files.writeString(config, "{\"eos_token\":\"</s>\"}");

    assertThatThrownBy(() -> ChatTemplate.fromTokenizerConfig(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no chat_template");
  }

  @Test
  void of_templateThatDoesNotParse_failsAtOnce() {
    assertThatThrownBy(() -> ChatTemplate.of("{% for m in messages %}", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not parse");
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(ChatTemplateTest.class.getResource("/templates/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String name) {
    try {
      return Files.readString(resource(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
