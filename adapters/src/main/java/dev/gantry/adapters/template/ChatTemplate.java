package dev.gantry.adapters.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubspot.jinjava.tree.Node;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's chat template: the Jinja in its {@code tokenizer_config.json} that turns a conversation
 * into the prompt text the model was trained on, for servers without a chat route (TGI's
 * {@code /generate}, SageMaker endpoints). Rendered the way transformers'
 * {@code apply_chat_template} renders it: the same variables ({@code messages}, {@code tools},
 * {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}), the same Jinja settings and
 * helpers. Parsed once; {@link #render} is thread-safe. A render costs about 1-2 ms of CPU for a
 * 20-message conversation (Jinjava evaluates each expression through its EL resolver chain), so
 * adapters render on a worker rather than on the event loop.
 *
 * <p>Known gap: Jinjava reads {@code {{ -x }}} (a space, then a leading minus) as whitespace
 * control; {@code {{- -x }}} and {@code (-x)} work.
 */
public final class ChatTemplate {

  private final Node template;
  private final Node toolTemplate;
  private final String bos;
  private final String eos;
  private final Clock clock;

  private ChatTemplate(Node template, Node toolTemplate, String bos, String eos, Clock clock) {
    this.template = template;
    this.toolTemplate = toolTemplate;
    this.bos = bos;
    this.eos = eos;
    this.clock = clock;
  }

  /**
   * Reads a {@code tokenizer_config.json}: its {@code chat_template} (one string, or a list of
   * {@code {name, template}} from which {@code default} is used, and {@code tool_use} when tools are
   * given and it exists) and its {@code bos_token}/{@code eos_token} (strings or
   * {@code {content: ...}} objects). Blocking: call it off the event loop, once.
   *
   * @throws IllegalArgumentException when the file has no usable chat template
   * @throws UncheckedIOException when it cannot be read
   */
  public static ChatTemplate fromTokenizerConfig(Path path) {
    JsonNode config;
    try {
      config = Json.MAPPER.readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    if (config == null || !config.isObject()) {
      throw new IllegalArgumentException(path + " is not a JSON object");
    }
    JsonNode chatTemplate = config.path("chat_template");
    String main;
    String toolUse = null;
    if (chatTemplate.isTextual()) {
      main = chatTemplate.asText();
    } else if (chatTemplate.isArray()) {
      main = named(chatTemplate, "default");
      toolUse = named(chatTemplate, "tool_use");
      if (main == null) {
        throw new IllegalArgumentException(path + ": chat_template has no template named default");
      }
    } else {
      throw new IllegalArgumentException(path + " has no chat_template");
    }
    TemplateEngine engine = TemplateEngine.INSTANCE;
    return new ChatTemplate(engine.parse(main), toolUse == null ? null : engine.parse(toolUse),
        token(config.path("bos_token")), token(config.path("eos_token")), Clock.systemUTC());
  }

  /**
   * A template given as text.
   *
   * @param bos the {@code bos_token}, or null
   * @param eos the {@code eos_token}, or null
   * @throws IllegalArgumentException when the template does not parse
   */
  public static ChatTemplate of(String template, String bos, String eos) {
    Objects.requireNonNull(template, "template");
    return new ChatTemplate(TemplateEngine.INSTANCE.parse(template), null, bos, eos,
        Clock.systemUTC());
  }

  /** The same template with {@code strftime_now} reading another clock (for tests). */
  ChatTemplate withClock(Clock value) {
    return new ChatTemplate(template, toolTemplate, bos, eos, Objects.requireNonNull(value));
  }

  /** Renders a conversation; see {@link #render(List, List, boolean, Map)}. */
  public String render(List<Message> messages, List<ToolDefinition> tools,
      boolean addGenerationPrompt) {
    return render(messages, tools, addGenerationPrompt, Map.of());
  }

  /**
   * Renders a conversation into prompt text.
   *
   * @param tools the functions on offer; empty for none
   * @param addGenerationPrompt end with the tokens that open the assistant's turn
   * @param extra further template variables (vLLM's {@code chat_template_kwargs}, such as Qwen3's
   *     {@code enable_thinking}); they cannot replace the standard ones
   * @throws GatewayException INVALID_REQUEST with the template's own message when it refuses the
   *     conversation ({@code raise_exception}), or naming what it could not render
   */
  public String render(List<Message> messages, List<ToolDefinition> tools,
      boolean addGenerationPrompt, Map<String, Object> extra) {
    Map<String, Object> variables = new HashMap<>(extra);
    variables.put("messages", TemplateInputs.messages(messages));
    variables.put("tools", TemplateInputs.tools(tools));
    variables.put("add_generation_prompt", addGenerationPrompt);
    variables.put("bos_token", bos == null ? "" : bos);
    variables.put("eos_token", eos == null ? "" : eos);
    Node chosen = toolTemplate != null && tools != null && !tools.isEmpty() ? toolTemplate : template;
    return TemplateEngine.INSTANCE.render(chosen, variables, clock);
  }

  /**
   * The prompt text of a chat request for a server that tokenizes it with the tokenizer's special
   * tokens (TGI's {@code /generate}, Triton's TensorRT-LLM and vLLM backends): the conversation
   * rendered with the generation prompt, without the leading {@code bos_token} that tokenizer adds
   * again. The request's {@code chat_template_kwargs} extension (an object) gives further template
   * variables, as in vLLM (Qwen3's {@code enable_thinking}).
   *
   * @param tools the functions rendered into the prompt; empty for none
   * @throws GatewayException INVALID_REQUEST for a {@code chat_template_kwargs} that is not an
   *     object, or as {@link #render(List, List, boolean, Map)}
   */
  public String prompt(ChatRequest r, List<ToolDefinition> tools) {
    String prompt = render(r.messages(), tools, true, kwargs(r.extensions()));
    if (bos != null && !bos.isEmpty() && prompt.startsWith(bos)) {
      prompt = prompt.substring(bos.length());
    }
    return prompt;
  }

  /**
   * A chat request's whole prompt text as a chat-completions server builds it before tokenizing
   * it without special tokens (vLLM, SGLang, TGI's Messages API): its messages and tools rendered
   * with the generation prompt, the {@code bos_token} included, {@code chat_template_kwargs}
   * applied. What a tokenizer counts to know the request's prompt tokens exactly.
   *
   * @throws GatewayException as {@link #prompt}
   */
  public String conversation(ChatRequest r) {
    return render(r.messages(), r.tools(), true, kwargs(r.extensions()));
  }

  /** The tokens that end the assistant's turn (the {@code eos_token}), for stop sequences. */
  public List<String> stopTokens() {
    return eos == null || eos.isEmpty() ? List.of() : List.of(eos);
  }

  /** The {@code bos_token}, when the tokenizer has one. */
  public Optional<String> bosToken() {
    return bos == null || bos.isEmpty() ? Optional.empty() : Optional.of(bos);
  }

  private static Map<String, Object> kwargs(ObjectNode extensions) {
    JsonNode kwargs = extensions.get("chat_template_kwargs");
    if (kwargs == null || kwargs.isNull()) {
      return Map.of();
    }
    if (!kwargs.isObject()) {
      throw GatewayException.invalid("`chat_template_kwargs` must be an object.",
          "chat_template_kwargs");
    }
    Map<String, Object> out = new HashMap<>();
    kwargs.fields().forEachRemaining(
        e -> out.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class)));
    return out;
  }

  private static String named(JsonNode templates, String name) {
    for (JsonNode entry : templates) {
      if (name.equals(entry.path("name").asText(null)) && entry.path("template").isTextual()) {
        return entry.path("template").asText();
      }
    }
    return null;
  }

  /** A special token given as a string or as an AddedToken object ({@code {content: ...}}). */
  private static String token(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isObject() && node.path("content").isTextual()) {
      return node.path("content").asText();
    }
    return null;
  }
}
