package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.StreamDecoder;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Decodes {@code streamGenerateContent?alt=sse} events (providers.md §3.2; framed by
 * {@code SseFramer}, which takes the CRLF separators) into chunks, as they arrive. Each event is
 * a whole {@code GenerateContentResponse}; there is no {@code [DONE]}, the body just ends.
 *
 * <ul>
 *   <li>A candidate's first event sends its assistant role; text parts become content deltas
 *       (empty ones dropped), {@code thought} parts reasoning deltas, and each
 *       {@code functionCall} (always whole) one tool-call delta with its id
 *       ({@link GeminiToolIds}, carrying the {@code thoughtSignature}) and all its arguments.
 *   <li>Finish reasons are held until the end, because Gemini says STOP for a call made in an
 *       earlier event: then each candidate's finish delta goes out, then the usage of the
 *       <em>last</em> {@code usageMetadata} (it changes between events).
 *   <li>An event with an {@code error} object is thrown ({@link VertexErrors#fromStreamError}); so
 *       is a blocked prompt (an event without candidates whose {@code promptFeedback} has a
 *       {@code blockReason}), and a stream that ends before every candidate finished.
 * </ul>
 */
public final class GeminiStreamDecoder implements StreamDecoder<SseEvent, ChatChunk> {

  private final Map<Integer, Candidate> candidates = new TreeMap<>();
  private Usage usage;

  /** What one candidate has streamed so far. */
  private static final class Candidate {
    int toolCalls;
    String finishReason;
  }

  @Override
  public void decode(SseEvent event, Consumer<ChatChunk> sink) {
    if (event.data() == null || event.data().isBlank()) {
      return;
    }
    JsonNode body = GeminiJson.readObject(event.data());
    JsonNode error = body.get("error");
    if (error != null && error.isObject()) {
      throw VertexErrors.fromStreamError(error);
    }
    Usage reported = GeminiUsage.of(body.get("usageMetadata"));
    if (reported != null) {
      usage = reported;
    }
    JsonNode list = body.path("candidates");
    if (!list.isArray() || list.isEmpty()) {
      GatewayException blocked = VertexErrors.promptBlocked(body.get("promptFeedback"));
      if (blocked != null) {
        throw blocked;
      }
      return;
    }
    String responseId = GeminiJson.string(body, "responseId");
    for (JsonNode c : list) {
      candidate(c, responseId, sink);
    }
  }

  private void candidate(JsonNode c, String responseId, Consumer<ChatChunk> sink) {
    int index = c.path("index").asInt(0);
    Candidate state = candidates.get(index);
    if (state == null) {
      state = new Candidate();
      candidates.put(index, state);
      sink.accept(ChatChunk.of(ChatChunk.Delta.role(index)));
    }
    for (JsonNode part : c.path("content").path("parts")) {
      String text = part.path("text").textValue();
      if (text != null) {
        if (!text.isEmpty()) {
          sink.accept(ChatChunk.of(part.path("thought").asBoolean(false)
              ? ChatChunk.Delta.reasoning(index, text) : ChatChunk.Delta.text(index, text)));
        }
      } else if (part.has("functionCall")) {
        int position = state.toolCalls++;
        ToolCall call = GeminiTranslator.toolCall(part, responseId, index, position);
        sink.accept(ChatChunk.of(ChatChunk.Delta.toolCall(index,
            ToolCallDelta.start(position, call.id(), call.name(), call.arguments()))));
      }
    }
    String reason = GeminiJson.string(c, "finishReason");
    if (reason != null) {
      state.finishReason = reason;
    }
  }

  @Override
  public void end(Consumer<ChatChunk> sink) {
    if (candidates.isEmpty() || candidates.values().stream().anyMatch(c -> c.finishReason == null)) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The Gemini stream ended before its finish reason; the answer is incomplete.");
    }
    for (Map.Entry<Integer, Candidate> e : candidates.entrySet()) {
      FinishReason reason = GeminiUsage.finish(e.getValue().finishReason,
          e.getValue().toolCalls > 0);
      sink.accept(ChatChunk.of(ChatChunk.Delta.finish(e.getKey(), reason)));
    }
    if (usage != null) {
      sink.accept(ChatChunk.usage(usage));
    }
  }
}
