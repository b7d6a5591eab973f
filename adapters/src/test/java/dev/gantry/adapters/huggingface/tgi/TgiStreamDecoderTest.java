package dev.gantry.adapters.huggingface.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TgiStreamDecoderTest {

  /** "Hello wor" then the stop sequence "ld!" split over tokens, then an end-of-turn token. */
  private static final String STOPPED = ""
      + event(1, "Hello", false, null) + event(2, " wor", false, null) + event(3, "l", false, null)
      + event(4, "d", false, null)
      + "data:{\"index\":5,\"token\":{\"id\":0,\"text\":\"!\",\"logprob\":-0.1,\"special\":false},"
      + "\"generated_text\":\"Hello world!\",\"details\":{\"finish_reason\":\"stop_sequence\","
      + "\"generated_tokens\":5,\"seed\":null,\"input_length\":9}}\n\n";

  @Test
  void decode_stopSequenceAcrossTokens_neverSentToClient() {
    TgiGoldenTest.Decoded out = decode("{\"stop\":[\"ld!\"]}", STOPPED);

    assertThat(out.error()).isNull();
    assertThat(text(out.chunks())).isEqualTo("Hello wor");
    assertThat(out.chunks()).endsWith(ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)),
        ChatChunk.usage(Usage.of(9, 5)));
  }

  @Test
  void decode_prefixOfStopThatDidNotStop_sentLater() {
    String sse = event(1, "wor", false, null) + event(2, "l", false, null)
        + last(3, "x", "length", 3);

    assertThat(text(decode("{\"stop\":[\"ld!\"]}", sse).chunks())).isEqualTo("worlx");
  }

  @Test
  void decode_specialToken_notEmittedAsText() {
    String sse = event(1, "Hi", false, null) + "data:{\"index\":2,\"token\":{\"id\":151645,"
        + "\"text\":\"<|im_end|>\",\"logprob\":0.0,\"special\":true},\"generated_text\":\"Hi\","
        + "\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":2,\"seed\":null,"
        + "\"input_length\":4}}\n\n";

    assertThat(text(decode("{}", sse).chunks())).isEqualTo("Hi");
  }

  @Test
  void decode_eventsAfterLast_ignored() {
    String sse = last(1, "a", "length", 1) + event(2, "b", false, null);

    assertThat(text(decode("{}", sse).chunks())).isEqualTo("a");
  }

  @Test
  void decode_endsBeforeLastEvent_failsUpstreamError() {
    TgiGoldenTest.Decoded out = decode("{}", event(1, "a", false, null));

    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(out.error().getMessage()).contains("ended early");
  }

  @Test
  void decode_overloadedErrorEvent_failsRateLimited() {
    TgiGoldenTest.Decoded out = decode("{}",
        "data: {\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}\n\n");

    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(out.chunks()).isEmpty();
  }

  @Test
  void decode_multiByteTextSplitAtEveryByte_sameText() {
    String sse = event(1, "Zürich ", false, null) + last(2, "☀️", "eos_token", 2);
    byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      byte[] head = java.util.Arrays.copyOfRange(bytes, 0, cut);
      byte[] tail = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
      assertThat(text(TgiGoldenTest.decode(TgiGenerateTest.request("{}"), List.of(head, tail))
          .chunks())).as("cut %d", cut).isEqualTo("Zürich ☀️");
    }
  }

  private static TgiGoldenTest.Decoded decode(String extra, String sse) {
    return TgiGoldenTest.decode(TgiGenerateTest.request(extra),
        List.of(sse.getBytes(StandardCharsets.UTF_8)));
  }

  private static String event(int index, String text, boolean special, String generated) {
    return "data:{\"index\":" + index + ",\"token\":{\"id\":1,\"text\":\"" + text
        + "\",\"logprob\":-0.1,\"special\":" + special + "},\"generated_text\":"
        + (generated == null ? "null" : "\"" + generated + "\"") + ",\"details\":null}\n\n";
  }

  private static String last(int index, String text, String finish, int tokens) {
    return "data:{\"index\":" + index + ",\"token\":{\"id\":1,\"text\":\"" + text
        + "\",\"logprob\":-0.1,\"special\":false},\"generated_text\":\"...\",\"details\":"
        + "{\"finish_reason\":\"" + finish + "\",\"generated_tokens\":" + tokens
        + ",\"seed\":null}}\n\n";
  }

  private static String text(List<ChatChunk> chunks) {
    StringBuilder out = new StringBuilder();
    for (ChatChunk chunk : chunks) {
      for (ChatChunk.Delta delta : chunk.choices()) {
        if (delta.content() != null) {
          out.append(delta.content());
        }
      }
    }
    return out.toString();
  }
}
