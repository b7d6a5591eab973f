package dev.gantry.adapters.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.stream.SseEvent;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The frame handling both OpenAI-compatible stream decoders share: {@code [DONE]} ends the stream
 * and anything after it is ignored, blank events are skipped, an {@code event: error} throws the
 * mapped error, and the stream's usage (see {@link StreamUsage}) goes out once, last, at
 * {@code [DONE]} or at the end of the body. One instance per stream.
 *
 * @param <T> the decoder's item type
 */
final class SseChunks<T> {

  private final StreamUsage usage;
  private final Function<Usage, T> usageItem;
  private boolean done;

  /**
   * @param usage the stream's usage, which the decoder reports and counts into
   * @param usageItem makes the usage-only item the decoder emits
   */
  SseChunks(StreamUsage usage, Function<Usage, T> usageItem) {
    this.usage = usage;
    this.usageItem = usageItem;
  }

  /**
   * The JSON chunk the frame carries, or null when it carries none: a blank event, an event after
   * {@code [DONE]}, or {@code [DONE]} itself, which emits the usage.
   *
   * @throws dev.gantry.adapters.spi.GatewayException for an {@code event: error} or a body that
   *     is not JSON
   */
  JsonNode read(SseEvent frame, Consumer<T> sink) {
    if (done) {
      return null;
    }
    if (frame.isDone()) {
      done = true;
      end(sink);
      return null;
    }
    if (frame.data().isBlank()) {
      return null;
    }
    JsonNode json = Json.parseUpstream(frame.data());
    if ("error".equals(frame.event())) {
      throw OpenAiErrors.fromStreamError(json);
    }
    return json;
  }

  /** Emits the usage item, unless there is no usage or it went out already. */
  void end(Consumer<T> sink) {
    Usage total = usage.finish();
    if (total != null) {
      sink.accept(usageItem.apply(total));
    }
  }
}
