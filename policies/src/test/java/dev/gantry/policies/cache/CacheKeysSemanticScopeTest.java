package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link CacheKeys#semanticScope} and {@link CacheKeys#lastUserText}, on the exact-key tests'
 * request ({@code cache/chat-request.json}, which ends with a user turn).
 */
class CacheKeysSemanticScopeTest {

  private static final String NS = "team:search";

  @Test
  void semanticScope_onlyTheLastUserTextDiffers_sameScope() {
    ObjectNode base = resource();
    ObjectNode other = base.deepCopy();
    lastMessage(other).put("content", "Which colour is it?");
    ObjectNode parts = base.deepCopy();
    lastMessage(parts).putArray("content").addObject().put("type", "text")
        .put("text", "Its colour, please");

    CacheKey scope = scope(base);

    assertThat(scope(other)).isEqualTo(scope);
    assertThat(scope(parts)).as("one text part is the string form").isEqualTo(scope);
    assertThat(scope.namespace()).isEqualTo(NS);
    assertThat(scope.alias()).isEqualTo("smart");
  }

  @Test
  void semanticScope_reformattedBody_sameScope() {
    ObjectNode base = resource();
    CacheKey expected = scope(base);
    Random random = new Random(10);

    for (int i = 0; i < 50; i++) {
      String text = Reformat.json(base, random);
      assertThat(scope(parse(text))).as(text).isEqualTo(expected);
    }
  }

  @Test
  void semanticScope_anyOtherChange_changesScope() {
    ObjectNode base = resource();
    Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
    edits.put("system prompt", b -> ((ObjectNode) b.at("/messages/0"))
        .put("content", "You answer in two words."));
    edits.put("earlier user turn",
        b -> ((ObjectNode) b.at("/messages/1/content/0")).put("text", "What is this?"));
    edits.put("tool result", b -> ((ObjectNode) b.at("/messages/3")).put("content", "A dog."));
    edits.put("earlier turn dropped", b -> ((ArrayNode) b.get("messages")).remove(0));
    edits.put("last user's name", b -> lastMessage(b).put("name", "bob"));
    edits.put("tool description", b -> ((ObjectNode) b.at("/tools/0/function"))
        .put("description", "Finds things."));
    edits.put("no tools", b -> {
      b.remove("tools");
      b.remove("tool_choice");
      b.remove("parallel_tool_calls");
    });
    edits.put("response_format", b -> b.putObject("response_format").put("type", "json_object"));
    edits.put("temperature", b -> b.put("temperature", 0.7));
    edits.put("max_tokens", b -> b.put("max_completion_tokens", 51));
    edits.put("seed", b -> b.put("seed", 8));
    edits.put("unknown extension", b -> b.put("reasoning_effort", "high"));
    edits.put("alias", b -> b.put("model", "smarter"));

    CacheKey original = scope(base);
    Set<String> hashes = new HashSet<>(List.of(original.hash()));
    edits.forEach((name, edit) -> {
      ObjectNode edited = base.deepCopy();
      edit.accept(edited);
      CacheKey key = scope(edited);
      assertThat(key.hash()).as(name).isNotEqualTo(original.hash());
      assertThat(hashes.add(key.hash())).as(name + " collides with another edit").isTrue();
    });
  }

  @Test
  void semanticScope_otherNamespace_changesScope() {
    ChatRequest request = OpenAiChat.readRequest(resource());

    CacheKey a = CacheKeys.semanticScope("key:a", "smart", request);
    CacheKey b = CacheKeys.semanticScope("key:b", "smart", request);

    assertThat(a.hash()).isNotEqualTo(b.hash());
  }

  @Test
  void semanticScope_fieldsThatCannotChangeTheAnswer_sameScope() {
    ObjectNode base = resource();
    ObjectNode edited = base.deepCopy();
    edited.put("user", "someone-else").put("stream", false).remove(List.of("stream_options", "metadata"));

    assertThat(scope(edited)).isEqualTo(scope(base));
  }

  @Test
  void semanticScope_isNeverTheExactKey() {
    ObjectNode base = resource();
    lastMessage(base).put("content", CacheKeys.SEMANTIC_PLACEHOLDER);
    ChatRequest request = OpenAiChat.readRequest(base);

    assertThat(CacheKeys.semanticScope(NS, "smart", request))
        .isNotEqualTo(CacheKeys.chat(NS, "smart", request));
  }

  @Test
  void semanticScope_lastMessageNotFromTheUser_isNull() {
    ObjectNode base = resource();
    ((ArrayNode) base.get("messages")).addObject().put("role", "assistant").put("content", "Red.");

    assertThat(scope(base)).isNull();
    assertThat(CacheKeys.lastUserText(OpenAiChat.readRequest(base))).isNull();
  }

  @Test
  void semanticScope_lastUserTurnWithAnImage_isNull() {
    ObjectNode base = resource();
    ArrayNode content = lastMessage(base).putArray("content");
    content.addObject().put("type", "text").put("text", "And this one?");
    content.addObject().put("type", "image_url").putObject("image_url")
        .put("url", "https://example.com/dog.png");

    assertThat(scope(base)).isNull();
    assertThat(CacheKeys.lastUserText(OpenAiChat.readRequest(base))).isNull();
  }

  @Test
  void lastUserText_textParts_areJoined() {
    ObjectNode base = resource();
    ArrayNode content = lastMessage(base).putArray("content");
    content.addObject().put("type", "text").put("text", "And its ");
    content.addObject().put("type", "text").put("text", "colour?");

    assertThat(CacheKeys.lastUserText(OpenAiChat.readRequest(base))).isEqualTo("And its colour?");
    assertThat(CacheKeys.lastUserText(OpenAiChat.readRequest(resource())))
        .isEqualTo("And its colour?");
  }

  private static CacheKey scope(JsonNode body) {
    return CacheKeys.semanticScope(NS, body.get("model").textValue(),
        OpenAiChat.readRequest(body));
  }

  private static ObjectNode lastMessage(ObjectNode body) {
    ArrayNode messages = (ArrayNode) body.get("messages");
    return (ObjectNode) messages.get(messages.size() - 1);
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode resource() {
    try (InputStream in = CacheKeysSemanticScopeTest.class
        .getResourceAsStream("/cache/chat-request.json")) {
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
