package dev.gantry.adapters.bedrock.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openai.OpenAiImages;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case under {@code golden/bedrock/{embeddings,images}/}: the client's request, read
 * by the real OpenAI codec, must plan exactly the recorded (or documented) InvokeModel calls, and
 * the recorded answers must combine into the expected client response (written by the real codec,
 * without the fields the gateway stamps).
 */
class BedrockInvokeGoldenTest {

  static List<String> embeddingCases() {
    return BedrockGoldens.cases("embeddings");
  }

  static List<String> imageCases() {
    return BedrockGoldens.cases("images");
  }

  @ParameterizedTest
  @MethodSource("embeddingCases")
  void embeddings_goldenCase_plansRecordedCallsAndCombinesAnswers(String name) {
    BedrockGoldens.Deployment d = BedrockGoldens.deployment("embeddings", name);
    EmbeddingRequest request = OpenAiEmbeddings.readRequest(
        BedrockGoldens.json(BedrockGoldens.file("embeddings", name, "openai-request.json")));

    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(request, d.model(), d.endpoint(),
        d.options());

    assertThat(BedrockGoldens.calls(plan.requests())).isEqualTo(BedrockGoldens.json(
        BedrockGoldens.file("embeddings", name, "provider-request.json")));
    ObjectNode written = (ObjectNode) BedrockGoldens.parse(OpenAiEmbeddings.writeResponse(
        BedrockEmbeddings.combine(plan, BedrockGoldens.responses("embeddings", name)),
        "stamped", false));
    written.remove("model");
    BedrockGoldens.assertMatches(BedrockGoldens.file("embeddings", name, "openai-response.json"),
        written);
  }

  @ParameterizedTest
  @MethodSource("imageCases")
  void images_goldenCase_plansDocumentedCallsAndCombinesAnswers(String name) {
    BedrockGoldens.Deployment d = BedrockGoldens.deployment("images", name);
    ImageRequest request = OpenAiImages.readRequest(
        BedrockGoldens.json(BedrockGoldens.file("images", name, "openai-request.json")));

    BedrockImages.Plan plan = BedrockImages.plan(request, d.model(), d.endpoint(), d.options());

    assertThat(BedrockGoldens.calls(plan.requests())).isEqualTo(BedrockGoldens.json(
        BedrockGoldens.file("images", name, "provider-request.json")));
    JsonNode written;
    try {
      ObjectNode ok = (ObjectNode) BedrockGoldens.parse(OpenAiImages.writeResponse(
          BedrockImages.combine(plan, BedrockGoldens.responses("images", name)), 0));
      ok.remove("created");
      written = ok;
    } catch (GatewayException e) {
      written = BedrockGoldens.parse(OpenAiErrors.write(e));
    }
    BedrockGoldens.assertMatches(BedrockGoldens.file("images", name, "openai-response.json"),
        written);
  }
}
