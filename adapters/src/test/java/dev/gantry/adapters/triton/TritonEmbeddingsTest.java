package dev.gantry.adapters.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TritonEmbeddingsTest {

  private static final TritonOptions DEFAULTS = TritonOptions.DEFAULTS;

  private static JsonNode answer(String output) {
    try {
      return Json.MAPPER.readTree("{\"model_name\":\"e\",\"outputs\":[" + output + "]}");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"name\":\"embedding\",\"shape\":[2,2],\"datatype\":\"INT32\",\"data\":[1,2,3,4]}|is INT32",
      "{\"name\":\"embedding\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}|shape [1,4]",
      "{\"name\":\"embedding\",\"shape\":[2,2,1],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}|shape [2,2,1]",
      "{\"name\":\"embedding\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[1,2,3]}|3 values",
      "{\"name\":\"embedding\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[1,2,\"3\",4]}|not numbers",
      "{\"name\":\"other\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}|no output tensor named embedding"})
  void read_outputDisagreeingWithTheRequest_upstreamErrorSayingHow(String output, String detail) {
    assertThatThrownBy(() -> TritonEmbeddings.read(answer(output), 2, DEFAULTS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains(detail);
        });
  }

  @Test
  void read_fp64Vectors_oneEachInOrderWithoutUsage() {
    assertThat(TritonEmbeddings.read(answer("{\"name\":\"embedding\",\"shape\":[2,3],"
        + "\"datatype\":\"FP64\",\"data\":[0.5,0.25,-1,2,3,4]}"), 2, DEFAULTS))
        .satisfies(r -> {
          assertThat(r.vectors()).hasSize(2);
          assertThat(r.vectors().get(0)).containsExactly(0.5f, 0.25f, -1f);
          assertThat(r.vectors().get(1)).containsExactly(2f, 3f, 4f);
          assertThat(r.usage()).isNull();
        });
  }

  @Test
  void request_tokenIds_unsupported() {
    EmbeddingRequest r = new EmbeddingRequest("e", new EmbeddingInput.TokenIds(List.of(
        new int[] {1, 2})), null, null, null);

    assertThatThrownBy(() -> TritonEmbeddings.request(r, "http://h/v2/models/e", DEFAULTS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo("input");
        });
  }

  @Test
  void request_dimensionsWithoutDeclaredSize_unsupported() {
    EmbeddingRequest r = new EmbeddingRequest("e", new EmbeddingInput.Texts(List.of("a")), 256,
        null, null);

    assertThatThrownBy(() -> TritonEmbeddings.request(r, "http://h/v2/models/e", DEFAULTS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo("dimensions");
        });
  }

  @Test
  void request_dimensionsOtherThanDeclared_unsupportedNamingTheSize() {
    EmbeddingRequest r = new EmbeddingRequest("e", new EmbeddingInput.Texts(List.of("a")), 256,
        null, null);

    assertThatThrownBy(() -> TritonEmbeddings.request(r, "http://h/v2/models/e",
        TritonOptions.parse(Map.of("dimensions", "384"))))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).contains("384"));
  }
}
