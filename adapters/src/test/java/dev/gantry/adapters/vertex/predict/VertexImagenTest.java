package dev.gantry.adapters.vertex.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VertexImagenTest {

  private static final String LOC =
      "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1";

  private static ImageRequest request(int n, String size, String quality, String style,
      String format, ObjectNode ext) {
    return new ImageRequest("img", "a cat", n, size, quality, style, format, null, ext);
  }

  private static JsonNode parameters(ImageRequest r) throws Exception {
    return PredictJson.MAPPER.readTree(VertexImagen.toRequest(r, LOC, "imagen-4.0-generate-001",
        Map.of()).body().getBytes()).get("parameters");
  }

  private static void assertRejected(ImageRequest r, ErrorKind kind, String param) {
    assertThatThrownBy(() -> VertexImagen.toRequest(r, LOC, "imagen-4.0-generate-001", Map.of()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.param()).isEqualTo(param);
        });
  }

  @Test
  void toRequest_sizes_becomeAspectRatios() throws Exception {
    assertThat(parameters(request(1, "1792x1008", null, null, null, null)).get("aspectRatio")
        .textValue()).isEqualTo("16:9");
    assertThat(parameters(request(1, "1536x2048", null, null, null, null)).get("aspectRatio")
        .textValue()).isEqualTo("3:4");
    assertThat(parameters(request(2, "auto", null, null, "jpeg", null))).isEqualTo(
        PredictJson.MAPPER.readTree("{\"sampleCount\":2,\"outputOptions\":{\"mimeType\":"
            + "\"image/jpeg\"}}"));
  }

  @Test
  void toRequest_sizeWithOtherRatio_isInvalidRequest() {
    assertRejected(request(1, "1792x1024", null, null, null, null), ErrorKind.INVALID_REQUEST,
        "size");
    assertRejected(request(1, "big", null, null, null, null), ErrorKind.INVALID_REQUEST, "size");
  }

  @Test
  void toRequest_tooManyImages_isInvalidRequest() {
    assertRejected(request(5, null, null, null, null, null), ErrorKind.INVALID_REQUEST, "n");
  }

  @Test
  void toRequest_featuresImagenLacks_areUnsupported() {
    assertRejected(request(1, null, "hd", null, null, null), ErrorKind.UNSUPPORTED, "quality");
    assertRejected(request(1, null, null, "vivid", null, null), ErrorKind.UNSUPPORTED, "style");
    assertRejected(request(1, null, null, null, "webp", null), ErrorKind.UNSUPPORTED,
        "output_format");
    ObjectNode url = JsonNodeFactory.instance.objectNode().put("response_format", "url");
    assertRejected(request(1, null, null, null, null, url), ErrorKind.UNSUPPORTED,
        "response_format");
  }

  @Test
  void toRequest_badSeed_isInvalidRequest() {
    ObjectNode ext = JsonNodeFactory.instance.objectNode().put("seed", -1);
    assertRejected(request(1, null, null, null, null, ext), ErrorKind.INVALID_REQUEST, "seed");
  }

  @Test
  void fromResponse_gcsUri_becomesUrl() {
    ImageResponse r = VertexImagen.fromResponse(answer("{\"predictions\":[{\"mimeType\":"
        + "\"image/jpeg\",\"gcsUri\":\"gs://b/x.jpg\"}]}"));

    assertThat(r.images()).containsExactly(
        new ImageResponse.Image(null, "gs://b/x.jpg", "image/jpeg", null));
  }

  @Test
  void fromResponse_noPredictions_isContentFiltered() {
    assertThatThrownBy(() -> VertexImagen.fromResponse(answer("{}")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
          assertThat(e.getMessage()).contains("safety filters removed every generated image");
        });
  }

  @Test
  void fromResponse_predictionWithoutImageOrReason_isUpstreamError() {
    assertThatThrownBy(() -> VertexImagen.fromResponse(answer("{\"predictions\":[{}]}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  private static UpstreamResponse answer(String json) {
    return new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(json));
  }
}
