package dev.gantry.adapters.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatChunk.Delta;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ChatReplayTest {

  private static final Usage USAGE = Usage.of(10, 4);

  @Test
  void chunks_textAnswer_roleTextFinishThenUsage() {
    ChatResponse response = new ChatResponse(List.of(new ChatResponse.Choice(0,
        Message.assistant("Paris."), null, null, FinishReason.STOP, null)), USAGE, null);

    assertThat(ChatReplay.chunks(response)).containsExactly(
        ChatChunk.of(Delta.role(0)),
        ChatChunk.of(Delta.text(0, "Paris.")),
        ChatChunk.of(Delta.finish(0, FinishReason.STOP)),
        ChatChunk.usage(USAGE));
  }

  @Test
  void chunks_toolCallsAndReasoningBlocks_eachWholeInOrder() {
    Message calls = Message.assistantToolCalls(List.of(new ToolCall("call_1", "f", "{\"a\":1}"),
        new ToolCall("call_2", "g", "{}")));
    ChatResponse response = new ChatResponse(List.of(new ChatResponse.Choice(1, calls,
        "thought", null, FinishReason.TOOL_CALLS, null,
        List.of(ReasoningBlock.text("thought", "sig"), ReasoningBlock.redacted("xyz")))), null, null);

    assertThat(ChatReplay.chunks(response)).containsExactly(
        ChatChunk.of(Delta.role(1)),
        ChatChunk.of(Delta.reasoning(1, "thought")),
        ChatChunk.of(Delta.reasoningSignature(1, "sig")),
        ChatChunk.of(Delta.toolCall(1, ToolCallDelta.start(0, "call_1", "f", "{\"a\":1}"))),
        ChatChunk.of(Delta.toolCall(1, ToolCallDelta.start(1, "call_2", "g", "{}"))),
        ChatChunk.of(Delta.finish(1, FinishReason.TOOL_CALLS)));
  }

  @Test
  void stream_deliversEveryChunkThenEnds_honouringPauseAndFetch(Vertx vertx, VertxTestContext test) {
    ChatResponse response = new ChatResponse(List.of(new ChatResponse.Choice(0,
        Message.assistant("Hi"), null, null, FinishReason.STOP, null)), USAGE, null);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      UpstreamStream<ChatChunk> stream = ChatReplay.stream(context, response);
      List<ChatChunk> got = new ArrayList<>();
      stream.pause();
      stream.handler(chunk -> {
        got.add(chunk);
        stream.pause();
        vertx.setTimer(1, t -> stream.fetch(1));
      });
      stream.endHandler(end -> test.verify(() -> {
        assertThat(got).isEqualTo(ChatReplay.chunks(response));
        test.completeNow();
      }));
      assertThat(got).as("nothing is delivered while paused or synchronously").isEmpty();
      stream.fetch(1);
    });
  }

  @Test
  void stream_cancelled_deliversNothingMoreAndNeverEnds(Vertx vertx, VertxTestContext test) {
    ChatResponse response = new ChatResponse(List.of(new ChatResponse.Choice(0,
        Message.assistant("Hi"), null, null, FinishReason.STOP, null)), USAGE, null);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      UpstreamStream<ChatChunk> stream = ChatReplay.stream(context, response);
      List<ChatChunk> got = new ArrayList<>();
      stream.handler(chunk -> {
        got.add(chunk);
        stream.cancel();
      });
      stream.endHandler(end -> test.failNow("a cancelled stream must not end"));
      vertx.setTimer(50, t -> test.verify(() -> {
        assertThat(got).hasSize(1);
        test.completeNow();
      }));
    });
  }
}
