package dev.gantry.adapters.vertex.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.StreamDecoder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes the Messages SSE events of {@code streamRawPredict} (providers.md §3.3) into chunks of
 * choice 0. One instance per stream.
 *
 * <ul>
 *   <li>The event type is the data's {@code type} (the {@code event:} line says the same);
 *       {@code ping} and unknown types are ignored; trailing spaces after the JSON are fine.
 *   <li>{@code message_start} sends the assistant role and keeps the input usage.
 *   <li>{@code text_delta} → content; {@code thinking_delta} → reasoning; {@code signature_delta}
 *       → {@link ChatChunk.Delta#reasoningSignature}. A {@code redacted_thinking} block is not
 *       streamed (a delta has no field for it).
 *   <li>A {@code tool_use} block start → {@link ToolCallDelta#start} with the OpenAI index
 *       (counting tool calls, not Anthropic's block index); its {@code input_json_delta}
 *       fragments → argument deltas. Server-tool blocks are skipped.
 *   <li>{@code message_delta} keeps the stop reason and its (cumulative) usage;
 *       {@code message_stop} sends the finish delta, then one usage chunk combining the usage of
 *       {@code message_start} and {@code message_delta} (the larger count of each field).
 *   <li>An {@code error} event is thrown ({@link AnthropicErrors#fromStreamEvent}); a stream that
 *       ends without {@code message_stop} fails with UPSTREAM_ERROR.
 * </ul>
 */
public final class AnthropicStreamDecoder implements StreamDecoder<SseEvent, ChatChunk> {

  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private boolean started;
  private boolean stopped;
  private JsonNode startUsage;
  private JsonNode deltaUsage;
  private String stopReason;

  @Override
  public void decode(SseEvent frame, Consumer<ChatChunk> sink) {
    if (frame.data() == null || frame.data().isBlank()) {
      return;
    }
    JsonNode event = AnthropicJson.readObject(frame.data());
    String type = AnthropicJson.string(event, "type");
    if (type == null) {
      type = frame.event() == null ? "" : frame.event();
    }
    switch (type) {
      case "message_start":
        startUsage = event.path("message").get("usage");
        start(sink);
        break;
      case "content_block_start":
        blockStart(event, sink);
        break;
      case "content_block_delta":
        blockDelta(event, sink);
        break;
      case "message_delta":
        start(sink);
        String reason = AnthropicJson.string(event.path("delta"), "stop_reason");
        if (reason != null) {
          stopReason = reason;
        }
        if (event.get("usage") != null) {
          deltaUsage = event.get("usage");
        }
        break;
      case "message_stop":
        stop(sink);
        break;
      case "error":
        throw AnthropicErrors.fromStreamEvent(event);
      default:
        break;
    }
  }

  @Override
  public void end(Consumer<ChatChunk> sink) {
    if (!stopped) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The Claude stream ended before its message_stop event; the answer is incomplete.");
    }
  }

  private void start(Consumer<ChatChunk> sink) {
    if (!started) {
      started = true;
      sink.accept(ChatChunk.of(ChatChunk.Delta.role(0)));
    }
  }

  private void blockStart(JsonNode event, Consumer<ChatChunk> sink) {
    start(sink);
    JsonNode block = event.path("content_block");
    String type = AnthropicJson.string(block, "type");
    if ("tool_use".equals(type)) {
      String id = AnthropicJson.string(block, "id");
      String name = AnthropicJson.string(block, "name");
      if (id == null || name == null) {
        throw AnthropicJson.malformed("a tool_use block start without id or name");
      }
      int index = toolIndexes.size();
      toolIndexes.put(blockIndex(event), index);
      sink.accept(ChatChunk.of(ChatChunk.Delta.toolCall(0,
          ToolCallDelta.start(index, id, name, ""))));
    } else if ("text".equals(type)) {
      emitText(AnthropicJson.string(block, "text"), sink);
    } else if ("thinking".equals(type)) {
      emitReasoning(AnthropicJson.string(block, "thinking"), sink);
    }
  }

  private void blockDelta(JsonNode event, Consumer<ChatChunk> sink) {
    start(sink);
    JsonNode delta = event.path("delta");
    String type = AnthropicJson.string(delta, "type");
    if ("text_delta".equals(type)) {
      emitText(AnthropicJson.string(delta, "text"), sink);
    } else if ("thinking_delta".equals(type)) {
      emitReasoning(AnthropicJson.string(delta, "thinking"), sink);
    } else if ("signature_delta".equals(type)) {
      String signature = AnthropicJson.string(delta, "signature");
      if (signature != null) {
        sink.accept(ChatChunk.of(ChatChunk.Delta.reasoningSignature(0, signature)));
      }
    } else if ("input_json_delta".equals(type)) {
      Integer index = toolIndexes.get(blockIndex(event));
      String fragment = AnthropicJson.string(delta, "partial_json");
      if (index != null && fragment != null && !fragment.isEmpty()) {
        sink.accept(ChatChunk.of(ChatChunk.Delta.toolCall(0,
            ToolCallDelta.arguments(index, fragment))));
      }
    }
  }

  private void stop(Consumer<ChatChunk> sink) {
    start(sink);
    stopped = true;
    FinishReason reason = AnthropicTranslator.finishReason(stopReason);
    sink.accept(ChatChunk.of(ChatChunk.Delta.finish(0, reason == null ? FinishReason.STOP : reason)));
    Usage usage = AnthropicTranslator.usage(startUsage, deltaUsage);
    if (usage != null) {
      sink.accept(ChatChunk.usage(usage));
    }
  }

  private static void emitText(String text, Consumer<ChatChunk> sink) {
    if (text != null && !text.isEmpty()) {
      sink.accept(ChatChunk.of(ChatChunk.Delta.text(0, text)));
    }
  }

  private static void emitReasoning(String text, Consumer<ChatChunk> sink) {
    if (text != null && !text.isEmpty()) {
      sink.accept(ChatChunk.of(ChatChunk.Delta.reasoning(0, text)));
    }
  }

  private static int blockIndex(JsonNode event) {
    JsonNode index = event.get("index");
    if (index == null || !index.canConvertToInt()) {
      throw AnthropicJson.malformed("a content block event without index");
    }
    return index.intValue();
  }
}
