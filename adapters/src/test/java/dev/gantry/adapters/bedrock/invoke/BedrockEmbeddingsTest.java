package dev.gantry.adapters.bedrock.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BedrockEmbeddingsTest {

  private static final String EP = "https://bedrock-runtime.us-west-2.amazonaws.com";
  private static final String TITAN_V2 = "amazon.titan-embed-text-v2:0";
  private static final String COHERE_V3 = "cohere.embed-english-v3";
  private static final String COHERE_V4 = "cohere.embed-v4:0";
  private static final String NOVA = "amazon.nova-2-multimodal-embeddings-v1:0";

  private static EmbeddingRequest texts(List<String> texts, Integer dimensions, String extensions) {
    return new EmbeddingRequest("alias", new EmbeddingInput.Texts(texts), dimensions, null,
        (ObjectNode) json(extensions));
  }

  private static EmbeddingRequest texts(String... texts) {
    return texts(List.of(texts), null, "{}");
  }

  private static JsonNode json(String text) {
    try {
      return BedrockGoldens.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode body(ProviderHttpRequest r) {
    return BedrockGoldens.parse(r.body());
  }

  private static UpstreamResponse ok(String body, String tokenHeader) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (tokenHeader != null) {
      headers.add("x-amzn-bedrock-input-token-count", tokenHeader);
    }
    return new UpstreamResponse(200, headers, Buffer.buffer(body));
  }

  private static void assertFails(Runnable call, ErrorKind kind, String param, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.param()).isEqualTo(param);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void plan_titanBatch_oneCallPerTextInOrder() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts("a", "b", "c"), TITAN_V2, EP,
        Map.of());

    assertThat(plan.family()).isEqualTo(EmbeddingFamily.TITAN_V2);
    assertThat(plan.counts()).containsExactly(1, 1, 1);
    assertThat(plan.requests()).extracting(r -> body(r).path("inputText").asText())
        .containsExactly("a", "b", "c");
    assertThat(body(plan.requests().get(0))).isEqualTo(json(
        "{\"inputText\":\"a\",\"normalize\":true}"));
    assertThat(plan.requests().get(0).url())
        .isEqualTo(EP + "/model/amazon.titan-embed-text-v2%3A0/invoke");
  }

  @Test
  void plan_titanV2NormalizeFalse_isSent() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(
        texts(List.of("a"), 512, "{\"normalize\":false}"), TITAN_V2, EP, Map.of());

    assertThat(body(plan.requests().get(0))).isEqualTo(json(
        "{\"inputText\":\"a\",\"dimensions\":512,\"normalize\":false}"));
  }

  @Test
  void plan_cohere200Texts_batchesOf96() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add("t" + i);
    }

    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts(many, null, "{}"), COHERE_V3, EP,
        Map.of());

    assertThat(plan.counts()).containsExactly(96, 96, 8);
    assertThat(body(plan.requests().get(1)).path("texts").get(0).asText()).isEqualTo("t96");
    assertThat(body(plan.requests().get(2)).path("texts").get(7).asText()).isEqualTo("t199");
  }

  @Test
  void combine_cohereBatches_vectorsInInputOrderAndUsageSummed() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 97; i++) {
      many.add("t" + i);
    }
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts(many, null, "{}"), COHERE_V3, EP,
        Map.of());
    StringBuilder first = new StringBuilder("{\"embeddings\":[");
    for (int i = 0; i < 96; i++) {
      first.append(i == 0 ? "" : ",").append("[").append(i).append(",0]");
    }
    first.append("],\"response_type\":\"embeddings_floats\"}");

    EmbeddingResponse r = BedrockEmbeddings.combine(plan, List.of(ok(first.toString(), "300"),
        ok("{\"embeddings\":{\"float\":[[96,1]]},\"response_type\":\"embeddings_by_type\"}",
            "4")));

    assertThat(r.vectors()).hasSize(97);
    assertThat(r.vectors().get(0)).containsExactly(0f, 0f);
    assertThat(r.vectors().get(95)).containsExactly(95f, 0f);
    assertThat(r.vectors().get(96)).containsExactly(96f, 1f);
    assertThat(r.usage()).isEqualTo(Usage.of(304, 0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "request|{\"input_type\":\"classification\"}|search_query|classification",
      "option|{}|clustering|clustering",
      "default|{}||search_document",
  })
  void plan_cohereInputType_requestThenOptionThenDefault(String from, String extensions,
      String option, String expected) {
    Map<String, String> options = option == null ? Map.of() : Map.of("input_type", option);

    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts(List.of("x"), null, extensions),
        COHERE_V3, EP, options);

    assertThat(body(plan.requests().get(0))).isEqualTo(json("{\"texts\":[\"x\"],\"input_type\":\""
        + expected + "\",\"truncate\":\"NONE\"}"));
  }

  @Test
  void plan_cohereTruncateEnd_isSent() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(
        texts(List.of("x"), 1024, "{\"truncate\":\"end\"}"), COHERE_V4, EP, Map.of());

    assertThat(body(plan.requests().get(0))).isEqualTo(json("{\"texts\":[\"x\"],"
        + "\"input_type\":\"search_document\",\"output_dimension\":1024,\"truncate\":\"END\"}"));
  }

  @Test
  void plan_badInputType_failsInvalid() {
    assertFails(() -> BedrockEmbeddings.plan(texts(List.of("x"), null,
        "{\"input_type\":\"query\"}"), COHERE_V3, EP, Map.of()), ErrorKind.INVALID_REQUEST,
        "input_type", "expected one of search_document, search_query, classification, clustering");
  }

  @Test
  void plan_badInputTypeOption_failsInternal() {
    assertFails(() -> BedrockEmbeddings.plan(texts("x"), COHERE_V3, EP,
        Map.of("input_type", "query")), ErrorKind.INTERNAL, null,
        "deployment option 'input_type'");
  }

  @Test
  void plan_novaInputTypeQuery_retrievalPurpose() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(
        texts(List.of("x", "y"), null, "{\"input_type\":\"search_query\"}"), NOVA, EP, Map.of());

    assertThat(plan.counts()).containsExactly(1, 1);
    assertThat(body(plan.requests().get(1))).isEqualTo(json("{\"taskType\":\"SINGLE_EMBEDDING\","
        + "\"singleEmbeddingParams\":{\"embeddingPurpose\":\"GENERIC_RETRIEVAL\","
        + "\"text\":{\"value\":\"y\",\"truncationMode\":\"NONE\"}}}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}|GENERIC_INDEX",
      "{\"input_type\":\"clustering\"}|CLUSTERING",
      "{\"input_type\":\"classification\"}|CLASSIFICATION",
      "{\"embedding_purpose\":\"document_retrieval\",\"input_type\":\"search_query\"}"
          + "|DOCUMENT_RETRIEVAL",
  })
  void plan_novaPurpose_fromExplicitPurposeElseInputType(String extensions, String purpose) {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts(List.of("x"), null, extensions),
        NOVA, EP, Map.of());

    assertThat(body(plan.requests().get(0)).at("/singleEmbeddingParams/embeddingPurpose")
        .asText()).isEqualTo(purpose);
  }

  @Test
  void plan_tokenIds_failsUnsupported() {
    EmbeddingRequest ids = new EmbeddingRequest("alias",
        new EmbeddingInput.TokenIds(List.of(new int[] {1, 2})), null, null, null);

    assertFails(() -> BedrockEmbeddings.plan(ids, TITAN_V2, EP, Map.of()), ErrorKind.UNSUPPORTED,
        "input", "token-id inputs are not supported");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "amazon.titan-embed-text-v1, 'Titan Text Embeddings v1 always returns 1536 dimensions'",
      "cohere.embed-multilingual-v3, 'Cohere Embed v3 has a fixed output size'",
  })
  void plan_dimensionsWhereFamilyHasNone_failsUnsupported(String model, String message) {
    assertFails(() -> BedrockEmbeddings.plan(texts(List.of("x"), 256, "{}"), model, EP, Map.of()),
        ErrorKind.UNSUPPORTED, "dimensions", message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "amazon.titan-embed-text-v2:0, 768, '256, 512, 1024'",
      "cohere.embed-v4:0, 300, '256, 512, 1024, 1536'",
      "amazon.nova-2-multimodal-embeddings-v1:0, 512, '256, 384, 1024, 3072'",
  })
  void plan_dimensionsNotOffered_failsInvalidListingChoices(String model, int dims, String list) {
    assertFails(() -> BedrockEmbeddings.plan(texts(List.of("x"), dims, "{}"), model, EP, Map.of()),
        ErrorKind.INVALID_REQUEST, "dimensions", "supports " + list + ".");
  }

  @Test
  void plan_badNormalize_failsInvalid() {
    assertFails(() -> BedrockEmbeddings.plan(texts(List.of("x"), null, "{\"normalize\":\"yes\"}"),
        TITAN_V2, EP, Map.of()), ErrorKind.INVALID_REQUEST, "normalize", "expected a boolean");
  }

  @Test
  void combine_titanWithoutBodyCount_usesHeader() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts("a"), TITAN_V2, EP, Map.of());

    EmbeddingResponse r = BedrockEmbeddings.combine(plan,
        List.of(ok("{\"embeddingsByType\":{\"float\":[0.5,0.25]}}", "7")));

    assertThat(r.vectors().get(0)).containsExactly(0.5f, 0.25f);
    assertThat(r.usage()).isEqualTo(Usage.of(7, 0));
  }

  @Test
  void combine_noCountsAnywhere_usageNull() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts("a"), NOVA, EP, Map.of());

    EmbeddingResponse r = BedrockEmbeddings.combine(plan, List.of(ok(
        "{\"embeddings\":[{\"embeddingType\":\"TEXT\",\"embedding\":[1.0]}]}", null)));

    assertThat(r.usage()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json|<html>",
      "array body|[1,2]",
      "no embedding|{\"inputTextTokenCount\":3}",
      "text values|{\"embedding\":[\"a\"]}",
  })
  void combine_unreadableTitanAnswer_failsUpstreamError(String what, String body) {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts("a"), TITAN_V2, EP, Map.of());

    assertFails(() -> BedrockEmbeddings.combine(plan, List.of(ok(body, "1"))),
        ErrorKind.UPSTREAM_ERROR, null, "could not read");
  }

  @Test
  void combine_cohereWrongCount_failsUpstreamError() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts("a", "b"), COHERE_V3, EP, Map.of());

    assertFails(() -> BedrockEmbeddings.combine(plan, List.of(ok("{\"embeddings\":[[1]]}", "1"))),
        ErrorKind.UPSTREAM_ERROR, null, "could not read");
  }

  @Test
  void combine_errorStatusOrWrongResponseCount_isACallerBug() {
    BedrockEmbeddings.Plan plan = BedrockEmbeddings.plan(texts("a"), TITAN_V2, EP, Map.of());

    assertThatThrownBy(() -> BedrockEmbeddings.combine(plan, List.of(new UpstreamResponse(400,
        MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{\"message\":\"bad\"}")))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BedrockEmbeddings.combine(plan, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
