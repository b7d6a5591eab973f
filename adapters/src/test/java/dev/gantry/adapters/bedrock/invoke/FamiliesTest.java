package dev.gantry.adapters.bedrock.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FamiliesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "amazon.titan-embed-text-v1, TITAN_V1",
      "amazon.titan-embed-g1-text-02, TITAN_V1",
      "amazon.titan-embed-text-v2:0, TITAN_V2",
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0, TITAN_V2",
      "cohere.embed-english-v3, COHERE_V3",
      "cohere.embed-multilingual-v3, COHERE_V3",
      "cohere.embed-v4:0, COHERE_V4",
      "us.cohere.embed-v4:0, COHERE_V4",
      "eu.cohere.embed-v4:0, COHERE_V4",
      "amazon.nova-2-multimodal-embeddings-v1:0, NOVA",
  })
  void embeddingFamily_modelId_detected(String modelId, EmbeddingFamily expected) {
    assertThat(EmbeddingFamily.of(modelId, Map.of())).isEqualTo(expected);
  }

  @Test
  void embeddingFamily_applicationProfileWithOption_usesOption() {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x1";

    assertThat(EmbeddingFamily.of(arn, Map.of("family", "cohere-v4")))
        .isEqualTo(EmbeddingFamily.COHERE_V4);
    assertThat(EmbeddingFamily.of("cohere.embed-v4:0", Map.of("family", "TITAN-V2")))
        .isEqualTo(EmbeddingFamily.TITAN_V2);
  }

  @Test
  void embeddingFamily_opaqueIdWithoutOption_failsUnsupportedWithoutEchoingTheId() {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x1";

    assertThatThrownBy(() -> EmbeddingFamily.of(arn, Map.of()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo("model");
          assertThat(e.getMessage()).contains("option 'family'")
              .contains("titan-v1, titan-v2, cohere-v3, cohere-v4, nova")
              .doesNotContain("123456789012");
        });
  }

  @Test
  void embeddingFamily_unknownOption_failsInternal() {
    assertThatThrownBy(() -> EmbeddingFamily.of("m", Map.of("family", "word2vec")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
          assertThat(e.getMessage()).contains("'family' must be one of");
        });
  }

  @Test
  void embeddingFamily_imageEmbeddingModel_unsupported() {
    assertThatThrownBy(() -> EmbeddingFamily.of("amazon.titan-embed-image-v1", Map.of()))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "amazon.titan-image-generator-v1, TITAN_IMAGE",
      "amazon.titan-image-generator-v2:0, TITAN_IMAGE",
      "amazon.nova-canvas-v1:0, NOVA_CANVAS",
      "us.amazon.nova-canvas-v1:0, NOVA_CANVAS",
      "stability.sd3-5-large-v1:0, STABILITY",
      "stability.stable-image-core-v1:1, STABILITY",
      "stability.stable-image-ultra-v1:1, STABILITY",
      "us.stability.stable-image-ultra-v1:0, STABILITY",
  })
  void imageFamily_modelId_detected(String modelId, ImageFamily expected) {
    assertThat(ImageFamily.of(modelId, Map.of())).isEqualTo(expected);
  }

  @Test
  void imageFamily_oldStableDiffusionXl_unsupported() {
    assertThatThrownBy(() -> ImageFamily.of("stability.stable-diffusion-xl-v1", Map.of()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.getMessage()).contains("titan-image, nova-canvas, stability");
        });
  }

  @Test
  void imageFamily_option_wins() {
    assertThat(ImageFamily.of("arn:aws:bedrock:us-east-1:1:provisioned-model/abc",
        Map.of("family", "nova-canvas"))).isEqualTo(ImageFamily.NOVA_CANVAS);
    assertThatThrownBy(() -> ImageFamily.of("m", Map.of("family", "dall-e")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL));
  }
}
