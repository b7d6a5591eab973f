package dev.gantry.adapters.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole chat response a stream of chunks told, the inverse of {@link ChatReplay}: per choice
 * its text, reasoning (as blocks with their signatures when the stream closed any), tool calls
 * reassembled by index from their fragments, logprobs concatenated, and finish reason; the last
 * usage reported. Feed it every chunk in order, then ask for the {@link #response()}.
 */
public final class ChatAssembly {

  private final Map<Integer, Choice> choices = new TreeMap<>();
  private Usage usage;

  private static final class Choice {
    final StringBuilder content = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    final StringBuilder openBlock = new StringBuilder();
    final List<ReasoningBlock> blocks = new ArrayList<>();
    final Map<Integer, String[]> calls = new TreeMap<>();
    ArrayNode logprobs;
    FinishReason finish;
  }

  /** Takes the next chunk of the stream. */
  public ChatAssembly add(ChatChunk chunk) {
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    for (ChatChunk.Delta d : chunk.choices()) {
      Choice c = choices.computeIfAbsent(d.index(), i -> new Choice());
      if (d.content() != null) {
        c.content.append(d.content());
      }
      if (d.reasoning() != null) {
        c.reasoning.append(d.reasoning());
        c.openBlock.append(d.reasoning());
      }
      if (d.reasoningSignature() != null) {
        c.blocks.add(ReasoningBlock.text(c.openBlock.toString(), d.reasoningSignature()));
        c.openBlock.setLength(0);
      }
      for (ToolCallDelta t : d.toolCalls()) {
        String[] call = c.calls.computeIfAbsent(t.index(), i -> new String[] {null, null, ""});
        if (t.id() != null) {
          call[0] = t.id();
        }
        if (t.name() != null) {
          call[1] = call[1] == null ? t.name() : call[1] + t.name();
        }
        if (t.arguments() != null) {
          call[2] += t.arguments();
        }
      }
      if (d.logprobs() != null) {
        JsonNode content = d.logprobs().path("content");
        if (content.isArray()) {
          if (c.logprobs == null) {
            c.logprobs = Json.MAPPER.createArrayNode();
          }
          c.logprobs.addAll((ArrayNode) content);
        }
      }
      if (d.finishReason() != null) {
        c.finish = d.finishReason();
      }
    }
    return this;
  }

  /** The response told so far. */
  public ChatResponse response() {
    List<ChatResponse.Choice> out = new ArrayList<>();
    choices.forEach((index, c) -> {
      List<ToolCall> calls = new ArrayList<>();
      c.calls.values().forEach(call -> calls.add(new ToolCall(
          call[0] == null ? ToolCall.newId() : call[0], call[1] == null ? "" : call[1], call[2])));
      List<ContentPart> content = c.content.length() == 0 && !calls.isEmpty() ? List.of()
          : List.of(ContentPart.text(c.content.toString()));
      List<ReasoningBlock> blocks = new ArrayList<>(c.blocks);
      if (!blocks.isEmpty() && c.openBlock.length() > 0) {
        blocks.add(ReasoningBlock.text(c.openBlock.toString(), null));
      }
      ObjectNode logprobs = null;
      if (c.logprobs != null) {
        logprobs = Json.MAPPER.createObjectNode();
        logprobs.set("content", c.logprobs);
      }
      out.add(new ChatResponse.Choice(index,
          new Message(Role.ASSISTANT, content, calls, null, null),
          c.reasoning.length() == 0 ? null : c.reasoning.toString(), null, c.finish, logprobs,
          blocks));
    });
    return new ChatResponse(out, usage, null);
  }
}
