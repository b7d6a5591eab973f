package dev.gantry.adapters.huggingface;

import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The tool-call ids of one response, made what OpenAI clients expect: unique. TGI names every
 * call {@code "0"} (tgi-snapshots {@code test_flash_llama_grammar_tools_*}), so its ids repeat
 * within a response and across the turns of a conversation, which clients that key tool results
 * by id (and providers a conversation may fail over to) reject. An upstream id is kept when it is
 * not blank, not a placeholder (only digits, or {@code call_<n>_<n>}), and not used before in this
 * response; any other becomes a fresh {@link ToolCall#newId()}. One instance per
 * response.
 */
final class ToolCallIds {

  /**
   * Ids that name no call: TGI's indexes ({@code "0"}), and the {@code call_<choice>_<index>}
   * placeholders {@link dev.gantry.adapters.openaicompat.OpenAiCompatStreamDecoder} gives calls
   * streamed without one.
   */
  private static final Pattern PLACEHOLDER = Pattern.compile("[0-9]+|call_[0-9]+_[0-9]+");

  private final Supplier<String> fresh;
  private final Set<String> used = new HashSet<>();

  /** @param fresh makes a new id (tests pass a counter) */
  ToolCallIds(Supplier<String> fresh) {
    this.fresh = fresh;
  }

  /** The id to send for a call the upstream named {@code upstreamId} (null when it gave none). */
  String of(String upstreamId) {
    String id = upstreamId == null || upstreamId.isBlank() || PLACEHOLDER.matcher(upstreamId).matches()
        || used.contains(upstreamId) ? fresh.get() : upstreamId;
    used.add(id);
    return id;
  }

  /** The response with every tool call's id passed through {@link #of}. */
  ChatResponse fix(ChatResponse response) {
    List<ChatResponse.Choice> choices = new ArrayList<>(response.choices().size());
    boolean changed = false;
    for (ChatResponse.Choice c : response.choices()) {
      Message m = c.message();
      if (m.toolCalls().isEmpty()) {
        choices.add(c);
        continue;
      }
      List<ToolCall> calls = new ArrayList<>(m.toolCalls().size());
      for (ToolCall call : m.toolCalls()) {
        String id = of(call.id());
        changed |= !id.equals(call.id());
        calls.add(new ToolCall(id, call.name(), call.arguments()));
      }
      choices.add(new ChatResponse.Choice(c.index(),
          new Message(m.role(), m.content(), calls, m.toolCallId(), m.name(), m.reasoning()), c.reasoning(),
          c.refusal(), c.finishReason(), c.logprobs(), c.reasoningBlocks()));
    }
    return changed ? new ChatResponse(choices, response.usage(), response.systemFingerprint())
        : response;
  }
}
