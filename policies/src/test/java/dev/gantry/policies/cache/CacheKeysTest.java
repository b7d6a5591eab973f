package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.config.CacheSettings.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

  private static final String NS = "team:search";
  private static final int ROUNDS = 200;

  @Test
  void chat_reformattedBody_sameKey() {
    ObjectNode body = resource("chat-request.json");
    CacheKey expected = chat(body);
    Random random = new Random(8);

    for (int i = 0; i < ROUNDS; i++) {
      String text = Reformat.json(body, random);
      assertThat(chat(parse(text))).as(text).isEqualTo(expected);
    }
  }

  @Test
  void completion_reformattedBody_sameKey() {
    ObjectNode body = resource("completion-request.json");
    CacheKey expected = completion(body);
    Random random = new Random(9);

    for (int i = 0; i < ROUNDS; i++) {
      String text = Reformat.json(body, random);
      assertThat(completion(parse(text))).as(text).isEqualTo(expected);
    }
  }

  @Test
  void chat_eachAnswerChangingEdit_changesKey() {
    ObjectNode base = resource("chat-request.json");
    Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
    edits.put("system text by one char",
        b -> set(b, "/messages/0/content", "You answer in one word!"));
    edits.put("part text", b -> set(b, "/messages/1/content/0/text", "What is on this picture"));
    edits.put("image url",
        b -> set(b, "/messages/1/content/1/image_url/url", "https://example.com/dog.png"));
    edits.put("image detail", b -> set(b, "/messages/1/content/1/image_url/detail", "high"));
    edits.put("role", b -> set(b, "/messages/0/role", "developer"));
    edits.put("participant name", b -> set(b, "/messages/1/name", "bob"));
    edits.put("tool call arguments",
        b -> set(b, "/messages/2/tool_calls/0/function/arguments", "{\"q\":\"cats\"}"));
    edits.put("tool call id", b -> {
      set(b, "/messages/2/tool_calls/0/id", "call_2");
      set(b, "/messages/3/tool_call_id", "call_2");
    });
    edits.put("tool result", b -> set(b, "/messages/3/content", "A dog."));
    edits.put("message order", b -> {
      ArrayNode m = (ArrayNode) b.get("messages");
      m.insert(4, m.remove(0));
    });
    edits.put("extra message", b -> ((ArrayNode) b.get("messages")).addObject()
        .put("role", "user").put("content", "?"));
    edits.put("tool schema",
        b -> set(b, "/tools/0/function/parameters/properties/limit/minimum", 2));
    edits.put("tool schema required",
        b -> ((ArrayNode) b.at("/tools/0/function/parameters/required")).add("limit"));
    edits.put("tool description", b -> set(b, "/tools/0/function/description", "Looks up."));
    edits.put("tool strict", b -> ((ObjectNode) b.at("/tools/0/function")).put("strict", false));
    edits.put("no tools", b -> {
      b.remove("tools");
      b.remove("tool_choice");
      b.remove("parallel_tool_calls");
    });
    edits.put("tool_choice", b -> b.put("tool_choice", "required"));
    edits.put("response_format", b -> b.putObject("response_format").put("type", "json_object"));
    edits.put("response schema",
        b -> set(b, "/response_format/json_schema/schema/properties/word/type", "number"));
    edits.put("temperature", b -> b.put("temperature", 0.01));
    edits.put("top_p", b -> b.put("top_p", 0.9));
    edits.put("max_tokens", b -> b.put("max_completion_tokens", 51));
    edits.put("stop", b -> ((ArrayNode) b.get("stop")).remove(1));
    edits.put("stop order", b -> {
      ArrayNode s = (ArrayNode) b.get("stop");
      s.insert(0, s.remove(1));
    });
    edits.put("n", b -> b.put("n", 3));
    edits.put("seed", b -> b.put("seed", 8));
    edits.put("presence_penalty", b -> b.put("presence_penalty", 0.6));
    edits.put("frequency_penalty", b -> b.remove("frequency_penalty"));
    edits.put("logprobs", b -> {
      b.put("logprobs", false);
      b.remove("top_logprobs");
    });
    edits.put("top_logprobs", b -> b.put("top_logprobs", 4));
    edits.put("extension parallel_tool_calls", b -> b.put("parallel_tool_calls", true));
    edits.put("extension service_tier", b -> b.put("service_tier", "flex"));
    edits.put("unknown extension", b -> b.put("reasoning_effort", "high"));
    edits.put("alias", b -> b.put("model", "smarter"));

    CacheKey original = chat(base);
    Set<String> hashes = new HashSet<>(List.of(original.hash()));
    edits.forEach((name, edit) -> {
      ObjectNode edited = base.deepCopy();
      edit.accept(edited);
      CacheKey key = chat(edited);
      assertThat(key.hash()).as(name).isNotEqualTo(original.hash());
      assertThat(hashes.add(key.hash())).as(name + " collides with another edit").isTrue();
    });
  }

  @Test
  void chat_fieldsThatCannotChangeTheAnswer_sameKey() {
    ObjectNode base = resource("chat-request.json");
    Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
    edits.put("user", b -> b.put("user", "someone-else"));
    edits.put("no user", b -> b.remove("user"));
    edits.put("no stream", b -> {
      b.remove("stream");
      b.remove("stream_options");
    });
    edits.put("stream without usage", b -> b.remove("stream_options"));
    edits.put("metadata", b -> b.putObject("metadata").put("trace", "xyz"));
    edits.put("store", b -> b.put("store", true));
    edits.put("safety_identifier", b -> b.put("safety_identifier", "h-123"));
    edits.put("prompt_cache_key", b -> b.put("prompt_cache_key", "pk"));
    edits.put("max_tokens spelling", b -> b.set("max_tokens", b.remove("max_completion_tokens")));
    edits.put("integral temperature", b -> b.put("temperature", 0));

    CacheKey original = chat(base);
    edits.forEach((name, edit) -> {
      ObjectNode edited = base.deepCopy();
      edit.accept(edited);
      assertThat(chat(edited)).as(name).isEqualTo(original);
    });
  }

  @Test
  void chat_nOfOne_sameAsNoN() {
    ObjectNode one = resource("chat-request.json").put("n", 1);
    ObjectNode none = one.deepCopy();
    none.remove("n");

    assertThat(chat(one)).isEqualTo(chat(none));
  }

  @Test
  void chat_aliasArgument_replacesRequestModel() {
    ChatRequest request = OpenAiChat.readRequest(resource("chat-request.json"));

    CacheKey key = CacheKeys.chat(NS, "smart-v2", request);

    assertThat(key.alias()).isEqualTo("smart-v2");
    assertThat(key).isNotEqualTo(CacheKeys.chat(NS, "smart", request));
    assertThat(key.hash()).matches("[0-9a-f]{64}");
  }

  @Test
  void chat_reasoningBlocks_partOfKey() {
    Message plain = new Message(Role.ASSISTANT, List.of(), List.of(), null, null);
    Message thought = new Message(Role.ASSISTANT, List.of(), List.of(), null, null,
        List.of(ReasoningBlock.text("hmm", "sig")));
    Message otherSignature = new Message(Role.ASSISTANT, List.of(), List.of(), null, null,
        List.of(ReasoningBlock.text("hmm", "sig2")));

    Set<String> hashes = new HashSet<>();
    for (Message m : List.of(plain, thought, otherSignature)) {
      hashes.add(CacheKeys.chat(NS, "a", ChatRequest.of("a",
          List.of(Message.user("q"), m, Message.user("go on")))).hash());
    }

    assertThat(hashes).hasSize(3);
  }

  @Test
  void completion_answerChangingEdits_changeKey_ignoredFieldsDoNot() {
    ObjectNode base = resource("completion-request.json");
    CacheKey original = completion(base);
    Map<String, Consumer<ObjectNode>> changing = new LinkedHashMap<>();
    changing.put("prompt", b -> set(b, "/prompt/1", "Say this is another test!"));
    changing.put("prompt as tokens", b -> b.putArray("prompt").add(1).add(2));
    changing.put("temperature", b -> b.put("temperature", 0.2));
    changing.put("max_tokens", b -> b.put("max_tokens", 17));
    changing.put("logprobs", b -> b.put("logprobs", 3));
    changing.put("echo", b -> b.put("echo", false));
    changing.put("suffix", b -> b.remove("suffix"));
    changing.put("alias", b -> b.put("model", "legacy2"));
    changing.forEach((name, edit) -> {
      ObjectNode edited = base.deepCopy();
      edit.accept(edited);
      assertThat(completion(edited).hash()).as(name).isNotEqualTo(original.hash());
    });

    ObjectNode quiet = base.deepCopy();
    quiet.remove(List.of("user", "stream", "stream_options", "n"));
    assertThat(completion(quiet)).isEqualTo(original);
  }

  @Test
  void kinds_sameTextAsChatCompletionAndEmbedding_differentKeys() {
    String chat = CacheKeys.chat(NS, "m", ChatRequest.of("m", List.of(Message.user("hi")))).hash();
    String completion = completion(Json.MAPPER.createObjectNode().put("model", "m")
        .put("prompt", "hi")).hash();
    String embedding = CacheKeys.embeddings(NS, "m", EmbeddingRequest.ofTexts("m", List.of("hi")))
        .get(0).hash();

    assertThat(Set.of(chat, completion, embedding)).hasSize(3);
  }

  @Test
  void embeddings_keyPerInput_sameAloneOrAnywhereInABatch() {
    List<String> texts = List.of("alpha", "beta", "gamma", "alpha");
    List<CacheKey> batch =
        CacheKeys.embeddings(NS, "embed", EmbeddingRequest.ofTexts("embed", texts));
    Random random = new Random(10);

    assertThat(batch).hasSize(4);
    assertThat(batch.get(0)).isEqualTo(batch.get(3));
    assertThat(Set.of(batch.get(0), batch.get(1), batch.get(2))).hasSize(3);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(CacheKeys.embeddings(NS, "embed",
          EmbeddingRequest.ofTexts("embed", List.of(texts.get(i))))).containsExactly(batch.get(i));
    }
    for (int i = 0; i < ROUNDS / 10; i++) {
      List<String> shuffled = new ArrayList<>(texts);
      Collections.shuffle(shuffled, random);
      List<CacheKey> keys = CacheKeys.embeddings(NS, "embed",
          EmbeddingRequest.ofTexts("embed", shuffled));
      for (int j = 0; j < shuffled.size(); j++) {
        assertThat(keys.get(j)).isEqualTo(batch.get(texts.indexOf(shuffled.get(j))));
      }
    }
  }

  @Test
  void embeddings_encodingFormatAndUser_ignored_dimensionsAndExtensions_not() {
    CacheKey base = embedding("{\"model\":\"e\",\"input\":\"x\"}");

    assertThat(embedding("{\"model\":\"e\",\"input\":[\"x\"],\"encoding_format\":\"base64\","
        + "\"user\":\"u\"}")).isEqualTo(base);
    assertThat(embedding("{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"float\"}"))
        .isEqualTo(base);
    assertThat(embedding("{\"model\":\"e\",\"input\":\"x\",\"dimensions\":256}"))
        .isNotEqualTo(base);
    assertThat(embedding("{\"model\":\"e\",\"input\":\"x\",\"input_type\":\"query\"}"))
        .isNotEqualTo(base);
    assertThat(embedding("{\"model\":\"e2\",\"input\":\"x\"}").hash()).isNotEqualTo(base.hash());
    assertThat(embedding("{\"model\":\"e\",\"input\":\"x \"}")).isNotEqualTo(base);
  }

  @Test
  void embeddings_tokenIds_keyedPerArray_neverAsText() {
    EmbeddingRequest ids = new EmbeddingRequest("e", new EmbeddingInput.TokenIds(
        List.of(new int[] {1, 2}, new int[] {2, 1}, new int[] {1, 2})), null, null, null);

    List<CacheKey> keys = CacheKeys.embeddings(NS, "e", ids);

    assertThat(keys.get(0)).isEqualTo(keys.get(2)).isNotEqualTo(keys.get(1));
    assertThat(keys.get(0)).isEqualTo(embedding("{\"model\":\"e\",\"input\":[1,2]}"));
    assertThat(keys.get(0)).isNotEqualTo(embedding("{\"model\":\"e\",\"input\":\"[1,2]\"}"));
  }

  @Test
  void namespace_eachScope() {
    assertThat(CacheKeys.namespace(Scope.KEY, "ci", "search")).isEqualTo("key:ci");
    assertThat(CacheKeys.namespace(Scope.TEAM, "ci", "search")).isEqualTo("team:search");
    assertThat(CacheKeys.namespace(Scope.GLOBAL, "ci", "search")).isEqualTo("global");
    assertThat(CacheKeys.namespace(Scope.GLOBAL, null, null)).isEqualTo("global");
  }

  @Test
  void namespace_teamScopeWithoutTeam_isTheKeysOwnNeverGlobal() {
    assertThat(CacheKeys.namespace(Scope.TEAM, "solo", null)).isEqualTo("key:solo");
    assertThat(CacheKeys.namespace(Scope.TEAM, "solo", null))
        .isNotEqualTo(CacheKeys.namespace(Scope.TEAM, "other", null));
  }

  @Test
  void namespace_keyOrTeamScopeWithoutKeyName_fails() {
    assertThatThrownBy(() -> CacheKeys.namespace(Scope.TEAM, null, "search"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CacheKeys.namespace(Scope.KEY, null, null))
        .isInstanceOf(NullPointerException.class);
  }

  /** Two keys of different teams never share a cache key, whatever the names and the request. */
  @Test
  void tenantIsolation_keysOfDifferentTeams_neverShareAKey() {
    ChatRequest chat = OpenAiChat.readRequest(resource("chat-request.json"));
    EmbeddingRequest embed = EmbeddingRequest.ofTexts("e", List.of("same text"));
    // Key names are unique (a key is in one team); the names tempt a naive concatenation.
    String[][] keysAndTeams = {{"a", "red"}, {"b", "blue"}, {"team:red", "key:a"},
        {"red", "a"}, {"c", "red "}, {"global", "global"}};
    for (Scope scope : List.of(Scope.KEY, Scope.TEAM)) {
      for (String[] one : keysAndTeams) {
        for (String[] other : keysAndTeams) {
          if (one[1].equals(other[1])) {
            continue;
          }
          String ns1 = CacheKeys.namespace(scope, one[0], one[1]);
          String ns2 = CacheKeys.namespace(scope, other[0], other[1]);
          String pair = scope + " " + List.of(one) + " vs " + List.of(other);
          assertThat(ns1).as(pair).isNotEqualTo(ns2).isNotEqualTo("global");
          assertThat(CacheKeys.chat(ns1, "smart", chat)).as(pair)
              .isNotEqualTo(CacheKeys.chat(ns2, "smart", chat));
          assertThat(CacheKeys.chat(ns1, "smart", chat).hash()).as(pair)
              .isNotEqualTo(CacheKeys.chat(ns2, "smart", chat).hash());
          assertThat(CacheKeys.embeddings(ns1, "e", embed)).as(pair)
              .doesNotContainAnyElementsOf(CacheKeys.embeddings(ns2, "e", embed));
        }
      }
    }
  }

  @Test
  void tenantIsolation_keysOfOneTeam_shareUnderTeamScopeOnly() {
    ChatRequest chat = OpenAiChat.readRequest(resource("chat-request.json"));

    assertThat(CacheKeys.chat(CacheKeys.namespace(Scope.TEAM, "a", "red"), "smart", chat))
        .isEqualTo(CacheKeys.chat(CacheKeys.namespace(Scope.TEAM, "b", "red"), "smart", chat));
    assertThat(CacheKeys.chat(CacheKeys.namespace(Scope.KEY, "a", "red"), "smart", chat))
        .isNotEqualTo(CacheKeys.chat(CacheKeys.namespace(Scope.KEY, "b", "red"), "smart", chat));
  }

  @Test
  void canonicalBytes_nameVersionKindAndNamespace() {
    ObjectNode body = Json.MAPPER.createObjectNode().put("b", 1.50).put("a", "x");

    String text = new String(CanonicalJson.bytes(CacheKeys.document("key:k", "chat", body)),
        StandardCharsets.UTF_8);

    assertThat(text).isEqualTo("{\"kind\":\"chat\",\"namespace\":\"key:k\","
        + "\"request\":{\"a\":\"x\",\"b\":1.5},\"version\":\"v1\"}");
  }

  private static CacheKey chat(JsonNode body) {
    return CacheKeys.chat(NS, body.get("model").textValue(), OpenAiChat.readRequest(body));
  }

  private static CacheKey completion(JsonNode body) {
    return CacheKeys.completion(NS, body.get("model").textValue(),
        OpenAiCompletions.readRequest(body));
  }

  private static CacheKey embedding(String json) {
    JsonNode body = parse(json);
    List<CacheKey> keys = CacheKeys.embeddings(NS, body.get("model").textValue(),
        OpenAiEmbeddings.readRequest(body));
    assertThat(keys).hasSize(1);
    return keys.get(0);
  }

  private static void set(ObjectNode body, String pointer, Object value) {
    JsonPointer at = JsonPointer.compile(pointer);
    JsonNode parent = body.at(at.head());
    JsonNode node = value instanceof Integer
        ? Json.MAPPER.getNodeFactory().numberNode((Integer) value)
        : TextNode.valueOf((String) value);
    if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(at.last().getMatchingProperty()), node);
    } else {
      ((ObjectNode) parent).set(at.last().getMatchingProperty(), node);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode resource(String name) {
    try (InputStream in = CacheKeysTest.class.getResourceAsStream("/cache/" + name)) {
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
