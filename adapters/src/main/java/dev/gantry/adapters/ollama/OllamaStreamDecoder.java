package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.StreamDecoder;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decodes {@code /api/chat} NDJSON lines (framed by
 * {@link dev.gantry.adapters.stream.JsonLinesFramer}) into chunks of choice 0. One instance per
 * stream.
 *
 * <ul>
 *   <li>The first line's delta carries the assistant role; {@code message.content} and
 *       {@code message.thinking} become content and reasoning deltas.
 *   <li>Ollama sends tool calls whole, in one line: each becomes a {@link ToolCallDelta#start}
 *       with a generated id, its full arguments, and the next index of the stream.
 *   <li>The {@code done:true} line ends the choice: a finish delta ({@code tool_calls} when any
 *       call was made), then a usage chunk when Ollama reported counts. Lines after it are
 *       ignored.
 *   <li>An {@code {"error":...}} line (a failure after HTTP 200) and an input that ends before
 *       {@code done:true} are thrown as UPSTREAM_ERROR.
 * </ul>
 */
public final class OllamaStreamDecoder implements StreamDecoder<String, ChatChunk> {

  private final Supplier<String> callIds;
  private boolean started;
  private boolean done;
  private int toolCalls;

  /** A decoder naming tool calls {@code call_<random>}. */
  public OllamaStreamDecoder() {
    this(ToolCall::newId);
  }

  /** @param callIds makes the ids of the tool calls Ollama streams without one */
  public OllamaStreamDecoder(Supplier<String> callIds) {
    this.callIds = Objects.requireNonNull(callIds, "callIds");
  }

  @Override
  public void decode(String line, Consumer<ChatChunk> sink) {
    JsonNode node = parse(line);
    if (node.hasNonNull("error")) {
      throw OllamaErrors.midStream(node.path("error").asText(node.path("error").toString()));
    }
    if (done) {
      return;
    }
    ChatChunk.Delta delta = delta(node.path("message"));
    if (delta != null) {
      sink.accept(ChatChunk.of(delta));
    }
    if (node.path("done").asBoolean(false)) {
      done = true;
      sink.accept(ChatChunk.of(ChatChunk.Delta.finish(0,
          OllamaReplies.finishReason(node.path("done_reason"), toolCalls > 0))));
      Usage usage = OllamaReplies.usage(node);
      if (usage != null) {
        sink.accept(ChatChunk.usage(usage));
      }
    }
  }

  @Override
  public void end(Consumer<ChatChunk> sink) {
    if (!done) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The Ollama stream ended early, before its final (done) line.");
    }
  }

  /** The line's change to choice 0, or null when it changes nothing. */
  private ChatChunk.Delta delta(JsonNode message) {
    Role role = started ? null : Role.ASSISTANT;
    started = true;
    String content = OllamaReplies.text(message.path("content"));
    String reasoning = OllamaReplies.text(message.path("thinking"));
    List<ToolCallDelta> calls = new ArrayList<>();
    for (ToolCall call : OllamaReplies.toolCalls(message.path("tool_calls"), callIds)) {
      calls.add(ToolCallDelta.start(toolCalls++, call.id(), call.name(), call.arguments()));
    }
    if (role == null && content == null && reasoning == null && calls.isEmpty()) {
      return null;
    }
    return new ChatChunk.Delta(0, role, content, reasoning, calls, null, null);
  }

  private static JsonNode parse(String line) {
    JsonNode node;
    try {
      node = OllamaApi.JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw UpstreamErrors.malformed(e);
    }
    if (node == null || !node.isObject()) {
      throw UpstreamErrors.malformed(new IllegalStateException("an NDJSON line is not an object"));
    }
    return node;
  }
}
