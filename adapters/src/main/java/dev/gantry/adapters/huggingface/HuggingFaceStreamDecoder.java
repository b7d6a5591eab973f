package dev.gantry.adapters.huggingface;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.openaicompat.OpenAiCompatStreamDecoder;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.StreamDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes a chat stream from TGI's Messages API (or the router) into chunks as OpenAI sends them.
 * {@link OpenAiCompatStreamDecoder} already drops TGI's repeated {@code role}, tool-call
 * {@code id}/{@code type}/{@code name} and empty deltas, holds the usage chunk back to the end and
 * throws error events; on top of it this decoder:
 * <ul>
 *   <li>gives each tool call a unique id ({@link ToolCallIds}: TGI calls every one {@code "0"});</li>
 *   <li>closes a choice that streamed tool calls but never said why it finished, with
 *       {@code finish_reason: tool_calls}, when the stream ends (TGI 3.1 ends a tool-call stream
 *       with its last arguments fragment: snapshot {@code test_flash_llama_grammar_tools_openai},
 *       whose test reads {@code tool_calls[0]} on every chunk).</li>
 * </ul>
 * One instance per stream.
 */
final class HuggingFaceStreamDecoder implements StreamDecoder<SseEvent, ChatChunk> {

  private final OpenAiCompatStreamDecoder inner;
  private final ToolCallIds ids;
  /** Choices that streamed tool calls and have not finished yet, in order. */
  private final Map<Integer, Boolean> unfinished = new LinkedHashMap<>();
  private final Consumer<ChatChunk> fixer;
  private Consumer<ChatChunk> sink;

  /** @param ids the ids of this stream's tool calls */
  HuggingFaceStreamDecoder(ToolCallIds ids) {
    this.inner = new OpenAiCompatStreamDecoder();
    this.ids = ids;
    this.fixer = this::fix;
  }

  @Override
  public void decode(SseEvent frame, Consumer<ChatChunk> out) {
    sink = out;
    if (frame.isDone()) {
      finishOpenChoices(out);
    }
    inner.decode(frame, fixer);
  }

  @Override
  public void end(Consumer<ChatChunk> out) {
    sink = out;
    finishOpenChoices(out);
    inner.end(fixer);
  }

  private void fix(ChatChunk chunk) {
    if (chunk.choices().isEmpty()) {
      sink.accept(chunk);
      return;
    }
    List<ChatChunk.Delta> deltas = new ArrayList<>(chunk.choices().size());
    for (ChatChunk.Delta d : chunk.choices()) {
      if (d.finishReason() != null) {
        unfinished.remove(d.index());
      } else if (!d.toolCalls().isEmpty()) {
        unfinished.put(d.index(), Boolean.TRUE);
      }
      deltas.add(d.toolCalls().isEmpty() ? d : withIds(d));
    }
    sink.accept(new ChatChunk(deltas, chunk.usage()));
  }

  private ChatChunk.Delta withIds(ChatChunk.Delta d) {
    List<ToolCallDelta> calls = new ArrayList<>(d.toolCalls().size());
    for (ToolCallDelta t : d.toolCalls()) {
      calls.add(t.id() == null ? t : new ToolCallDelta(t.index(), ids.of(t.id()), t.name(),
          t.arguments()));
    }
    return new ChatChunk.Delta(d.index(), d.role(), d.content(), d.reasoning(), calls,
        d.finishReason(), d.logprobs(), d.reasoningSignature());
  }

  private void finishOpenChoices(Consumer<ChatChunk> out) {
    for (Integer index : unfinished.keySet()) {
      out.accept(ChatChunk.of(ChatChunk.Delta.finish(index, FinishReason.TOOL_CALLS)));
    }
    unfinished.clear();
  }
}
