package dev.gantry.adapters.vertex.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VertexEmbeddingsTest {

  private static final String LOC =
      "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1";

  private static EmbeddingRequest request(List<String> texts, Integer dimensions,
      ObjectNode extensions) {
    return new EmbeddingRequest("e", new EmbeddingInput.Texts(texts), dimensions, null, extensions);
  }

  private static JsonNode body(VertexEmbeddings.Plan plan, int i) throws Exception {
    return PredictJson.MAPPER.readTree(plan.requests().get(i).body().getBytes());
  }

  private static UpstreamResponse answer(String json) {
    return new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(json));
  }

  private static String predictions(int n, int tokens) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add("{\"embeddings\":{\"values\":[" + i + ".5,1],\"statistics\":{\"token_count\":"
          + tokens + ",\"truncated\":false}}}");
    }
    return "{\"predictions\":[" + String.join(",", items) + "]}";
  }

  @Test
  void plan_geminiEmbedding_fansOutOneTextPerCall() throws Exception {
    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request(List.of("a", "b", "c"), null, null),
        LOC, "gemini-embedding-001", Map.of());

    assertThat(plan.requests()).hasSize(3);
    assertThat(plan.counts()).containsExactly(1, 1, 1);
    assertThat(plan.requests().get(0).url())
        .isEqualTo(LOC + "/publishers/google/models/gemini-embedding-001:predict");
    assertThat(body(plan, 2).get("instances").get(0).get("content").textValue()).isEqualTo("c");
    assertThat(body(plan, 2).has("parameters")).isFalse();
  }

  @Test
  void plan_textEmbedding_batchesUpTo250() {
    List<String> texts = Collections.nCopies(300, "x");
    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request(texts, null, null), LOC,
        "text-embedding-005", Map.of());

    assertThat(plan.counts()).containsExactly(250, 50);
  }

  @Test
  void plan_taskTypeAndParameters_requestWinsOverOption() throws Exception {
    ObjectNode ext = JsonNodeFactory.instance.objectNode().put("task_type", "retrieval_query")
        .put("auto_truncate", false);
    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request(List.of("a"), 256, ext), LOC,
        "text-embedding-005", Map.of("task_type", "RETRIEVAL_DOCUMENT"));

    JsonNode body = body(plan, 0);
    assertThat(body.get("instances").get(0).get("task_type").textValue())
        .isEqualTo("RETRIEVAL_QUERY");
    assertThat(body.get("parameters").get("outputDimensionality").intValue()).isEqualTo(256);
    assertThat(body.get("parameters").get("autoTruncate").booleanValue()).isFalse();
  }

  @Test
  void plan_taskTypeOption_isDefault() throws Exception {
    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request(List.of("a"), null, null), LOC,
        "text-multilingual-embedding-002", Map.of("task_type", "CLUSTERING"));

    assertThat(body(plan, 0).get("instances").get(0).get("task_type").textValue())
        .isEqualTo("CLUSTERING");
  }

  @Test
  void plan_badTaskType_isInvalidRequest() {
    ObjectNode ext = JsonNodeFactory.instance.objectNode().put("task_type", "SEARCH");
    assertThatThrownBy(() -> VertexEmbeddings.plan(request(List.of("a"), null, ext), LOC,
        "text-embedding-005", Map.of()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("task_type");
          assertThat(e.getMessage()).startsWith("Invalid 'task_type': expected one of");
        });
  }

  @Test
  void plan_badTaskTypeOption_isInternal() {
    assertThatThrownBy(() -> VertexEmbeddings.plan(request(List.of("a"), null, null), LOC,
        "text-embedding-005", Map.of("task_type", "nope")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
          assertThat(e.getMessage()).contains("deployment option 'task_type'");
        });
  }

  @Test
  void plan_tokenIds_isUnsupported() {
    EmbeddingRequest r = new EmbeddingRequest("e",
        new EmbeddingInput.TokenIds(List.of(new int[] {1, 2})), null, null, null);
    assertThatThrownBy(() -> VertexEmbeddings.plan(r, LOC, "text-embedding-005", Map.of()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo("input");
        });
  }

  @Test
  void plan_zeroDimensions_isInvalidRequest() {
    assertThatThrownBy(() -> VertexEmbeddings.plan(request(List.of("a"), 0, null), LOC,
        "text-embedding-005", Map.of()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("dimensions");
        });
  }

  @Test
  void combine_fannedOutAnswers_keepsOrderAndSumsTokens() {
    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request(List.of("a", "b"), null, null), LOC,
        "gemini-embedding-001", Map.of());

    EmbeddingResponse r = VertexEmbeddings.combine(plan,
        List.of(answer(predictions(1, 3)), answer(predictions(1, 4))));

    assertThat(r.vectors()).hasSize(2);
    assertThat(r.usage()).isEqualTo(Usage.of(7, 0));
  }

  @Test
  void combine_wrongCount_isUpstreamError() {
    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request(List.of("a", "b"), null, null), LOC,
        "text-embedding-005", Map.of());

    assertThatThrownBy(() -> VertexEmbeddings.combine(plan, List.of(answer(predictions(1, 3)))))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void combine_notJson_isUpstreamError() {
    VertexEmbeddings.Plan plan = VertexEmbeddings.plan(request(List.of("a"), null, null), LOC,
        "text-embedding-005", Map.of());

    assertThatThrownBy(() -> VertexEmbeddings.combine(plan, List.of(answer("<html>"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("could not read");
        });
  }
}
