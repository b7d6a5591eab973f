package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatChunk.Delta;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only streams that ended intact are handed over for storing. */
class RecordingStreamTest {

  /** A stream driven by hand. */
  static final class HandStream implements UpstreamStream<ChatChunk> {
    Handler<ChatChunk> handler;
    Handler<Throwable> failure;
    Handler<Void> end;
    boolean cancelled;

    @Override
    public HandStream handler(Handler<ChatChunk> value) {
      handler = value;
      return this;
    }

    @Override
    public HandStream exceptionHandler(Handler<Throwable> value) {
      failure = value;
      return this;
    }

    @Override
    public HandStream endHandler(Handler<Void> value) {
      end = value;
      return this;
    }

    @Override
    public HandStream pause() {
      return this;
    }

    @Override
    public HandStream resume() {
      return this;
    }

    @Override
    public HandStream fetch(long amount) {
      return this;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final HandStream upstream = new HandStream();
  private final List<List<ChatChunk>> stored = new ArrayList<>();
  private final List<ChatChunk> delivered = new ArrayList<>();

  private RecordingStream<ChatChunk> recording(int maxChunks) {
    RecordingStream<ChatChunk> r = RecordingStream.chat(upstream, maxChunks, stored::add);
    r.handler(delivered::add);
    r.exceptionHandler(e -> { });
    r.endHandler(v -> { });
    return r;
  }

  private static final ChatChunk ROLE = ChatChunk.of(Delta.role(0));
  private static final ChatChunk TEXT = ChatChunk.of(Delta.text(0, "Hi"));
  private static final ChatChunk STOP = ChatChunk.of(Delta.finish(0, FinishReason.STOP));
  private static final ChatChunk USAGE = ChatChunk.usage(Usage.of(3, 1));

  @Test
  void intactStream_isHandedOverWhole_afterPassingEveryChunkOn() {
    recording(100);
    List.of(ROLE, TEXT, STOP, USAGE).forEach(upstream.handler::handle);
    assertThat(stored).isEmpty();

    upstream.end.handle(null);

    assertThat(delivered).containsExactly(ROLE, TEXT, STOP, USAGE);
    assertThat(stored).containsExactly(List.of(ROLE, TEXT, STOP, USAGE));
  }

  @Test
  void streamWithoutItsFinish_orBroken_orCancelled_orTooLong_isNotStored() {
    recording(100);
    List.of(ROLE, TEXT).forEach(upstream.handler::handle);
    upstream.end.handle(null);
    assertThat(stored).as("ended before its finish reason").isEmpty();

    HandStream broken = new HandStream();
    RecordingStream<ChatChunk> r = RecordingStream.chat(broken, 100, stored::add);
    r.handler(c -> { }).exceptionHandler(e -> { }).endHandler(v -> { });
    List.of(ROLE, TEXT, STOP).forEach(broken.handler::handle);
    broken.failure.handle(new IllegalStateException("reset"));
    broken.end.handle(null);
    assertThat(stored).as("failed").isEmpty();

    HandStream abandoned = new HandStream();
    RecordingStream<ChatChunk> a = RecordingStream.chat(abandoned, 100, stored::add);
    a.handler(c -> { }).endHandler(v -> { });
    List.of(ROLE, TEXT, STOP).forEach(abandoned.handler::handle);
    a.cancel();
    abandoned.end.handle(null);
    assertThat(abandoned.cancelled).isTrue();
    assertThat(stored).as("cancelled").isEmpty();

    HandStream longOne = new HandStream();
    RecordingStream<ChatChunk> l = RecordingStream.chat(longOne, 2, stored::add);
    l.handler(c -> { }).endHandler(v -> { });
    List.of(ROLE, TEXT, STOP).forEach(longOne.handler::handle);
    longOne.end.handle(null);
    assertThat(stored).as("past the chunk cap").isEmpty();
  }

  @Test
  void everyChoiceMustFinish() {
    assertThat(RecordingStream.chatIntact(List.of(ChatChunk.of(Delta.role(0)),
        ChatChunk.of(Delta.role(1)), ChatChunk.of(Delta.finish(0, FinishReason.STOP))))).isFalse();
    assertThat(RecordingStream.chatIntact(List.of(USAGE))).as("no choice at all").isFalse();
  }
}
