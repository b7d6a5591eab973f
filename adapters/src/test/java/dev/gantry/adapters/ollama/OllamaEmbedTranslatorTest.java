package dev.gantry.adapters.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaEmbedTranslatorTest {

  private static final ProviderSettings.Ollama SETTINGS =
      new ProviderSettings.Ollama("ollama", "http://ollama.test:11434", null, null, 4);

  private final OllamaEmbedTranslator translator = new OllamaEmbedTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"embed-basic", "embed-multiple"})
  void toRequest_goldenCase_matchesProviderRequest(String name) {
    EmbeddingRequest request = Goldens.embeddingRequest(name);
    JsonNode expected = Goldens.json(Goldens.file("embed", name, "provider-request.json"));

    ProviderHttpRequest http =
        translator.toRequest(request, expected.path("model").asText(), SETTINGS);

    assertThat(http.method()).isEqualTo(HttpMethod.POST);
    assertThat(http.url()).isEqualTo("http://ollama.test:11434/api/embed");
    Goldens.assertMatches(Goldens.file("embed", name, "provider-request.json"), body(http));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embed-basic", "embed-multiple"})
  void fromResponse_goldenCase_matchesOpenAiResponse(String name) {
    int inputs = Goldens.embeddingRequest(name).input().size();

    Goldens.assertMatches(Goldens.file("embed", name, "openai-response.json"),
        Goldens.embeddings(translator.fromResponse(
            Goldens.json(Goldens.file("embed", name, "provider-response.json")), inputs)));
  }

  @Test
  void toRequest_dimensionsTruncateAndKeepAlive_areSent() {
    EmbeddingRequest request = new EmbeddingRequest("alias",
        new EmbeddingInput.Texts(List.of("a")), 128, "user-1",
        Goldens.JSON.createObjectNode().put("truncate", false).put("encoding_format", "float"));
    ProviderSettings.Ollama settings =
        new ProviderSettings.Ollama("ollama", "http://ollama.test:11434", "5m", null, 4);

    JsonNode body = body(translator.toRequest(request, "embeddinggemma", settings));

    assertThat(body).isEqualTo(json("{\"model\":\"embeddinggemma\",\"input\":[\"a\"],"
        + "\"dimensions\":128,\"truncate\":false,\"keep_alive\":\"5m\"}"));
  }

  @Test
  void toRequest_tokenIds_failsUnsupported() {
    EmbeddingRequest request = new EmbeddingRequest("alias",
        new EmbeddingInput.TokenIds(List.of(new int[] {1, 2, 3})), null, null, null);

    assertThatThrownBy(() -> translator.toRequest(request, "all-minilm", SETTINGS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo("input");
          assertThat(e.getMessage()).contains("token-id inputs");
        });
  }

  @Test
  void toRequest_truncateNotBoolean_failsInvalidRequest() {
    EmbeddingRequest request = new EmbeddingRequest("alias",
        new EmbeddingInput.Texts(List.of("a")), null, null,
        Goldens.JSON.createObjectNode().put("truncate", "yes"));

    assertThatThrownBy(() -> translator.toRequest(request, "all-minilm", SETTINGS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("truncate");
        });
  }

  @Test
  void fromResponse_fewerVectorsThanInputs_failsUpstreamError() {
    JsonNode body = json("{\"model\":\"all-minilm\",\"embeddings\":[[0.1,0.2]]}");

    assertThatThrownBy(() -> translator.fromResponse(body, 2))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("could not read");
        });
  }

  @Test
  void fromResponse_nonNumericValue_failsUpstreamError() {
    JsonNode body = json("{\"embeddings\":[[0.1,\"x\"]]}");

    assertThatThrownBy(() -> translator.fromResponse(body, 1))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  private static JsonNode body(ProviderHttpRequest http) {
    return json(http.body().toString());
  }

  private static JsonNode json(String text) {
    try {
      return Goldens.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
