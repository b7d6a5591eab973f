package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.OpenAiChatReadRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompletionsTest {

  private static final ResponseMeta META = new ResponseMeta("cmpl-1", 10L, "alias");

  @Test
  void readRequest_thenWriteRequest_keepsPromptParamsAndExtensions() {
    CompletionRequest r = OpenAiCompletions.readRequest(json("""
        {"model":"alias","prompt":["a","b"],"max_tokens":0,"logprobs":2,"echo":true,
         "stream":true,"stream_options":{"include_usage":false},"stop":["\\n"]}
        """));

    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isFalse();
    assertThat(r.params().wantsLogprobs()).isTrue();
    assertThat(r.params().topLogprobs()).isEqualTo(2);
    assertThat(Json.parse(OpenAiCompletions.writeRequest(r, "llama", true))).isEqualTo(json("""
        {"model":"llama","prompt":["a","b"],"max_tokens":0,"stop":["\\n"],"logprobs":2,
         "stream":true,"stream_options":{"include_usage":true},"echo":true}
        """));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"model":"c"}                                      | prompt
      {"model":"c","prompt":[]}                          | prompt
      {"model":"c","prompt":["a",1]}                     | prompt[1]
      {"model":"c","prompt":[[1],["a"]]}                 | prompt[1]
      {"model":"c","prompt":"a","logprobs":6}            | logprobs
      {"model":"c","prompt":"a","stream_options":{}}     | stream_options
      """)
  void readRequest_invalid_failsNamingParam(String body, String param) {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiCompletions.readRequest(json(body)));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo(param);
  }

  @Test
  void readResponse_tgiSnapshot_thenWriteResponse_isTextCompletion() {
    CompletionResponse r = OpenAiCompletions.readResponse(json("""
        {"choices":[{"finish_reason":"length","index":0,"logprobs":null,
          "text":" A Beginner’s Guide\\nDeep learning is a subset"}],"created":1741264812,"id":"",
         "model":"meta-llama/Llama-3.1-8B-Instruct","object":"text_completion",
         "system_fingerprint":"3.1.2-dev0-native",
         "usage":{"completion_tokens":10,"prompt_tokens":6,"total_tokens":16}}
        """));

    assertThat(Json.parse(OpenAiCompletions.writeResponse(r, META))).isEqualTo(json("""
        {"id":"cmpl-1","object":"text_completion","created":10,"model":"alias",
         "choices":[{"text":" A Beginner’s Guide\\nDeep learning is a subset","index":0,
          "logprobs":null,"finish_reason":"length"}],
         "usage":{"prompt_tokens":6,"completion_tokens":10,"total_tokens":16}}
        """));
  }

  @Test
  void writeChunk_includeUsage_nullThenUsageChunk() {
    CompletionResponse text = new CompletionResponse(
        List.of(new CompletionResponse.Choice(0, "Hi", null, null)), null);
    CompletionResponse usage = new CompletionResponse(List.of(), Usage.of(1, 1));

    assertThat(Json.parse(OpenAiCompletions.writeChunk(text, META, true)).get("usage").isNull())
        .isTrue();
    assertThat(Json.parse(OpenAiCompletions.writeChunk(usage, META, true))).isEqualTo(json("""
        {"id":"cmpl-1","object":"text_completion","created":10,"model":"alias","choices":[],
         "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
        """));
  }

  @Test
  void readChunk_errorEvent_throws() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiCompletions.readChunk(json("{\"error\":\"boom\",\"error_type\":\"generation\"}")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("boom");
  }

  @Test
  void readChunk_finishReason_isMapped() {
    CompletionResponse c = OpenAiCompletions.readChunk(json(
        "{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"stop\"}]}"));

    assertThat(c.choices().get(0).finishReason()).isEqualTo(FinishReason.STOP);
  }
}
