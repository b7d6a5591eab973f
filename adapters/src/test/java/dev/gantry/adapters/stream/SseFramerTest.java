package dev.gantry.adapters.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFramerTest {

  private static List<SseEvent> frame(byte[] bytes, int... cuts) {
    return frame(new SseFramer(), bytes, cuts);
  }

  private static List<SseEvent> frame(SseFramer framer, byte[] bytes, int... cuts) {
    List<SseEvent> out = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      framer.feed(Buffer.buffer().appendBytes(bytes, from, cut - from), out::add);
      from = cut;
    }
    framer.feed(Buffer.buffer().appendBytes(bytes, from, bytes.length - from), out::add);
    framer.end(out::add);
    return out;
  }

  private static void assertSameAtEverySplit(String input, List<SseEvent> expected) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i <= bytes.length; i++) {
      assertThat(frame(bytes, i)).as("split at %d", i).isEqualTo(expected);
      for (int j = i; j <= bytes.length; j += 7) {
        assertThat(frame(bytes, i, j)).as("split at %d and %d", i, j).isEqualTo(expected);
      }
    }
  }

  @Test
  void feed_openAiStyleEvents_splitAtEveryByte_yieldsSameEvents() {
    assertSameAtEverySplit("data: {\"a\":1}\n\ndata: {\"b\":\"é…\"}\n\ndata: [DONE]\n\n",
        List.of(SseEvent.data("{\"a\":1}"), SseEvent.data("{\"b\":\"é…\"}"), SseEvent.data("[DONE]")));
  }

  @Test
  void feed_crlfSeparatorsAndNoSpaceAfterColon_areAccepted() {
    assertSameAtEverySplit("data:{\"x\":1}\r\n\r\ndata: {\"y\":2}\r\n\r\n",
        List.of(SseEvent.data("{\"x\":1}"), SseEvent.data("{\"y\":2}")));
  }

  @Test
  void feed_eventNamesCommentsAndMultilineData_followTheSpec() {
    assertSameAtEverySplit(": ping\n\nevent: message_start\ndata: line1\ndata: line2\nid: 7\n\n",
        List.of(new SseEvent("message_start", "line1\nline2", "7")));
  }

  @Test
  void end_lastEventWithoutBlankLine_isStillDelivered() {
    assertThat(frame("data: {\"last\":true}".getBytes(StandardCharsets.UTF_8)))
        .containsExactly(SseEvent.data("{\"last\":true}"));
  }

  @Test
  void feed_onlyBlankLines_yieldsNothing() {
    assertThat(frame("\n\n\r\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void jsonLines_splitAtEveryByte_yieldsSameLines() {
    byte[] bytes = "{\"a\":1}\n\n{\"b\":\"ü\"}\r\n{\"c\":3}".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i <= bytes.length; i++) {
      JsonLinesFramer framer = new JsonLinesFramer();
      List<String> out = new ArrayList<>();
      framer.feed(Buffer.buffer().appendBytes(bytes, 0, i), out::add);
      framer.feed(Buffer.buffer().appendBytes(bytes, i, bytes.length - i), out::add);
      framer.end(out::add);
      assertThat(out).as("split at %d", i).containsExactly("{\"a\":1}", "{\"b\":\"ü\"}", "{\"c\":3}");
    }
  }

  private static final String GOOGLE_ERROR_TAIL = "data: {\"a\":1}\r\n\r\n{\n  \"error\": {\n"
      + "    \"code\": 499,\n    \"status\": \"CANCELLED\"\n  }\n}\n";

  @Test
  void feed_bareJsonAfterEvents_isDroppedByTheGrammar() {
    assertSameAtEverySplit(GOOGLE_ERROR_TAIL, List.of(SseEvent.data("{\"a\":1}")));
  }

  @Test
  void withBareJson_bareJsonAfterEvents_isDispatchedAsOneMoreEvent() {
    byte[] bytes = GOOGLE_ERROR_TAIL.getBytes(StandardCharsets.UTF_8);
    List<SseEvent> expected = List.of(SseEvent.data("{\"a\":1}"), SseEvent.data(
        "{\n  \"error\": {\n    \"code\": 499,\n    \"status\": \"CANCELLED\"\n  }\n}"));
    for (int i = 0; i <= bytes.length; i++) {
      assertThat(frame(SseFramer.withBareJson(), bytes, i)).as("split at %d", i).isEqualTo(expected);
    }
  }

  @Test
  void withBareJson_retryAndCommentLines_areNotBare() {
    assertThat(frame(SseFramer.withBareJson(), "retry: 100\n: hi\ndata: x\n\n"
        .getBytes(StandardCharsets.UTF_8))).containsExactly(SseEvent.data("x"));
  }
}
