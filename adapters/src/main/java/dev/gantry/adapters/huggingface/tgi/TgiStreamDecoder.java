package dev.gantry.adapters.huggingface.tgi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.StreamDecoder;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.function.Consumer;

/**
 * Decodes {@code /generate_stream} server-sent events (framed by
 * {@link dev.gantry.adapters.stream.SseFramer}, which takes {@code data:} with or without a space)
 * into chunks of choice 0. One instance per stream.
 *
 * <ul>
 *   <li>Each event carries one token; its {@code text} becomes a content delta unless the token is
 *       {@code special} (end-of-turn and other control tokens are not text). Text that may be the
 *       start of a stop sequence is held back until it is not, so the stop sequence TGI includes
 *       never reaches the client.
 *   <li>There is no {@code [DONE]}: the last event is the one whose {@code generated_text} is not
 *       null. Its {@code details} give the finish reason and the usage ({@code input_length},
 *       {@code generated_tokens}); without {@code input_length} (older servers) no usage is sent.
 *   <li>{@code {"error":...,"error_type":...}} events, and a stream that ends before the last
 *       event, are thrown as errors.
 * </ul>
 */
public final class TgiStreamDecoder implements StreamDecoder<SseEvent, ChatChunk> {

  private final StopSequences stops;
  private boolean started;
  private boolean done;

  public TgiStreamDecoder(TgiCall call) {
    this.stops = new StopSequences(call.stop());
  }

  @Override
  public void decode(SseEvent event, Consumer<ChatChunk> sink) {
    if (done || event.data().isBlank()) {
      return;
    }
    JsonNode node = parse(event.data());
    if (node.hasNonNull("error")) {
      throw TgiErrors.midStream(node);
    }
    if (!started) {
      started = true;
      sink.accept(ChatChunk.of(ChatChunk.Delta.role(0)));
    }
    JsonNode token = node.path("token");
    if (token.isObject() && !token.path("special").asBoolean(false)) {
      emit(stops.push(token.path("text").asText("")), sink);
    }
    if (node.hasNonNull("generated_text")) {
      done = true;
      JsonNode details = node.path("details");
      String finish = details.path("finish_reason").asText(null);
      emit(stops.finish("stop_sequence".equals(finish)), sink);
      sink.accept(ChatChunk.of(ChatChunk.Delta.finish(0, TgiGenerate.finishReason(
          finish == null ? "eos_token" : finish))));
      Usage usage = TgiGenerate.usage(details);
      if (usage != null) {
        sink.accept(ChatChunk.usage(usage));
      }
    }
  }

  @Override
  public void end(Consumer<ChatChunk> sink) {
    if (!done) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The TGI stream ended early, before its final event.");
    }
  }

  private static void emit(String text, Consumer<ChatChunk> sink) {
    if (!text.isEmpty()) {
      sink.accept(ChatChunk.of(ChatChunk.Delta.text(0, text)));
    }
  }

  private static JsonNode parse(String data) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      throw UpstreamErrors.malformed(e);
    }
    if (node == null || !node.isObject()) {
      throw UpstreamErrors.malformed(new IllegalStateException("an event is not a JSON object"));
    }
    return node;
  }
}
