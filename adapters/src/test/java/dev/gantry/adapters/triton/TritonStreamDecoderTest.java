package dev.gantry.adapters.triton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TritonStreamDecoderTest {

  private static final ChatRequest HI =
      ChatRequest.of("m", List.of(Message.user("Hi"))).withStream(true, true);

  private static TritonGoldenTest.Decoded decode(Map<String, String> options, String sse) {
    Map<String, String> all = new java.util.HashMap<>(options);
    all.put("default_max_tokens", "8");
    return TritonGoldenTest.decode(HI, TritonOptions.parse(all),
        List.of(sse.getBytes(StandardCharsets.UTF_8)));
  }

  private static String event(String json) {
    return "data: " + json + "\n\n";
  }

  private static String text(List<ChatChunk> chunks) {
    return chunks.stream().flatMap(c -> c.choices().stream())
        .map(d -> d.content() == null ? "" : d.content()).collect(Collectors.joining());
  }

  @Test
  void decode_errorAfterText_failsAfterPassingTheTextOn() {
    TritonGoldenTest.Decoded out = decode(Map.of(), event("{\"text_output\":\"Par\"}")
        + event("{\"error\":\"Prompt length (9000) exceeds maximum input length (8192).\"}"));

    assertThat(text(out.chunks())).isEqualTo("Par");
    assertThat(out.error().kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void decode_errorAsTheOnlyEvent_failsWithoutChunks() {
    TritonGoldenTest.Decoded out = decode(Map.of(), event("{\"error\":\"Model is overloaded\"}"));

    assertThat(out.chunks()).isEmpty();
    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
  }

  @Test
  void decode_finishReasonsEndingOnNone_failsEndedEarly() {
    TritonGoldenTest.Decoded out = decode(Map.of("backend", "vllm"),
        event("{\"text_output\":\"a\",\"finish_reason\":\"None\"}"));

    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(out.error().getMessage()).contains("ended early");
  }

  @Test
  void decode_noEvents_rolesAndStopsWithoutUsage() {
    TritonGoldenTest.Decoded out = decode(Map.of(), "");

    assertThat(out.error()).isNull();
    assertThat(out.chunks()).containsExactly(ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)));
  }

  @Test
  void decode_lengthFinish_keepsTextThatLooksLikeAStopWord() {
    TritonGoldenTest.Decoded out = decode(Map.of("backend", "vllm"),
        event("{\"text_output\":\"ab<|im_\",\"finish_reason\":\"None\"}")
            + event("{\"text_output\":\"end|>\",\"finish_reason\":\"length\"}"));

    assertThat(text(out.chunks())).isEqualTo("ab<|im_end|>");
    assertThat(out.chunks().get(out.chunks().size() - 1))
        .isEqualTo(ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.LENGTH)));
  }

  @Test
  void decode_templateStopWordOnTensorRtLlm_neverSent() {
    TritonGoldenTest.Decoded out = decode(Map.of(),
        event("{\"text_output\":\"Hello<|im\"}") + event("{\"text_output\":\"_end|>\"}"));

    assertThat(text(out.chunks())).isEqualTo("Hello");
  }

  @Test
  void decode_countsInEveryEvent_summedIntoOneUsageChunkLast() {
    TritonGoldenTest.Decoded out = decode(Map.of("backend", "vllm"),
        event("{\"text_output\":\"a\",\"num_input_tokens\":[5],\"num_output_tokens\":[2]}")
            + event("{\"text_output\":\"b\",\"num_input_tokens\":5,\"num_output_tokens\":4}"));

    assertThat(out.chunks().get(out.chunks().size() - 1)).isEqualTo(ChatChunk.usage(Usage.of(5, 6)));
  }

  @Test
  void decode_cumulativeTextThatChangesWhatWasSent_fails() {
    TritonGoldenTest.Decoded out = decode(Map.of("stream_text", "cumulative"),
        event("{\"text_output\":\"Hello\"}") + event("{\"text_output\":\"Help\"}"));

    assertThat(text(out.chunks())).isEqualTo("Hello");
    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(out.error().getMessage()).contains("cumulative");
  }

  @Test
  void decode_cumulativeEndingInAReplacementCharacter_sendsItAtTheEnd() {
    TritonGoldenTest.Decoded out = decode(Map.of("stream_text", "cumulative"),
        event("{\"text_output\":\"ok \\ufffd\"}"));

    assertThat(text(out.chunks())).isEqualTo("ok \ufffd");
  }

  @Test
  void decode_eventWithoutText_changesNothing() {
    TritonGoldenTest.Decoded out = decode(Map.of(), event("{\"text_output\":\"a\"}")
        + event("{\"model_name\":\"ensemble\",\"model_version\":\"1\"}"));

    assertThat(out.error()).isNull();
    assertThat(text(out.chunks())).isEqualTo("a");
  }

  @Test
  void decode_eventNotJson_failsUpstreamError() {
    TritonGoldenTest.Decoded out = decode(Map.of(), event("not json"));

    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }
}
