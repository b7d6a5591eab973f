package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.OpenAiChatReadRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiEmbeddingsTest {

  @Test
  void readRequest_string_isOneText() {
    EmbeddingRequest r = OpenAiEmbeddings.readRequest(json(
        "{\"model\":\"e\",\"input\":\"hi\",\"dimensions\":256,\"user\":\"u\",\"truncate\":true}"));

    assertThat(r.input()).isEqualTo(new EmbeddingInput.Texts(List.of("hi")));
    assertThat(r.dimensions()).isEqualTo(256);
    assertThat(r.user()).isEqualTo("u");
    assertThat(r.extensions()).isEqualTo(json("{\"truncate\":true}"));
  }

  @Test
  void readRequest_tokenIdsAndArraysOfIds_areTokenInputs() {
    EmbeddingRequest one = OpenAiEmbeddings.readRequest(json(
        "{\"model\":\"e\",\"input\":[1,2,3]}"));
    EmbeddingRequest two = OpenAiEmbeddings.readRequest(json(
        "{\"model\":\"e\",\"input\":[[1,2],[3]]}"));

    assertThat(((EmbeddingInput.TokenIds) one.input()).inputs()).hasSize(1)
        .first().isEqualTo(new int[] {1, 2, 3});
    assertThat(((EmbeddingInput.TokenIds) two.input()).inputs()).hasSize(2);
    assertThat(two.input().size()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"input":"hi"}                                            | model
      {"model":"e"}                                             | input
      {"model":"e","input":""}                                  | input
      {"model":"e","input":[]}                                  | input
      {"model":"e","input":["a",2]}                             | input[1]
      {"model":"e","input":["a",""]}                            | input[1]
      {"model":"e","input":[[1],"a"]}                           | input[1]
      {"model":"e","input":[[1],[]]}                            | input[1]
      {"model":"e","input":[1,-2]}                              | input[1]
      {"model":"e","input":{"text":"a"}}                        | input
      {"model":"e","input":"a","dimensions":0}                  | dimensions
      {"model":"e","input":"a","encoding_format":"int8"}        | encoding_format
      """)
  void readRequest_invalid_failsNamingParam(String body, String param) {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiEmbeddings.readRequest(json(body)));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo(param);
  }

  @Test
  void wantsBase64_followsEncodingFormat() {
    assertThat(OpenAiEmbeddings.wantsBase64(json("{\"encoding_format\":\"base64\"}"))).isTrue();
    assertThat(OpenAiEmbeddings.wantsBase64(json("{\"encoding_format\":\"float\"}"))).isFalse();
    assertThat(OpenAiEmbeddings.wantsBase64(json("{}"))).isFalse();
  }

  @Test
  void writeResponse_base64_isLittleEndianFloat32() {
    EmbeddingResponse r = new EmbeddingResponse(List.of(new float[] {1.0f, -2.5f}), Usage.of(3, 0));

    // 1.0f = 0x3F800000, -2.5f = 0xC0200000, little-endian bytes 00 00 80 3F 00 00 20 C0
    assertThat(Json.parse(OpenAiEmbeddings.writeResponse(r, "e", true))).isEqualTo(json("""
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPwAAIMA="}],
         "model":"e","usage":{"prompt_tokens":3,"total_tokens":3}}
        """));
  }

  @Test
  void writeResponse_floats_areNumbers() {
    EmbeddingResponse r = new EmbeddingResponse(List.of(new float[] {0.5f}, new float[] {1f}),
        null);

    assertThat(Json.parse(OpenAiEmbeddings.writeResponse(r, "e", false))).isEqualTo(json("""
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]},
         {"object":"embedding","index":1,"embedding":[1.0]}],
         "model":"e","usage":{"prompt_tokens":0,"total_tokens":0}}
        """));
  }

  @Test
  void readResponse_outOfOrderMixedEncodings_ordersByIndex() {
    EmbeddingResponse r = OpenAiEmbeddings.readResponse(json("""
        {"object":"list","data":[{"index":1,"embedding":"AACAPwAAIMA="},
         {"index":0,"embedding":[0.25,0.5]}],"usage":{"prompt_tokens":4,"total_tokens":4}}
        """));

    assertThat(r.vectors()).containsExactly(new float[] {0.25f, 0.5f}, new float[] {1f, -2.5f});
    assertThat(r.usage()).isEqualTo(Usage.of(4, 0));
  }

  @Test
  void readResponse_duplicateIndex_failsAsUpstreamError() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiEmbeddings.readResponse(json(
            "{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void writeRequest_tokenIds_alwaysAsksForFloats() {
    EmbeddingRequest r = OpenAiEmbeddings.readRequest(json(
        "{\"model\":\"alias\",\"input\":[5,6],\"encoding_format\":\"base64\",\"dimensions\":8}"));

    assertThat(Json.parse(OpenAiEmbeddings.writeRequest(r, "bge-m3"))).isEqualTo(json(
        "{\"model\":\"bge-m3\",\"input\":[[5,6]],\"encoding_format\":\"float\",\"dimensions\":8}"));
  }
}
