package dev.gantry.adapters.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.StreamDecoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decodes an OpenAI-compatible chat stream ({@code data: <chunk>} events) into canonical chunks
 * normalized to what OpenAI itself sends, whatever the server:
 * <ul>
 *   <li>{@code role} only on a choice's first delta (TGI repeats it on every delta; some servers
 *       never send it);</li>
 *   <li>a tool call's {@code id} and {@code name} only on its first delta (TGI repeats them); a
 *       missing id becomes {@code call_<choice>_<index>};</li>
 *   <li>{@code finish_reason: stop} after tool calls becomes {@code tool_calls} (TGI);</li>
 *   <li>empty deltas dropped; usage (from any chunk) held back and emitted last, as one
 *       {@code choices:[]} chunk, at {@code [DONE]} or at the end of the body (TGI may omit
 *       {@code [DONE]});</li>
 *   <li>an error event ({@code data: {"error":...}}, or {@code event: error}) throws the mapped
 *       {@link dev.gantry.adapters.spi.GatewayException}.</li>
 * </ul>
 * Events after {@code [DONE]} are ignored. One instance per stream.
 */
public final class OpenAiCompatStreamDecoder implements StreamDecoder<SseEvent, ChatChunk> {

  private final StreamUsage usage;
  private final SseChunks<ChatChunk> frames;
  private final Set<Integer> choicesStarted = new HashSet<>();
  private final Set<Long> toolCallsStarted = new HashSet<>();
  private final Set<Integer> choicesWithToolCalls = new HashSet<>();

  public OpenAiCompatStreamDecoder() {
    this.usage = new StreamUsage();
    this.frames = new SseChunks<>(usage, ChatChunk::usage);
  }

  @Override
  public void decode(SseEvent frame, Consumer<ChatChunk> sink) {
    JsonNode json = frames.read(frame, sink);
    if (json == null) {
      return;
    }
    ChatChunk chunk = OpenAiChat.readChunk(json);
    usage.report(chunk.usage());
    List<ChatChunk.Delta> deltas = new ArrayList<>(chunk.choices().size());
    for (ChatChunk.Delta d : chunk.choices()) {
      ChatChunk.Delta normalized = normalize(d);
      if (normalized != null) {
        deltas.add(normalized);
      }
    }
    if (!deltas.isEmpty()) {
      sink.accept(new ChatChunk(deltas, null));
    }
  }

  @Override
  public void end(Consumer<ChatChunk> sink) {
    frames.end(sink);
  }

  /** The delta as OpenAI would send it, or null when nothing is left. */
  private ChatChunk.Delta normalize(ChatChunk.Delta d) {
    Role role = choicesStarted.add(d.index()) ? Role.ASSISTANT : null;
    List<ToolCallDelta> calls = new ArrayList<>(d.toolCalls().size());
    for (ToolCallDelta t : d.toolCalls()) {
      long key = ((long) d.index() << 32) | (t.index() & 0xffffffffL);
      if (toolCallsStarted.add(key)) {
        String id = t.id() != null ? t.id() : "call_" + d.index() + "_" + t.index();
        calls.add(ToolCallDelta.start(t.index(), id, t.name(), t.arguments()));
      } else if (t.arguments() != null && !t.arguments().isEmpty()) {
        calls.add(ToolCallDelta.arguments(t.index(), t.arguments()));
      }
    }
    if (!calls.isEmpty()) {
      choicesWithToolCalls.add(d.index());
    }
    FinishReason finish = d.finishReason();
    if (finish == FinishReason.STOP && choicesWithToolCalls.contains(d.index())) {
      finish = FinishReason.TOOL_CALLS;
    }
    if (role == null && d.content() == null && d.reasoning() == null && calls.isEmpty()
        && finish == null && d.logprobs() == null && d.reasoningSignature() == null) {
      return null;
    }
    return new ChatChunk.Delta(d.index(), role, d.content(), d.reasoning(), calls, finish,
        d.logprobs(), d.reasoningSignature());
  }
}
