package dev.gantry.policies.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.config.CacheSettings;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The exact-cache key of a request: which namespace it lives in, and the SHA-256 of the canonical
 * form of everything that can change the answer.
 *
 * <p>The canonical form of a chat or text completion is the OpenAI body the gateway would send
 * upstream ({@link OpenAiChat#writeRequest}, {@link OpenAiCompletions#writeRequest}) with the
 * alias as {@code model}, so every parameter the request model captures takes part, pass-through
 * extensions included, in their normalized form (one content form, one max-tokens field).
 * That body is then trimmed of the {@linkplain #IGNORED fields that cannot change the answer},
 * {@code n: 1} is dropped (it is the default), and an assistant message's reasoning blocks are
 * added back (the OpenAI writer leaves them out, but Claude reads them). Objects' keys are sorted
 * and numbers written by value ({@link CanonicalJson}), so neither key order nor whitespace of
 * the client's body matters, nor {@code 0} versus {@code 0.0}. A field not known to be harmless
 * stays in the key: a missed hit costs a provider call, a wrong hit serves another question's
 * answer.
 *
 * <p>The hashed document also names the {@link #VERSION format version}, the kind of request
 * (chat, completion, embedding) and the namespace, so a change of this format, or a store that
 * keyed on the hash alone, can never serve an entry across formats, endpoints or tenants.
 *
 * <p>Embeddings are keyed per input, so a batch can be answered partly from the cache and partly
 * by the provider: the key of one string is the same alone or at any position of any batch.
 * {@code encoding_format} is not part of it: the gateway always asks upstream for floats and
 * encodes for the client itself, so the cached vector serves both encodings.
 */
public final class CacheKeys {

  /** The canonical format's version; bump it whenever what is hashed changes. */
  public static final String VERSION = "v1";

  /**
   * Top-level request fields that cannot change the answer, left out of the key: the end-user id
   * ({@code user}, and OpenAI's newer {@code safety_identifier}), the transport ({@code stream},
   * {@code stream_options}), OpenAI's stored-completions bookkeeping ({@code store},
   * {@code metadata}) and the provider's prompt-cache routing hint ({@code prompt_cache_key}).
   * {@code service_tier} stays in: the response reports the tier that served it.
   */
  public static final Set<String> IGNORED = Set.of("user", "safety_identifier", "stream",
      "stream_options", "store", "metadata", "prompt_cache_key");

  /** What stands for the last user turn's text in a {@linkplain #semanticScope scope}. */
  static final String SEMANTIC_PLACEHOLDER = "\u0000gantry:last-user-text\u0000";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CacheKeys() {}

  /**
   * The namespace of a request made with key {@code keyName}: {@code key:<name>},
   * {@code team:<name>} or {@code global}. Under {@link Scope#TEAM}, a key without a team gets its
   * own key namespace, never the global one: a teamless key must not see other keys' entries.
   *
   * @param teamName the key's team, or null when it has none
   */
  public static String namespace(CacheSettings.Scope scope, String keyName, String teamName) {
    Objects.requireNonNull(scope, "scope");
    if (scope == CacheSettings.Scope.GLOBAL) {
      return "global";
    }
    Objects.requireNonNull(keyName, "keyName");
    if (scope == CacheSettings.Scope.TEAM && teamName != null) {
      return "team:" + teamName;
    }
    return "key:" + keyName;
  }

  /** About how many characters a completion request's key hashes (its prompt). */
  public static long weight(CompletionRequest request) {
    return weight(request.prompt());
  }

  /** About how many characters the keys of an embeddings request hash (all its inputs). */
  public static long weight(EmbeddingRequest request) {
    EmbeddingInput input = request.input();
    if (input instanceof EmbeddingInput.Texts) {
      return ((EmbeddingInput.Texts) input).texts().stream().mapToLong(String::length).sum();
    }
    return ((EmbeddingInput.TokenIds) input).inputs().stream().mapToLong(ids -> ids.length * 6L)
        .sum();
  }

  private static long weight(JsonNode prompt) {
    if (prompt == null) {
      return 0;
    }
    if (prompt.isTextual()) {
      return prompt.textValue().length();
    }
    long chars = 0;
    for (JsonNode item : prompt) {
      chars += item.isContainerNode() ? weight(item) : item.isTextual()
          ? item.textValue().length() : 6;
    }
    return chars;
  }

  /**
   * About how many characters a chat request's key hashes: its texts, tool-call arguments and
   * images (URLs or inline base64), counted in O(parts) without serializing anything. Large
   * requests are keyed off the event loop.
   */
  public static long weight(ChatRequest request) {
    long chars = 0;
    for (Message m : request.messages()) {
      for (ContentPart part : m.content()) {
        if (part instanceof ContentPart.Text) {
          chars += ((ContentPart.Text) part).text().length();
        } else if (part instanceof ContentPart.Image) {
          ImageSource source = ((ContentPart.Image) part).source();
          chars += source instanceof ImageSource.Inline
              ? ((ImageSource.Inline) source).base64().length()
              : ((ImageSource.Url) source).url().length();
        }
      }
      for (ToolCall call : m.toolCalls()) {
        chars += call.arguments() == null ? 0 : call.arguments().length();
      }
    }
    return chars;
  }

  /**
   * The key of a chat completion.
   *
   * @param alias the model alias the request resolved to (normally {@code request.model()}); it
   *     replaces {@code request.model()} in the canonical form
   */
  public static CacheKey chat(String namespace, String alias, ChatRequest request) {
    ObjectNode body = parse(OpenAiChat.writeRequest(request, alias, false));
    trim(body);
    addReasoning(body, request.messages());
    return key(namespace, alias, "chat", body);
  }

  /**
   * The semantic-cache scope of a chat completion: the key of everything {@link #chat} hashes
   * except the text of the last user message, whose content parts are replaced by one fixed
   * placeholder. Requests that differ only in that text share the scope; any other difference
   * (namespace, alias, system prompt, earlier turns, the message's name, tools, parameters,
   * extensions) changes it. The hashed document's kind is {@code chat-semantic}, so a scope
   * never equals an exact {@link #chat} key.
   *
   * @return null when the request is not semantically cacheable (see {@link #lastUserText})
   */
  public static CacheKey semanticScope(String namespace, String alias, ChatRequest request) {
    if (lastUserText(request) == null) {
      return null;
    }
    List<Message> messages = new ArrayList<>(request.messages());
    Message last = messages.get(messages.size() - 1);
    messages.set(messages.size() - 1, new Message(last.role(),
        List.of(ContentPart.text(SEMANTIC_PLACEHOLDER)), last.toolCalls(), last.toolCallId(),
        last.name(), last.reasoning()));
    ChatRequest scoped = new ChatRequest(request.model(), messages, request.params(),
        request.tools(), request.toolChoice(), request.responseFormat(), request.stream(),
        request.includeUsage(), request.user(), request.extensions());
    ObjectNode body = parse(OpenAiChat.writeRequest(scoped, alias, false));
    trim(body);
    addReasoning(body, scoped.messages());
    return key(namespace, alias, "chat-semantic", body);
  }

  /**
   * The text a semantic cache embeds: the last message's text parts joined, when that message is
   * a user message made only of text parts (at least one). Null otherwise: a conversation that
   * ends with another role, an empty message, or one with an image is not semantically cacheable.
   */
  public static String lastUserText(ChatRequest request) {
    List<Message> messages = request.messages();
    if (messages.isEmpty()) {
      return null;
    }
    Message last = messages.get(messages.size() - 1);
    if (last.role() != Role.USER || last.content().isEmpty()) {
      return null;
    }
    for (ContentPart part : last.content()) {
      if (!(part instanceof ContentPart.Text)) {
        return null;
      }
    }
    return last.text();
  }

  /** The key of a legacy text completion; {@code alias} as for {@link #chat}. */
  public static CacheKey completion(String namespace, String alias, CompletionRequest request) {
    ObjectNode body = parse(OpenAiCompletions.writeRequest(request, alias, false));
    trim(body);
    return key(namespace, alias, "completion", body);
  }

  /**
   * The keys of an embeddings request, one per input in input order. Each covers the alias, that
   * one input (a string, or an array of token ids: never equal to a string's key),
   * {@code dimensions} and the pass-through extensions (e.g. an {@code input_type}).
   */
  public static List<CacheKey> embeddings(String namespace, String alias,
      EmbeddingRequest request) {
    ObjectNode common = NODES.objectNode();
    common.setAll(request.extensions());
    common.remove(IGNORED);
    common.remove("encoding_format");
    common.put("model", alias);
    if (request.dimensions() != null) {
      common.put("dimensions", request.dimensions());
    }
    List<CacheKey> keys = new ArrayList<>(request.input().size());
    if (request.input() instanceof EmbeddingInput.Texts) {
      for (String text : ((EmbeddingInput.Texts) request.input()).texts()) {
        keys.add(key(namespace, alias, "embedding", common.deepCopy().put("input", text)));
      }
    } else {
      for (int[] ids : ((EmbeddingInput.TokenIds) request.input()).inputs()) {
        ObjectNode body = common.deepCopy();
        ArrayNode array = body.putArray("input_tokens");
        for (int id : ids) {
          array.add(id);
        }
        keys.add(key(namespace, alias, "embedding", body));
      }
    }
    return keys;
  }

  /** The document hashed for one request: version, kind, namespace and the canonical body. */
  static ObjectNode document(String namespace, String kind, ObjectNode body) {
    ObjectNode doc = NODES.objectNode();
    doc.put("version", VERSION);
    doc.put("kind", kind);
    doc.put("namespace", namespace);
    doc.set("request", body);
    return doc;
  }

  private static CacheKey key(String namespace, String alias, String kind, ObjectNode body) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(alias, "alias");
    return new CacheKey(namespace, alias, CanonicalJson.sha256(document(namespace, kind, body)));
  }

  private static void trim(ObjectNode body) {
    body.remove(IGNORED);
    JsonNode n = body.get("n");
    if (n != null && n.isIntegralNumber() && n.intValue() == 1) {
      body.remove("n");
    }
  }

  /** Adds each message's reasoning blocks, as LiteLLM's {@code thinking_blocks} carry them. */
  private static void addReasoning(ObjectNode body, List<Message> messages) {
    JsonNode written = body.get("messages");
    for (int i = 0; i < messages.size(); i++) {
      List<ReasoningBlock> reasoning = messages.get(i).reasoning();
      if (reasoning.isEmpty()) {
        continue;
      }
      ArrayNode blocks = ((ObjectNode) written.get(i)).putArray("thinking_blocks");
      for (ReasoningBlock b : reasoning) {
        ObjectNode block = blocks.addObject();
        block.put("text", b.text());
        block.put("signature", b.signature());
        block.put("redacted", b.redacted());
      }
    }
  }

  private static ObjectNode parse(Buffer body) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("the gateway's own request body did not parse", e);
    }
  }
}
