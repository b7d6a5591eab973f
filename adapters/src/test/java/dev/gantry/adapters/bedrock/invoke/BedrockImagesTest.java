package dev.gantry.adapters.bedrock.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.openai.OpenAiImages;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BedrockImagesTest {

  private static final String EP = "https://bedrock-runtime.us-east-1.amazonaws.com";
  private static final String TITAN = "amazon.titan-image-generator-v2:0";
  private static final String NOVA = "amazon.nova-canvas-v1:0";
  private static final String SD35 = "stability.sd3-5-large-v1:0";

  /** A client request as the OpenAI codec reads it: {@code fields} are added to a prompt. */
  private static ImageRequest request(String fields) {
    String sep = fields.isEmpty() ? "" : ",";
    return OpenAiImages.readRequest(json("{\"model\":\"img\",\"prompt\":\"a red fox\"" + sep
        + fields + "}"));
  }

  private static JsonNode json(String text) {
    try {
      return BedrockGoldens.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode body(BedrockImages.Plan plan, int i) {
    return BedrockGoldens.parse(plan.requests().get(i).body());
  }

  private static UpstreamResponse ok(String body) {
    return new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
  }

  private static void assertFails(Runnable call, ErrorKind kind, String param, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.param()).isEqualTo(param);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void plan_titanFullRequest_mapsEveryField() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"n\":3,\"size\":\"1152x768\","
        + "\"quality\":\"hd\",\"negative_prompt\":\"blurry\",\"seed\":7,\"cfg_scale\":6.5"),
        TITAN, EP, Map.of());

    assertThat(plan.family()).isEqualTo(ImageFamily.TITAN_IMAGE);
    assertThat(plan.mediaType()).isEqualTo("image/png");
    assertThat(plan.requests()).hasSize(1);
    assertThat(plan.requests().get(0).url())
        .isEqualTo(EP + "/model/amazon.titan-image-generator-v2%3A0/invoke");
    assertThat(body(plan, 0)).isEqualTo(json("{\"taskType\":\"TEXT_IMAGE\","
        + "\"textToImageParams\":{\"text\":\"a red fox\",\"negativeText\":\"blurry\"},"
        + "\"imageGenerationConfig\":{\"numberOfImages\":3,\"quality\":\"premium\","
        + "\"cfgScale\":6.5,\"height\":768,\"width\":1152,\"seed\":7}}"));
  }

  @Test
  void plan_titanMinimal_onlyNumberOfImages() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"size\":\"auto\""), TITAN, EP,
        Map.of());

    assertThat(body(plan, 0)).isEqualTo(json("{\"taskType\":\"TEXT_IMAGE\","
        + "\"textToImageParams\":{\"text\":\"a red fox\"},"
        + "\"imageGenerationConfig\":{\"numberOfImages\":1}}"));
  }

  @ParameterizedTest
  @CsvSource({"standard, standard", "low, standard", "medium, standard", "hd, premium",
      "high, premium", "premium, premium"})
  void plan_quality_mapsToTwoLevels(String quality, String expected) {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"quality\":\"" + quality + "\""), NOVA,
        EP, Map.of());

    assertThat(body(plan, 0).at("/imageGenerationConfig/quality").asText()).isEqualTo(expected);
  }

  @Test
  void plan_unknownQuality_failsInvalid() {
    assertFails(() -> BedrockImages.plan(request("\"quality\":\"ultra\""), TITAN, EP, Map.of()),
        ErrorKind.INVALID_REQUEST, "quality", "expected standard, hd");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1024x1024", "512x512", "1173x640", "320x704"})
  void plan_titanListedSize_accepted(String size) {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"size\":\"" + size + "\""), TITAN, EP,
        Map.of());

    JsonNode config = body(plan, 0).get("imageGenerationConfig");
    assertThat(config.get("width").asInt() + "x" + config.get("height").asInt()).isEqualTo(size);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1792x1024", "1024x1792", "256x256", "2048x2048"})
  void plan_titanUnlistedSize_failsInvalid(String size) {
    assertFails(() -> BedrockImages.plan(request("\"size\":\"" + size + "\""), TITAN, EP,
        Map.of()), ErrorKind.INVALID_REQUEST, "size", "Titan Image Generator supports 1024x1024");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1792x1024", "1024x1024", "320x1280", "2032x2032", "4000x1008"})
  void plan_novaSizeWithinRules_accepted(String size) {
    BedrockImages.plan(request("\"size\":\"" + size + "\""), NOVA, EP, Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2048x2048", "1000x1000", "304x1024", "4112x1024", "320x1296",
      "4096x4096", "4096x1024"})
  void plan_novaSizeBreakingRules_failsInvalid(String size) {
    assertFails(() -> BedrockImages.plan(request("\"size\":\"" + size + "\""), NOVA, EP,
        Map.of()), ErrorKind.INVALID_REQUEST, "size", "Nova Canvas needs each side");
  }

  @ParameterizedTest
  @ValueSource(strings = {"big", "1024", "1024x", "x1024", "1024X1024", "-5x5"})
  void plan_malformedSize_failsInvalid(String size) {
    assertFails(() -> BedrockImages.plan(request("\"size\":\"" + size + "\""), TITAN, EP,
        Map.of()), ErrorKind.INVALID_REQUEST, "size", "expected WIDTHxHEIGHT");
  }

  @Test
  void plan_titanSixImages_failsInvalid() {
    assertFails(() -> BedrockImages.plan(request("\"n\":6"), TITAN, EP, Map.of()),
        ErrorKind.INVALID_REQUEST, "n", "1 to 5 images per request");
  }

  @Test
  void plan_novaStyleName_passedOn() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"style\":\"PHOTOREALISM\""), NOVA, EP,
        Map.of());

    assertThat(body(plan, 0).at("/textToImageParams/style").asText()).isEqualTo("PHOTOREALISM");
  }

  @ParameterizedTest
  @CsvSource({
      "amazon.nova-canvas-v1:0, vivid, 'Nova Canvas takes its own style names'",
      "amazon.titan-image-generator-v1, PHOTOREALISM, 'no ''style'' setting'",
      "stability.sd3-5-large-v1:0, natural, 'no ''style'' setting'",
  })
  void plan_styleTheModelLacks_failsUnsupported(String model, String style, String message) {
    assertFails(() -> BedrockImages.plan(request("\"style\":\"" + style + "\""), model, EP,
        Map.of()), ErrorKind.UNSUPPORTED, "style", message);
  }

  @Test
  void plan_responseFormatUrl_failsUnsupported() {
    assertFails(() -> BedrockImages.plan(request("\"response_format\":\"url\""), NOVA, EP,
        Map.of()), ErrorKind.UNSUPPORTED, "response_format", "use response_format 'b64_json'");
  }

  @Test
  void plan_titanJpeg_failsUnsupported() {
    assertFails(() -> BedrockImages.plan(request("\"output_format\":\"jpeg\""), TITAN, EP,
        Map.of()), ErrorKind.UNSUPPORTED, "output_format", "PNG images only");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"seed\":858993460|seed|from 0 to 858993459",
      "\"seed\":-1|seed|from 0 to 858993459",
      "\"seed\":1.5|seed|an integer",
      "\"cfg_scale\":11|cfg_scale|from 1.1 to 10.0",
      "\"negative_prompt\":\"\"|negative_prompt|non-empty string",
  })
  void plan_novaBadExtension_failsInvalid(String field, String param, String message) {
    assertFails(() -> BedrockImages.plan(request(field), NOVA, EP, Map.of()),
        ErrorKind.INVALID_REQUEST, param, message);
  }

  @Test
  void plan_stabilityThreeImages_threeCallsWithSuccessiveSeeds() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"n\":3,\"size\":\"1536x1024\","
        + "\"output_format\":\"jpeg\",\"seed\":4294967293,\"negative_prompt\":\"text\""), SD35, EP,
        Map.of());

    assertThat(plan.family()).isEqualTo(ImageFamily.STABILITY);
    assertThat(plan.mediaType()).isEqualTo("image/jpeg");
    assertThat(plan.requests()).hasSize(3);
    assertThat(body(plan, 0)).isEqualTo(json("{\"prompt\":\"a red fox\","
        + "\"negative_prompt\":\"text\",\"aspect_ratio\":\"3:2\",\"seed\":4294967293,"
        + "\"output_format\":\"jpeg\"}"));
    assertThat(body(plan, 1).get("seed").asLong()).isEqualTo(4294967294L);
    assertThat(body(plan, 2).get("seed").asLong()).isZero();
  }

  @Test
  void plan_stabilityAspectRatioExtension_winsOverSize() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"size\":\"1024x1024\","
        + "\"aspect_ratio\":\"21:9\""), SD35, EP, Map.of());

    assertThat(body(plan, 0)).isEqualTo(json("{\"prompt\":\"a red fox\",\"aspect_ratio\":\"21:9\","
        + "\"output_format\":\"png\"}"));
  }

  @Test
  void plan_stabilitySizeWithoutItsRatio_failsInvalid() {
    assertFails(() -> BedrockImages.plan(request("\"size\":\"1792x1024\""), SD35, EP, Map.of()),
        ErrorKind.INVALID_REQUEST, "size", "1792x1024 is 7:4");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"quality\":\"hd\"|quality",
      "\"output_format\":\"webp\"|output_format",
      "\"cfg_scale\":5|cfg_scale",
  })
  void plan_stabilityLacksFeature_failsUnsupported(String field, String param) {
    assertFails(() -> BedrockImages.plan(request(field), SD35, EP, Map.of()),
        ErrorKind.UNSUPPORTED, param, "Stability");
  }

  @Test
  void combine_titanImages_base64PngInOrder() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"n\":2"), TITAN, EP, Map.of());

    ImageResponse r = BedrockImages.combine(plan, List.of(ok(
        "{\"images\":[\"QUJD\",\"REVG\"],\"error\":null}")));

    assertThat(r.images()).containsExactly(new ImageResponse.Image("QUJD", null, "image/png", null),
        new ImageResponse.Image("REVG", null, "image/png", null));
    assertThat(r.usage()).isNull();
  }

  @Test
  void combine_titanError_failsContentFiltered() {
    BedrockImages.Plan plan = BedrockImages.plan(request(""), TITAN, EP, Map.of());

    assertFails(() -> BedrockImages.combine(plan, List.of(ok(
        "{\"images\":[],\"error\":\"This request has been blocked by our content filters.\"}"))),
        ErrorKind.CONTENT_FILTERED, null, "blocked by the model's content filters");
  }

  @Test
  void combine_stabilityOutputFiltered_failsContentFiltered() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"n\":2"), SD35, EP, Map.of());

    assertFails(() -> BedrockImages.combine(plan, List.of(
        ok("{\"seeds\":[1],\"finish_reasons\":[null],\"images\":[\"QUJD\"]}"),
        ok("{\"seeds\":[2],\"finish_reasons\":[\"Filter reason: output image\"],"
            + "\"images\":[]}"))),
        ErrorKind.CONTENT_FILTERED, null, "(Filter reason: output image)");
  }

  @Test
  void combine_stabilityInferenceError_failsUpstreamError() {
    BedrockImages.Plan plan = BedrockImages.plan(request(""), SD35, EP, Map.of());

    assertThatThrownBy(() -> BedrockImages.combine(plan, List.of(
        ok("{\"finish_reasons\":[\"Inference error\"]}"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).isEqualTo("The image model failed (Inference error).");
        });
  }

  @Test
  void combine_stabilityTwoCalls_imagesJpegInOrder() {
    BedrockImages.Plan plan = BedrockImages.plan(request("\"n\":2,\"output_format\":\"jpeg\""),
        SD35, EP, Map.of());

    ImageResponse r = BedrockImages.combine(plan, List.of(
        ok("{\"seeds\":[1],\"finish_reasons\":[null],\"images\":[\"QUJD\"]}"),
        ok("{\"seeds\":[2],\"finish_reasons\":[null],\"images\":[\"REVG\"]}")));

    assertThat(r.images()).extracting(ImageResponse.Image::b64).containsExactly("QUJD", "REVG");
    assertThat(r.images()).extracting(ImageResponse.Image::mediaType)
        .containsOnly("image/jpeg");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{\"error\":null}", "{\"images\":[]}", "{\"images\":[1]}", "nope"})
  void combine_unreadableAnswer_failsUpstreamError(String body) {
    BedrockImages.Plan plan = BedrockImages.plan(request(""), NOVA, EP, Map.of());

    assertFails(() -> BedrockImages.combine(plan, List.of(ok(body))), ErrorKind.UPSTREAM_ERROR,
        null, "could not read");
  }
}
