package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.bedrock.eventstream.EventHeaders;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.StreamDecoder;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Decodes ConverseStream event-stream frames (providers.md §1.4) into chunks of choice 0, as they
 * arrive. One instance per stream; the frames come whole and checked from the event-stream framer.
 *
 * <ul>
 *   <li>Frames dispatch on {@code :message-type}, then {@code :event-type}. Payload fields other
 *       than the ones read here (the {@code p} padding, metrics) are ignored, and so are event
 *       types this decoder does not know.
 *   <li>The assistant role goes first, on {@code messageStart} (or before whatever comes first).
 *   <li>Text blocks have no {@code contentBlockStart}: each {@code delta.text} is a content delta
 *       (empty ones are dropped); {@code delta.reasoningContent.text} a reasoning delta, and
 *       {@code delta.reasoningContent.signature} a {@link ChatChunk.Delta#reasoningSignature}
 *       delta closing that block. Redacted reasoning ({@code redactedContent}) is not streamed: a
 *       delta has no field for it, so a streaming client cannot send it back (a non-streaming
 *       call returns it in {@code thinking_blocks}).
 *   <li>A {@code toolUse} start opens a tool call: {@link ToolCallDelta#start} with the OpenAI
 *       index, which counts tool calls (0, 1, ...), not Bedrock's {@code contentBlockIndex}; the
 *       block's {@code delta.toolUse.input} fragments become argument deltas of that index.
 *       Blocks of Bedrock's server-side tools and tool results are skipped.
 *   <li>{@code messageStop} gives the finish delta; {@code metadata}, Bedrock's last event, the
 *       usage chunk (see {@link ConverseUsage}).
 *   <li>An exception frame ({@code :message-type} {@code exception} or {@code error}) is thrown,
 *       mapped like an HTTP error by {@link BedrockErrors#fromStreamException}; a stream that ends
 *       without {@code messageStop} fails with UPSTREAM_ERROR rather than end on a made-up stop.
 * </ul>
 */
public final class ConverseStreamDecoder implements StreamDecoder<Message, ChatChunk> {

  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private final Set<Integer> skippedBlocks = new HashSet<>();
  private boolean started;
  private boolean stopped;

  @Override
  public void decode(Message frame, Consumer<ChatChunk> sink) {
    Map<String, HeaderValue> headers = frame.getHeaders();
    String messageType = EventHeaders.string(headers, ":message-type");
    if ("exception".equals(messageType)) {
      throw BedrockErrors.fromStreamException(EventHeaders.string(headers, ":exception-type"),
          exceptionMessage(frame.getPayload()));
    }
    if ("error".equals(messageType)) {
      throw BedrockErrors.fromStreamException(EventHeaders.string(headers, ":error-code"),
          EventHeaders.string(headers, ":error-message"));
    }
    String event = EventHeaders.string(headers, ":event-type");
    if (event == null || (messageType != null && !"event".equals(messageType))) {
      return;
    }
    switch (event) {
      case "messageStart":
        start(sink);
        break;
      case "contentBlockStart":
        blockStart(ConverseJson.readObject(frame.getPayload()), sink);
        break;
      case "contentBlockDelta":
        blockDelta(ConverseJson.readObject(frame.getPayload()), sink);
        break;
      case "messageStop":
        messageStop(ConverseJson.readObject(frame.getPayload()), sink);
        break;
      case "metadata":
        Usage usage = ConverseUsage.of(ConverseJson.readObject(frame.getPayload()).get("usage"));
        if (usage != null) {
          sink.accept(ChatChunk.usage(usage));
        }
        break;
      default:
        break;
    }
  }

  @Override
  public void end(Consumer<ChatChunk> sink) {
    if (!stopped) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The Bedrock stream ended before its messageStop event; the answer is incomplete.");
    }
  }

  private void start(Consumer<ChatChunk> sink) {
    if (!started) {
      started = true;
      sink.accept(ChatChunk.of(ChatChunk.Delta.role(0)));
    }
  }

  private void blockStart(JsonNode payload, Consumer<ChatChunk> sink) {
    start(sink);
    int block = blockIndex(payload);
    JsonNode use = payload.path("start").path("toolUse");
    if (!use.isObject() || "server_tool_use".equals(use.path("type").textValue())) {
      skippedBlocks.add(block);
      return;
    }
    String id = ConverseJson.string(use, "toolUseId");
    String name = ConverseJson.string(use, "name");
    if (id == null || name == null) {
      throw UpstreamErrors.malformed(new IllegalStateException("a toolUse start without id or name"));
    }
    int index = toolIndexes.size();
    toolIndexes.put(block, index);
    sink.accept(ChatChunk.of(ChatChunk.Delta.toolCall(0, ToolCallDelta.start(index, id, name, ""))));
  }

  private void blockDelta(JsonNode payload, Consumer<ChatChunk> sink) {
    start(sink);
    int block = blockIndex(payload);
    if (skippedBlocks.contains(block)) {
      return;
    }
    JsonNode delta = payload.path("delta");
    String text = ConverseJson.string(delta, "text");
    if (text != null) {
      sink.accept(ChatChunk.of(ChatChunk.Delta.text(0, text)));
      return;
    }
    if (delta.has("toolUse")) {
      Integer index = toolIndexes.get(block);
      if (index == null) {
        throw UpstreamErrors.malformed(new IllegalStateException("toolUse input before its start"));
      }
      String fragment = ConverseJson.string(delta.get("toolUse"), "input");
      if (fragment != null) {
        sink.accept(ChatChunk.of(
            ChatChunk.Delta.toolCall(0, ToolCallDelta.arguments(index, fragment))));
      }
      return;
    }
    JsonNode thought = delta.path("reasoningContent");
    String reasoning = ConverseJson.string(thought, "text");
    if (reasoning != null) {
      sink.accept(ChatChunk.of(ChatChunk.Delta.reasoning(0, reasoning)));
    }
    String signature = ConverseJson.string(thought, "signature");
    if (signature != null) {
      sink.accept(ChatChunk.of(ChatChunk.Delta.reasoningSignature(0, signature)));
    }
  }

  private void messageStop(JsonNode payload, Consumer<ChatChunk> sink) {
    start(sink);
    FinishReason reason = StopReasons.of(ConverseJson.string(payload, "stopReason"));
    if (reason == null) {
      throw UpstreamErrors.malformed(new IllegalStateException("messageStop without stopReason"));
    }
    stopped = true;
    sink.accept(ChatChunk.of(ChatChunk.Delta.finish(0, reason)));
  }

  private static int blockIndex(JsonNode payload) {
    JsonNode index = payload.get("contentBlockIndex");
    if (index == null || !index.canConvertToInt()) {
      throw UpstreamErrors.malformed(new IllegalStateException("no contentBlockIndex"));
    }
    return index.intValue();
  }

  /** The {@code message} of an exception payload, or null when it has none or is not JSON. */
  private static String exceptionMessage(byte[] payload) {
    try {
      JsonNode node = ConverseJson.JSON.readTree(payload);
      if (node == null || !node.isObject()) {
        return null;
      }
      String message = ConverseJson.string(node, "message");
      return message != null ? message : ConverseJson.string(node, "Message");
    } catch (IOException e) {
      return null;
    }
  }
}
