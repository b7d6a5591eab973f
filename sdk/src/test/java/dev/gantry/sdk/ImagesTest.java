package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.sdk.images.Image;
import dev.gantry.sdk.images.ImageFormat;
import dev.gantry.sdk.images.ImageGenerationRequest;
import dev.gantry.sdk.images.ImageResponseFormat;
import dev.gantry.sdk.images.ImagesResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final TestServer server = new TestServer();
  private final GantryClient client =
      GantryClient.builder().baseUrl(server.url()).apiKey("sk-test").maxRetries(0).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void create_documentedB64Answer_decodesTheImageAndReadsUsage() throws IOException {
    server.thenJson(200, TestServer.resource("images-b64.json"), "x-request-id", "req-img",
        "x-gantry-deployment", "openai/gpt-image-1", "x-gantry-cost-usd", "0.011");
    ImagesResponse r = client.images().create(ImageGenerationRequest.builder()
        .model("gpt-image-1.5").prompt("A cute baby sea otter").n(1).size("1024x1024").build());

    assertThat(r.created()).isEqualTo(1713833628L);
    assertThat(r.data()).hasSize(1);
    Image image = r.data().get(0);
    assertThat(image.url()).isNull();
    assertThat(image.bytes()).startsWith(PNG_SIGNATURE).hasSize(70);
    assertThat(r.usage()).isEqualTo(new ImagesResponse.Usage(50, 50, 100,
        new ImagesResponse.TokenDetails(10, 40), ImagesResponse.TokenDetails.NONE));
    assertThat(r.headers().requestId()).contains("req-img");
    assertThat(r.headers().deployment()).contains("openai/gpt-image-1");
    TestServer.Seen s = server.seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("/v1/images/generations");
    assertThat(s.header("Authorization")).isEqualTo("Bearer sk-test");
    // the documented request body exactly: unset options are not sent
    assertThat(JSON.readTree(s.body())).isEqualTo(JSON.readTree(
        "{\"model\":\"gpt-image-1.5\",\"prompt\":\"A cute baby sea otter\",\"n\":1,"
            + "\"size\":\"1024x1024\"}"));
  }

  @Test
  void request_serializesEveryFieldInOpenAiShape() throws IOException {
    ImageGenerationRequest r = ImageGenerationRequest.builder().model("images")
        .prompt("a lighthouse").n(2).size("1536x1024").quality("high").style("vivid")
        .responseFormat(ImageResponseFormat.B64_JSON).outputFormat(ImageFormat.WEBP)
        .outputCompression(80).background("transparent").moderation("low").user("u-1")
        .extraBody("safety_identifier", "hashed-user").build();

    JsonNode b = JSON.readTree(r.toJsonString());

    assertThat(b).isEqualTo(JSON.readTree("{\"model\":\"images\",\"prompt\":\"a lighthouse\","
        + "\"n\":2,\"size\":\"1536x1024\",\"quality\":\"high\",\"style\":\"vivid\","
        + "\"response_format\":\"b64_json\",\"output_format\":\"webp\","
        + "\"output_compression\":80,\"background\":\"transparent\",\"moderation\":\"low\","
        + "\"user\":\"u-1\",\"safety_identifier\":\"hashed-user\"}"));
    assertThat(ImageGenerationRequest.of("images", "x").toJsonString())
        .isEqualTo("{\"model\":\"images\",\"prompt\":\"x\"}");
    assertThat(ImageFormat.WEBP.mediaType()).isEqualTo("image/webp");
    assertThat(r.toString()).contains("images").doesNotContain("lighthouse");
  }

  @Test
  void builder_invalidValues_failFast() {
    assertThatThrownBy(() -> ImageGenerationRequest.builder().model("m").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("prompt");
    assertThatThrownBy(() -> ImageGenerationRequest.builder().prompt("p").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("model");
    assertThatThrownBy(() -> ImageGenerationRequest.builder().n(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageGenerationRequest.builder().outputCompression(101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageGenerationRequest.builder().outputCompression(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageGenerationRequest.builder().extraBody("stream", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageGenerationRequest.builder().extraBody("prompt", "p"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_urlAnswer_exposesUrlAndRevisedPrompt_andBytesFailsClearly() throws IOException {
    // DALL·E's shape (openai-python types/image.py): url + revised_prompt, no usage
    server.thenJson(200, "{\"created\":1700000000,\"data\":[{\"url\":\"https://img.example/1.png\","
        + "\"revised_prompt\":\"A lighthouse on a cliff at dusk\"}]}");
    ImagesResponse r = client.images().create(ImageGenerationRequest.builder().model("dall-e-3")
        .prompt("a lighthouse").responseFormat(ImageResponseFormat.URL).build());

    Image image = r.data().get(0);
    assertThat(image.url()).isEqualTo("https://img.example/1.png");
    assertThat(image.revisedPrompt()).isEqualTo("A lighthouse on a cliff at dusk");
    assertThat(image.b64Json()).isNull();
    assertThatThrownBy(image::bytes).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("URL");
    assertThat(r.usage()).isNull();
    assertThat(r.usageIfPresent()).isEmpty();
    assertThat(JSON.readTree(server.seen.get(0).body()).get("response_format").asText())
        .isEqualTo("url");
  }

  @Test
  void create_gptImageAnswer_readsItsOutputSettings() {
    // GPT image models also echo the output's settings (openai-python types/images_response.py)
    String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    server.thenJson(200, "{\"created\":1,\"background\":\"transparent\",\"output_format\":\"webp\","
        + "\"quality\":\"high\",\"size\":\"1024x1536\",\"data\":[{\"b64_json\":\"" + b64 + "\"},"
        + "{\"b64_json\":\"" + b64 + "\"}],\"usage\":{\"input_tokens\":12,\"output_tokens\":4160,"
        + "\"total_tokens\":4172,\"input_tokens_details\":{\"text_tokens\":12,\"image_tokens\":0},"
        + "\"output_tokens_details\":{\"text_tokens\":0,\"image_tokens\":4160}}}");
    ImagesResponse r = client.images().create(ImageGenerationRequest.of("gpt-image-1", "x"));

    assertThat(r.background()).isEqualTo("transparent");
    assertThat(r.outputFormat()).isEqualTo("webp");
    assertThat(r.quality()).isEqualTo("high");
    assertThat(r.size()).isEqualTo("1024x1536");
    assertThat(r.data()).extracting(Image::bytes).containsExactly(new byte[] {1, 2, 3},
        new byte[] {1, 2, 3});
    assertThat(r.usage().outputTokensDetails().imageTokens()).isEqualTo(4160);
    assertThat(r.data().get(0).toString()).doesNotContain(b64).contains("4 chars");
  }

  @Test
  void create_gantryShapedAnswer_usageWithoutDetailsReadsZero() {
    // what OpenAiImages.writeResponse emits: created, data, usage without details
    server.thenJson(200, "{\"created\":5,\"data\":[{\"b64_json\":\"AQI=\"}],"
        + "\"usage\":{\"total_tokens\":100,\"input_tokens\":50,\"output_tokens\":50}}");
    ImagesResponse r = client.images().create(ImageGenerationRequest.of("images", "x"));

    assertThat(r.data().get(0).bytes()).containsExactly(1, 2);
    assertThat(r.usage().inputTokensDetails()).isEqualTo(ImagesResponse.TokenDetails.NONE);
    assertThat(r.outputFormat()).isNull();
  }

  @Test
  void createAsync_completesTheFuture() {
    server.thenJson(200, TestServer.resource("images-b64.json"), "x-request-id", "req-a");
    ImagesResponse r = client.images().createAsync(ImageGenerationRequest.of("images", "x")).join();

    assertThat(r.data().get(0).bytes()).startsWith(PNG_SIGNATURE);
    assertThat(r.headers().requestId()).contains("req-a");
  }

  @Test
  void createAsync_invalidRequest_failsWithBadRequestNamingTheParam() {
    // Gantry's answer to n=11 (OpenAiImages.readRequest; INVALID_REQUEST has no code)
    server.thenJson(400, "{\"error\":{\"message\":\"Invalid 'n': integer above maximum value. "
        + "Expected a value <= 10, but got 11 instead.\",\"type\":\"invalid_request_error\","
        + "\"param\":\"n\",\"code\":null}}", "x-request-id", "req-400");

    assertThat(client.images().createAsync(ImageGenerationRequest.builder().model("images")
            .prompt("x").n(11).build()))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).contains("n");
          assertThat(e.requestId()).contains("req-400");
        });
    assertThat(server.seen).hasSize(1);
  }

  @Test
  void create_emptyData_isAnEmptyList() {
    server.thenJson(200, "{\"created\":5}");

    assertThat(client.images().create(ImageGenerationRequest.of("images", "x")).data())
        .isEqualTo(List.of());
  }
}
