package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.embeddings.EmbeddingRequest;
import dev.gantry.sdk.embeddings.EmbeddingResponse;
import dev.gantry.sdk.embeddings.EncodingFormat;
import dev.gantry.sdk.models.Model;
import dev.gantry.sdk.models.ModelList;
import dev.gantry.sdk.models.TokenCount;
import dev.gantry.sdk.models.TokenizeRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingsModelsTokenizeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestServer server = new TestServer();
  private final GantryClient client =
      GantryClient.builder().baseUrl(server.url()).maxRetries(0).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void embeddings_base64_decodesLittleEndianFloats() throws IOException {
    server.thenJson(200, TestServer.resource("embeddings-base64.json"), "x-gantry-cache", "hit");
    EmbeddingResponse r = client.embeddings().create(EmbeddingRequest.builder()
        .model("text-embedding-3-small").addInput("hello").encodingFormat(EncodingFormat.BASE64)
        .build());
    float[] v = r.vector(0);
    assertThat(v).hasSize(1536);
    assertThat(v[0]).isEqualTo(-0.019193023443222046f);
    assertThat(v[1]).isEqualTo(-0.025299284607172012f);
    assertThat(v[1535]).isEqualTo(-0.010618705302476883f);
    assertThat(r.promptTokens()).isEqualTo(4);
    assertThat(r.headers().cacheHit()).isTrue();
    JsonNode b = JSON.readTree(server.seen.get(0).body());
    assertThat(b.get("encoding_format").asText()).isEqualTo("base64");
    assertThat(b.at("/input/0").asText()).isEqualTo("hello");
    assertThat(server.seen.get(0).path()).isEqualTo("/v1/embeddings");
  }

  @Test
  void embeddings_float_parsesArraysByIndex() throws IOException {
    server.thenJson(200, "{\"object\":\"list\",\"model\":\"m\",\"data\":["
        + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,-1]},"
        + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,2]}],"
        + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");
    EmbeddingResponse r = client.embeddings().create(EmbeddingRequest.of("m", "a", "b"));
    assertThat(r.vector(0)).containsExactly(0.25f, 2f);
    assertThat(r.vector(1)).containsExactly(0.5f, -1f);
    assertThat(JSON.readTree(server.seen.get(0).body()).get("encoding_format").asText())
        .isEqualTo("float");
  }

  @Test
  void embeddings_base64NotWholeFloats_failsClearly() {
    server.thenJson(200, "{\"data\":[{\"index\":0,\"embedding\":\"AQID\"}]}", "x-request-id", "r1");
    assertThatThrownBy(() -> client.embeddings().create(EmbeddingRequest.of("m", "a")))
        .isInstanceOf(GantryException.class).hasMessageContaining("float32")
        .satisfies(e -> assertThat(((GantryException) e).requestId()).contains("r1"));
  }

  @Test
  void embeddingsAsync_works() {
    server.thenJson(200, TestServer.resource("embeddings-base64.json"));
    assertThat(client.embeddings().createAsync(EmbeddingRequest.of("m", "a"), RequestOptions.none())
        .join().vector(0)).hasSize(1536);
  }

  @Test
  void models_listAndGet() {
    server.thenJson(200, "{\"object\":\"list\",\"data\":[{\"id\":\"fast\",\"object\":\"model\","
            + "\"created\":1686935002,\"owned_by\":\"gantry\"},{\"id\":\"smart\",\"object\":\"model\","
            + "\"created\":1,\"owned_by\":\"gantry\"}]}", "x-request-id", "req-m")
        .thenJson(200, TestServer.resource("model.json"));
    ModelList list = client.models().list();
    assertThat(list.data()).extracting(Model::id).containsExactly("fast", "smart");
    assertThat(list.headers().requestId()).contains("req-m");
    Model m = client.models().get("team a/model");
    assertThat(m.id()).isEqualTo("VAR_chat_model_id");
    assertThat(m.ownedBy()).isEqualTo("openai");
    assertThat(server.seen.get(1).path()).isEqualTo("/v1/models/team%20a%2Fmodel");
  }

  @Test
  void tokenize_postsToGantryEndpoint() throws IOException {
    server.thenJson(200, "{\"model\":\"fast\",\"tokenizer\":\"tiktoken:o200k_base\",\"count\":12}");
    TokenCount c = client.tokenize().count(
        TokenizeRequest.messages("fast", List.of(ChatMessage.system("s"), ChatMessage.user("hi"))));
    assertThat(c.count()).isEqualTo(12);
    assertThat(c.tokenizer()).isEqualTo("tiktoken:o200k_base");
    assertThat(server.seen.get(0).path()).isEqualTo("/gantry/v1/tokenize");
    JsonNode b = JSON.readTree(server.seen.get(0).body());
    assertThat(b.at("/messages/1/content").asText()).isEqualTo("hi");
    assertThat(b.get("model").asText()).isEqualTo("fast");
  }
}
