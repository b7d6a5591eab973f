package dev.gantry.sdk.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A chat completion request. Immutable; build with {@link #builder()}, derive with
 * {@link #toBuilder()}. Whether it streams is chosen by the call ({@code create} or
 * {@code stream}), not here. Fields the builder lacks go in {@link Builder#extraBody(String, Object)}.
 */
public final class ChatCompletionRequest {
  private static final Set<String> RESERVED = Set.of("model", "messages", "stream");

  private final String model;
  private final List<ChatMessage> messages;
  private final List<Tool> tools;
  private final ToolChoice toolChoice;
  private final ResponseFormat responseFormat;
  private final Double temperature;
  private final Double topP;
  private final Integer maxTokens;
  private final List<String> stop;
  private final Long seed;
  private final Integer n;
  private final String user;
  private final Map<String, Object> extraBody;

  private ChatCompletionRequest(Builder b) {
    this.model = b.model;
    this.messages = List.copyOf(b.messages);
    this.tools = List.copyOf(b.tools);
    this.toolChoice = b.toolChoice;
    this.responseFormat = b.responseFormat;
    this.temperature = b.temperature;
    this.topP = b.topP;
    this.maxTokens = b.maxTokens;
    this.stop = List.copyOf(b.stop);
    this.seed = b.seed;
    this.n = b.n;
    this.user = b.user;
    this.extraBody = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extraBody));
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.messages.addAll(messages);
    b.tools.addAll(tools);
    b.toolChoice = toolChoice;
    b.responseFormat = responseFormat;
    b.temperature = temperature;
    b.topP = topP;
    b.maxTokens = maxTokens;
    b.stop.addAll(stop);
    b.seed = seed;
    b.n = n;
    b.user = user;
    b.extraBody.putAll(extraBody);
    return b;
  }

  /** The model (alias). */
  public String model() {
    return model;
  }

  /** The conversation. */
  public List<ChatMessage> messages() {
    return messages;
  }

  /** The tools offered. */
  public List<Tool> tools() {
    return tools;
  }

  /** The request's JSON; {@code stream} adds {@code stream: true} and asks for usage at the end. */
  ObjectNode toJson(boolean stream) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("model", model);
    ArrayNode msgs = o.putArray("messages");
    messages.forEach(m -> msgs.add(m.toJson()));
    if (!tools.isEmpty()) {
      ArrayNode t = o.putArray("tools");
      tools.forEach(tool -> t.add(tool.toJson()));
    }
    if (toolChoice != null) {
      o.set("tool_choice", toolChoice.toJson());
    }
    if (responseFormat != null) {
      o.set("response_format", responseFormat.toJson());
    }
    if (temperature != null) {
      o.put("temperature", temperature);
    }
    if (topP != null) {
      o.put("top_p", topP);
    }
    if (maxTokens != null) {
      o.put("max_tokens", maxTokens);
    }
    if (!stop.isEmpty()) {
      ArrayNode s = o.putArray("stop");
      stop.forEach(s::add);
    }
    if (seed != null) {
      o.put("seed", seed);
    }
    if (n != null) {
      o.put("n", n);
    }
    if (user != null) {
      o.put("user", user);
    }
    extraBody.forEach((k, v) -> o.set(k, Json.MAPPER.valueToTree(v)));
    if (stream) {
      o.put("stream", true);
      if (!o.has("stream_options")) {
        o.putObject("stream_options").put("include_usage", true);
      }
    }
    return o;
  }

  /** The JSON sent for a non-streamed call (for logs and tests; contains the prompt). */
  public String toJsonString() {
    return toJson(false).toString();
  }

  @Override
  public String toString() {
    return "ChatCompletionRequest[model=" + model + ", messages=" + messages.size()
        + ", tools=" + tools.size() + "]";
  }

  /** Builds a {@link ChatCompletionRequest}; fails fast on invalid values. */
  public static final class Builder {
    private String model;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private ResponseFormat responseFormat;
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private final List<String> stop = new ArrayList<>();
    private Long seed;
    private Integer n;
    private String user;
    private final Map<String, Object> extraBody = new LinkedHashMap<>();

    private Builder() {}

    /** The model (alias); required. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Appends a message. */
    public Builder addMessage(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Replaces the messages. */
    public Builder messages(List<ChatMessage> messages) {
      this.messages.clear();
      messages.forEach(this::addMessage);
      return this;
    }

    /** Offers a tool. */
    public Builder addTool(Tool tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** Whether and which tool to call. */
    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = Objects.requireNonNull(toolChoice, "toolChoice");
      return this;
    }

    /** The answer's form. */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat");
      return this;
    }

    /** Sampling temperature, 0 to 2. */
    public Builder temperature(double temperature) {
      if (temperature < 0 || temperature > 2) {
        throw new IllegalArgumentException("temperature must be within [0, 2]: " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /** Nucleus sampling mass, 0 to 1. */
    public Builder topP(double topP) {
      if (topP < 0 || topP > 1) {
        throw new IllegalArgumentException("topP must be within [0, 1]: " + topP);
      }
      this.topP = topP;
      return this;
    }

    /** The most tokens to generate; positive. */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens <= 0) {
        throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** Stop sequences (up to 4). */
    public Builder stop(String... sequences) {
      if (sequences.length > 4) {
        throw new IllegalArgumentException("at most 4 stop sequences");
      }
      this.stop.clear();
      this.stop.addAll(List.of(sequences));
      return this;
    }

    /** A seed for (best-effort) reproducible sampling. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How many choices to generate; positive. */
    public Builder n(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("n must be positive: " + n);
      }
      this.n = n;
      return this;
    }

    /** An end-user id, for abuse tracking. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /**
     * A body field the builder lacks ({@code logprobs}, {@code parallel_tool_calls},
     * provider-specific ones), serialized with Jackson; {@code model}, {@code messages} and
     * {@code stream} cannot be set here.
     */
    public Builder extraBody(String field, Object value) {
      Objects.requireNonNull(field, "field");
      if (RESERVED.contains(field)) {
        throw new IllegalArgumentException(field + " has its own setter or is set by the call");
      }
      extraBody.put(field, value);
      return this;
    }

    /** The request; model and at least one message are required. */
    public ChatCompletionRequest build() {
      if (model == null) {
        throw new IllegalStateException("model is required");
      }
      if (messages.isEmpty()) {
        throw new IllegalStateException("at least one message is required");
      }
      return new ChatCompletionRequest(this);
    }
  }
}
