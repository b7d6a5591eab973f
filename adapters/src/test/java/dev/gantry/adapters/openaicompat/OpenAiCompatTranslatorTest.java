package dev.gantry.adapters.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.openai.Json;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiCompatTranslatorTest {

  private static final ChatRequest CHAT = ChatRequest.of("alias", List.of(Message.user("hi")));

  @Test
  void chat_vllmWithBearerKey_postsToChatCompletions() {
    OpenAiCompatTranslator t = new OpenAiCompatTranslator(settings("http://10.0.0.5:8000/v1/",
        null, Map.of(), Map.of()), "sk-local");

    ProviderHttpRequest r = t.chat(CHAT, "Qwen/Qwen3-8B", false);

    assertThat(r.method()).isEqualTo(HttpMethod.POST);
    assertThat(r.url()).isEqualTo("http://10.0.0.5:8000/v1/chat/completions");
    assertThat(r.headers()).containsExactly(Map.entry("content-type", "application/json"),
        Map.entry("Authorization", "Bearer sk-local"), Map.entry("accept", "application/json"));
    assertThat(Json.parse(r.body()).path("model").asText()).isEqualTo("Qwen/Qwen3-8B");
  }

  @Test
  void chat_stream_acceptsEventStreamAndAsksForUsage() {
    OpenAiCompatTranslator t = new OpenAiCompatTranslator(settings("http://h/v1", null, Map.of(),
        Map.of()), null);

    ProviderHttpRequest r = t.chat(CHAT, "m", true);

    assertThat(r.headers()).containsEntry("accept", "text/event-stream")
        .doesNotContainKey("Authorization");
    assertThat(Json.parse(r.body()).path("stream_options").path("include_usage").asBoolean())
        .isTrue();
  }

  @Test
  void chat_azureStyle_usesApiKeyHeaderQueryAndExtraHeaders() {
    OpenAiCompatTranslator t = new OpenAiCompatTranslator(settings(
        "https://res.openai.azure.com/openai/deployments/gpt4o", "api-key",
        Map.of("x-ms-client", "gantry", "a-first", "1"),
        Map.of("api-version", "2024-10-21")), "azure-key");

    ProviderHttpRequest r = t.chat(CHAT, "gpt4o", false);

    assertThat(r.url()).isEqualTo("https://res.openai.azure.com/openai/deployments/gpt4o"
        + "/chat/completions?api-version=2024-10-21");
    assertThat(r.headers()).containsExactly(Map.entry("content-type", "application/json"),
        Map.entry("a-first", "1"), Map.entry("x-ms-client", "gantry"),
        Map.entry("api-key", "azure-key"), Map.entry("accept", "application/json"));
  }

  @Test
  void urls_baseWithQueryAndParams_keepBothEncoded() {
    OpenAiCompatTranslator t = new OpenAiCompatTranslator(settings("http://h/v1?tenant=a",
        null, Map.of(), Map.of("x y", "1&2")), null);

    assertThat(t.embeddings(EmbeddingRequest.ofTexts("e", List.of("a")), "e").url())
        .isEqualTo("http://h/v1/embeddings?tenant=a&x+y=1%262");
  }

  @Test
  void otherApis_useTheirPaths() {
    OpenAiCompatTranslator t = new OpenAiCompatTranslator(settings("http://h/v1", null, Map.of(),
        Map.of()), null);

    assertThat(t.completion(new CompletionRequest("c", TextNode.valueOf("p"), null, false, false,
        null, null), "c", false).url()).isEqualTo("http://h/v1/completions");
    assertThat(t.images(new ImageRequest("i", "otter", 1, null, null, null, null, null, null),
        "i").url()).isEqualTo("http://h/v1/images/generations");
  }

  private static ProviderSettings.OpenAi settings(String baseUrl, String authHeader,
      Map<String, String> headers, Map<String, String> query) {
    return new ProviderSettings.OpenAi("p", baseUrl, null, authHeader, headers, query, null, 8);
  }
}
