package dev.gantry.adapters.vertex.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openai.OpenAiImages;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case under {@code golden/vertex/{embeddings,imagen}/}: a {@code deployment.json}
 * ({@code locationUrl}, {@code model}, {@code options}), the client's {@code openai-request.json}
 * (read by the real codec), the {@code :predict} calls it must plan
 * ({@code provider-request.json}, {@code [{url, body}]}), the answers
 * ({@code provider-response.json}, {@code [{status, body}]}) and the client's
 * {@code openai-response.json} (written by the real codec, or its error body).
 */
class VertexPredictGoldenTest {

  static List<String> embeddingCases() {
    return GoldenFiles.cases("vertex", "embeddings");
  }

  static List<String> imagenCases() {
    return GoldenFiles.cases("vertex", "imagen");
  }

  @ParameterizedTest
  @MethodSource("embeddingCases")
  void embeddings_goldenCase_plansRecordedCallsAndCombinesAnswers(String name) throws Exception {
    Path dir = GoldenFiles.dir("vertex", "embeddings", name);
    JsonNode d = GoldenFiles.json(dir.resolve("deployment.json"));
    EmbeddingRequest request = OpenAiEmbeddings.readRequest(
        GoldenFiles.json(dir.resolve("openai-request.json")));

    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request, d.get("locationUrl").asText(),
        d.get("model").asText(), options(d));

    assertThat(calls(plan.requests())).isEqualTo(GoldenFiles.json(dir.resolve("provider-request.json")));
    ObjectNode written = (ObjectNode) PredictJson.MAPPER.readTree(OpenAiEmbeddings.writeResponse(
        VertexEmbeddings.combine(plan, responses(dir)), "stamped", false).getBytes());
    written.remove("model");
    GoldenFiles.assertJson(dir.resolve("openai-response.json"), written);
  }

  @ParameterizedTest
  @MethodSource("imagenCases")
  void imagen_goldenCase_buildsDocumentedCallAndReadsAnswer(String name) throws Exception {
    Path dir = GoldenFiles.dir("vertex", "imagen", name);
    JsonNode d = GoldenFiles.json(dir.resolve("deployment.json"));
    ImageRequest request = OpenAiImages.readRequest(
        GoldenFiles.json(dir.resolve("openai-request.json")));

    ProviderHttpRequest http = VertexImagen.toRequest(request, d.get("locationUrl").asText(),
        d.get("model").asText(), options(d));

    assertThat(calls(List.of(http))).isEqualTo(GoldenFiles.json(dir.resolve("provider-request.json")));
    JsonNode written;
    try {
      ObjectNode ok = (ObjectNode) PredictJson.MAPPER.readTree(OpenAiImages.writeResponse(
          VertexImagen.fromResponse(responses(dir).get(0)), 0).getBytes());
      ok.remove("created");
      written = ok;
    } catch (GatewayException e) {
      written = PredictJson.MAPPER.readTree(OpenAiErrors.write(e).getBytes());
    }
    GoldenFiles.assertJson(dir.resolve("openai-response.json"), written);
  }

  private static Map<String, String> options(JsonNode deployment) {
    Map<String, String> options = new LinkedHashMap<>();
    deployment.path("options").fields()
        .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    return options;
  }

  static JsonNode calls(List<ProviderHttpRequest> requests) throws Exception {
    ArrayNode out = PredictJson.MAPPER.createArrayNode();
    for (ProviderHttpRequest r : requests) {
      assertThat(r.method().name()).isEqualTo("POST");
      assertThat(r.headers()).containsEntry("content-type", "application/json")
          .containsEntry("accept", "application/json");
      out.addObject().put("url", r.url()).set("body", PredictJson.MAPPER.readTree(r.body().getBytes()));
    }
    return out;
  }

  private static List<UpstreamResponse> responses(Path dir) throws Exception {
    List<UpstreamResponse> out = new ArrayList<>();
    for (JsonNode r : GoldenFiles.json(dir.resolve("provider-response.json"))) {
      out.add(new UpstreamResponse(r.path("status").asInt(200), MultiMap.caseInsensitiveMultiMap(),
          Buffer.buffer(PredictJson.MAPPER.writeValueAsBytes(r.get("body")))));
    }
    return out;
  }
}
