package dev.gantry.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiChatReadRequestTest {

  private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  /** Each row: the JSON fields after {@code "model":"m"}, the expected param, a message part. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      "messages":[]                                                     | messages                   | empty array
      "messages":"hi"                                                   | messages                   | expected an array
      "messages":[{"content":"hi"}]                                     | messages[0].role           | Missing required parameter
      "messages":[{"role":"user","content":"a"},{"role":"robot","content":"b"}] | messages[1].role   | Invalid value: 'robot'
      "messages":[{"role":"user"}]                                      | messages[0].content        | Missing required parameter
      "messages":[{"role":"user","content":5}]                          | messages[0].content        | expected a string or an array
      "messages":[{"role":"tool","content":"x"}]                        | messages[0].tool_call_id   | Missing required parameter
      "messages":[{"role":"user","content":[{"type":"text"}]}]          | messages[0].content[0].text | Missing required parameter
      "messages":[{"role":"user","content":[{"type":"video","text":"x"}]}] | messages[0].content[0].type | Invalid value: 'video'
      "messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/a.png"}}]}] | messages[0].content[0].type | only allowed for messages with role 'user'
      "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/a.png"}}]}] | messages[0].content[0].image_url.url | Invalid image URL
      "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:text/plain;base64,aGk="}}]}] | messages[0].content[0].image_url.url | malformed
      "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,!!"}}]}] | messages[0].content[0].image_url.url | malformed
      "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/a.png","detail":"max"}}]}] | messages[0].content[0].image_url.detail | Invalid value: 'max'
      "messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}] | messages[0].tool_calls[0].id | Missing required parameter
      "messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{}}]}] | messages[0].tool_calls[0].function.name | Missing required parameter
      USER,"temperature":2.5                                            | temperature                | above maximum value
      USER,"temperature":"hot"                                          | temperature                | expected a decimal, but got a string
      USER,"top_p":-0.1                                                 | top_p                      | below minimum value
      USER,"n":0                                                        | n                          | below minimum value
      USER,"n":1.5                                                      | n                          | expected an integer
      USER,"max_tokens":0                                               | max_tokens                 | below minimum value
      USER,"max_completion_tokens":0                                    | max_completion_tokens      | below minimum value
      USER,"presence_penalty":3                                         | presence_penalty           | above maximum value
      USER,"stop":["a","b","c","d","e"]                                 | stop                       | maximum length 4
      USER,"stop":5                                                     | stop                       | expected a string or an array
      USER,"stop":["a",1]                                               | stop[1]                    | expected a string
      USER,"seed":"x"                                                   | seed                       | expected an integer
      USER,"top_logprobs":2                                             | top_logprobs               | 'logprobs' must be set to true
      USER,"logprobs":true,"top_logprobs":21                            | top_logprobs               | above maximum value
      USER,"stream_options":{"include_usage":true}                      | stream_options             | only allowed when 'stream' is enabled
      USER,"stream":true,"stream_options":{"include_usage":"yes"}       | stream_options.include_usage | expected a boolean
      USER,"tool_choice":"maybe"                                        | tool_choice                | Invalid value: 'maybe'
      USER,"tool_choice":"required"                                     | tool_choice                | only allowed when 'tools' are specified
      USER,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}} | tool_choice.function.name | not among the 'tools'
      USER,"tools":[{"type":"function","function":{"name":"bad name"}}]  | tools[0].function.name     | does not match pattern
      USER,"tools":[{"type":"function"}]                                | tools[0].function          | Missing required parameter
      USER,"tools":[{"type":"function","function":{"name":"f","parameters":[]}}] | tools[0].function.parameters | expected an object
      USER,"response_format":{"type":"xml"}                             | response_format.type       | Invalid value: 'xml'
      USER,"response_format":{"type":"json_schema","json_schema":{"name":"n"}} | response_format.json_schema.schema | Missing required parameter
      USER,"response_format":{"type":"json_schema","json_schema":{"name":"n","schema":"{}"}} | response_format.json_schema.schema | expected an object
      USER,"user":42                                                    | user                       | expected a string
      """)
  void readRequest_invalidField_failsNamingItsPath(String fields, String param, String message) {
    String body = "{\"model\":\"m\"," + fields.replace("USER", USER) + "}";

    GatewayException e = rejected(body);

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo(param);
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void readRequest_missingModel_failsWithParamModel() {
    GatewayException e = rejected("{" + USER + "}");

    assertThat(e.param()).isEqualTo("model");
    assertThat(e.getMessage()).isEqualTo("Missing required parameter: 'model'.");
  }

  @Test
  void readRequest_notAnObject_failsWithoutParam() {
    GatewayException e = rejected("[1,2]");

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isNull();
  }

  @Test
  void parse_notJson_failsWithOpenAiMessage() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> Json.parse(Buffer.buffer("{\"model\":")));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).startsWith("We could not parse the JSON body of your request.");
    assertThat(e.param()).isNull();
  }

  @Test
  void readRequest_legacyFunctions_failsUnsupported() {
    GatewayException e = rejected("{\"model\":\"m\"," + USER
        + ",\"functions\":[{\"name\":\"f\",\"parameters\":{}}]}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
    assertThat(e.param()).isEqualTo("functions");
    assertThat(e.getMessage()).contains("use 'tools' and 'tool_choice'");
  }

  @Test
  void readRequest_functionRoleMessage_failsUnsupported() {
    GatewayException e = rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"function\","
        + "\"name\":\"f\",\"content\":\"1\"}]}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
    assertThat(e.param()).isEqualTo("messages[0].role");
  }

  @Test
  void readRequest_inputAudioPart_failsUnsupported() {
    GatewayException e = rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\",\"format\":\"wav\"}}]}]}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
    assertThat(e.param()).isEqualTo("messages[0].content[0].type");
  }

  @Test
  void readRequest_fullRequest_mapsEveryCanonicalField() {
    ChatRequest r = OpenAiChat.readRequest(json("""
        {"model":"chat-large","stream":true,"stream_options":{"include_usage":true},
         "messages":[
           {"role":"developer","content":"be brief"},
           {"role":"user","name":"ann","content":[{"type":"text","text":"what is this?"},
             {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
             {"type":"image_url","image_url":"https://example.com/cat.jpg"}]},
           {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
             "function":{"name":"look","arguments":"{\\"x\\":1}"}}]},
           {"role":"tool","tool_call_id":"call_1","content":"a cat"}],
         "temperature":0.2,"top_p":0.9,"max_completion_tokens":50,"max_tokens":10,"stop":"END",
         "n":2,"seed":7,"presence_penalty":0.5,"frequency_penalty":-0.5,"logprobs":true,
         "top_logprobs":3,"user":"u-1",
         "tools":[{"type":"function","function":{"name":"look","description":"d",
           "parameters":{"type":"object"},"strict":true}}],
         "tool_choice":{"type":"function","function":{"name":"look"}},
         "response_format":{"type":"json_schema","json_schema":{"name":"out",
           "schema":{"type":"object"},"strict":true}},
         "top_k":20,"min_p":0.05,"chat_template_kwargs":{"enable_thinking":false},
         "parallel_tool_calls":false,"metadata":{"k":"v"}}
        """));

    assertThat(r.model()).isEqualTo("chat-large");
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.user()).isEqualTo("u-1");
    assertThat(r.messages()).extracting(m -> m.role())
        .containsExactly(Role.DEVELOPER, Role.USER, Role.ASSISTANT, Role.TOOL);
    assertThat(r.messages().get(1).name()).isEqualTo("ann");
    assertThat(r.messages().get(1).content()).containsExactly(
        ContentPart.text("what is this?"),
        new ContentPart.Image(new ImageSource.Inline("image/png", "iVBORw0KGgo="), "low"),
        new ContentPart.Image(new ImageSource.Url("https://example.com/cat.jpg"), null));
    assertThat(r.messages().get(2).content()).isEmpty();
    assertThat(r.messages().get(2).toolCalls())
        .containsExactly(new ToolCall("call_1", "look", "{\"x\":1}"));
    assertThat(r.messages().get(3).toolCallId()).isEqualTo("call_1");
    assertThat(r.params().maxTokens()).isEqualTo(50);
    assertThat(r.params().stop()).containsExactly("END");
    assertThat(r.params().temperature()).isEqualTo(0.2);
    assertThat(r.params().topP()).isEqualTo(0.9);
    assertThat(r.params().n()).isEqualTo(2);
    assertThat(r.params().seed()).isEqualTo(7L);
    assertThat(r.params().presencePenalty()).isEqualTo(0.5);
    assertThat(r.params().frequencyPenalty()).isEqualTo(-0.5);
    assertThat(r.params().logprobs()).isTrue();
    assertThat(r.params().topLogprobs()).isEqualTo(3);
    assertThat(r.tools()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("look");
      assertThat(t.strict()).isTrue();
      assertThat(t.parameters()).isEqualTo(json("{\"type\":\"object\"}"));
    });
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.function("look"));
    assertThat(r.responseFormat()).isEqualTo(
        ResponseFormat.jsonSchema("out", json("{\"type\":\"object\"}"), true));
    assertThat(r.extensions()).isEqualTo(json("""
        {"top_k":20,"min_p":0.05,"chat_template_kwargs":{"enable_thinking":false},
         "parallel_tool_calls":false,"metadata":{"k":"v"}}
        """));
  }

  @Test
  void readRequest_gsImageUri_isKeptAsARemoteUrl() {
    ChatRequest r = OpenAiChat.readRequest(json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"gs://bucket/cat.png\"}}]}]}"));

    ContentPart.Image image = (ContentPart.Image) r.messages().get(0).content().get(0);
    assertThat(image.source()).isEqualTo(new ImageSource.Url("gs://bucket/cat.png"));
  }

  @Test
  void readRequest_nullOptionalFields_readAsAbsent() {
    ChatRequest r = OpenAiChat.readRequest(json("{\"model\":\"m\"," + USER
        + ",\"temperature\":null,\"stop\":null,\"tools\":null,\"tool_choice\":null,"
        + "\"response_format\":null,\"stream\":null}"));

    assertThat(r.params().temperature()).isNull();
    assertThat(r.params().stop()).isEmpty();
    assertThat(r.tools()).isEmpty();
    assertThat(r.toolChoice()).isNull();
    assertThat(r.responseFormat()).isNull();
    assertThat(r.stream()).isFalse();
  }

  @Test
  void readRequest_maxTokensOnly_mapsToMaxTokens() {
    ChatRequest r = OpenAiChat.readRequest(json("{\"model\":\"m\"," + USER
        + ",\"max_tokens\":12}"));

    assertThat(r.params().maxTokens()).isEqualTo(12);
  }

  @Test
  void readRequest_responseFormatTextAndJsonObject_mapToConstants() {
    assertThat(OpenAiChat.readRequest(json("{\"model\":\"m\"," + USER
        + ",\"response_format\":{\"type\":\"text\"}}")).responseFormat())
        .isEqualTo(ResponseFormat.TEXT);
    assertThat(OpenAiChat.readRequest(json("{\"model\":\"m\"," + USER
        + ",\"response_format\":{\"type\":\"json_object\"}}")).responseFormat())
        .isEqualTo(ResponseFormat.JSON_OBJECT);
  }

  @Test
  void readRequest_assistantRefusalPart_readsAsText() {
    ChatRequest r = OpenAiChat.readRequest(json("{\"model\":\"m\",\"messages\":[{\"role\":"
        + "\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}]}]}"));

    assertThat(r.messages().get(0).content()).containsExactly(ContentPart.text("no"));
  }

  @Test
  void readRequest_toolChoiceStrings_mapToModes() {
    String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
    for (String mode : List.of("none", "auto", "required")) {
      ChatRequest r = OpenAiChat.readRequest(json("{\"model\":\"m\"," + USER + tools
          + ",\"tool_choice\":\"" + mode + "\"}"));
      assertThat(r.toolChoice().mode().name()).isEqualToIgnoringCase(mode);
    }
  }

  private static GatewayException rejected(String body) {
    return catchThrowableOfType(GatewayException.class, () -> OpenAiChat.readRequest(json(body)));
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
