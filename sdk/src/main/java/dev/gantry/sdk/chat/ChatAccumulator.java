package dev.gantry.sdk.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles streamed chunks into the {@link ChatCompletion} a non-streamed call would have
 * returned: each choice's text and refusal concatenated, its tool calls gathered by index with
 * their argument fragments concatenated, the finish reason and the usage. Not thread-safe; feed
 * it chunks in order.
 *
 * <pre>{@code
 * ChatAccumulator acc = new ChatAccumulator();
 * for (ChatChunk c : stream) { acc.add(c); System.out.print(c.text()); }
 * ChatCompletion whole = acc.toCompletion();
 * }</pre>
 */
public final class ChatAccumulator {
  private String id;
  private String model;
  private String systemFingerprint;
  private long created;
  private Usage usage;
  private final Map<Integer, ChoiceState> choices = new TreeMap<>();

  /** Adds a chunk; returns it, for use in a {@code map} or a {@code peek}. */
  public ChatChunk add(ChatChunk chunk) {
    if (id == null) {
      id = chunk.id();
    }
    if (model == null) {
      model = chunk.model();
    }
    if (systemFingerprint == null) {
      systemFingerprint = chunk.systemFingerprint();
    }
    if (created == 0) {
      created = chunk.created();
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    for (ChatChunk.Choice c : chunk.choices()) {
      choices.computeIfAbsent(c.index(), i -> new ChoiceState()).add(c);
    }
    return chunk;
  }

  /** The completion assembled so far. */
  public ChatCompletion toCompletion() {
    List<ChatCompletion.Choice> out = new ArrayList<>();
    choices.forEach((index, state) -> out.add(state.toChoice(index)));
    return new ChatCompletion(id, "chat.completion", created, model, systemFingerprint, out, usage,
        null);
  }

  private static final class ChoiceState {
    private String role;
    private StringBuilder content;
    private StringBuilder refusal;
    private String finishReason;
    private final Map<Integer, ToolCallState> toolCalls = new TreeMap<>();

    void add(ChatChunk.Choice c) {
      if (c.finishReason() != null) {
        finishReason = c.finishReason();
      }
      ChatChunk.Delta d = c.delta();
      if (d == null) {
        return;
      }
      if (d.role() != null) {
        role = d.role();
      }
      if (d.content() != null) {
        content = content == null ? new StringBuilder() : content;
        content.append(d.content());
      }
      if (d.refusal() != null) {
        refusal = refusal == null ? new StringBuilder() : refusal;
        refusal.append(d.refusal());
      }
      for (ChatChunk.ToolCallDelta t : d.toolCalls()) {
        toolCalls.computeIfAbsent(t.index(), i -> new ToolCallState()).add(t);
      }
    }

    ChatCompletion.Choice toChoice(int index) {
      List<ToolCall> calls = new ArrayList<>();
      toolCalls.values().forEach(t -> calls.add(t.toToolCall()));
      return new ChatCompletion.Choice(index, new ChatCompletion.AssistantMessage(
          role == null ? "assistant" : role,
          content == null ? null : content.toString(),
          refusal == null ? null : refusal.toString(), calls), finishReason);
    }
  }

  private static final class ToolCallState {
    private String id;
    private String type;
    private String name;
    private final StringBuilder arguments = new StringBuilder();

    void add(ChatChunk.ToolCallDelta t) {
      if (t.id() != null) {
        id = t.id();
      }
      if (t.type() != null) {
        type = t.type();
      }
      if (t.function() != null) {
        if (t.function().name() != null) {
          name = name == null ? t.function().name() : name;
        }
        if (t.function().arguments() != null) {
          arguments.append(t.function().arguments());
        }
      }
    }

    ToolCall toToolCall() {
      return new ToolCall(id, type == null ? "function" : type,
          new FunctionCall(name, arguments.toString()));
    }
  }
}
