package dev.gantry.adapters.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.Message;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code :countTokens} carries the generateContent request's contents, system instruction, tools
 * and generation config, as in the recording (resources {@code count-tokens/}), and reads
 * {@code totalTokens}.
 */
class GeminiCountTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESOURCE = "https://aiplatform.googleapis.com/v1/projects/p/locations"
      + "/global/publishers/google/models/gemini-2.5-flash";

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = GeminiCountTokensTest.class.getResourceAsStream("/count-tokens/" + name)) {
      return JSON.readTree(in);
    }
  }

  @Test
  void toRequest_recordedPrompt_matchesTheRecordedCountRequest() throws Exception {
    ChatRequest request = ChatRequest.of("alias", List.of(
        Message.system("You are a helpful chatbot."),
        Message.user("What is the capital of France?")));

    ProviderHttpRequest count = GeminiCountTokens.toRequest(
        new GeminiTranslator().toRequestAt(request, RESOURCE, false));

    assertThat(count.url()).isEqualTo(RESOURCE + ":countTokens");
    JsonNode recorded = resource("gemini-count-tokens-request.json");
    JsonNode body = JSON.readTree(count.body().getBytes());
    assertThat(body.get("contents")).isEqualTo(recorded.get("contents"));
    assertThat(body.get("systemInstruction").get("parts"))
        .as("the recording's systemInstruction (the Python SDK also names a role)")
        .isEqualTo(recorded.get("systemInstruction").get("parts"));
    assertThat(body.has("tools")).as("the recording's native googleSearch tool has no OpenAI form")
        .isFalse();
  }

  @Test
  void toRequest_maxTokens_keepsGenerationConfigDropsToolConfig() throws Exception {
    ChatRequest request = ChatRequest.of("alias", List.of(Message.user("Hi")))
        .withParams(new GenerationParams(null, null, 64, List.of(), null, null, null, null, null,
            null));

    JsonNode body = JSON.readTree(GeminiCountTokens.toRequest(
        new GeminiTranslator().toRequestAt(request, RESOURCE, false)).body().getBytes());

    assertThat(body.path("generationConfig").path("maxOutputTokens").intValue()).isEqualTo(64);
    assertThat(body.has("toolConfig")).isFalse();
  }

  @Test
  void fromResponse_recordedAnswer_isTotalTokens() throws Exception {
    assertThat(GeminiCountTokens.fromResponse(resource("gemini-count-tokens-response.json")))
        .isEqualTo(13);
  }
}
