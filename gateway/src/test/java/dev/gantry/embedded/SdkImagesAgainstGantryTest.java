package dev.gantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.images.ImageGenerateParams;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.sdk.BadRequestException;
import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.images.Image;
import dev.gantry.sdk.images.ImageFormat;
import dev.gantry.sdk.images.ImageGenerationRequest;
import dev.gantry.sdk.images.ImageResponseFormat;
import dev.gantry.sdk.images.ImagesResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK's image generation against a real Gantry embedded in this JVM, its fake upstream
 * answering OpenAI's documented images example (a real 1×1 PNG, usage) once per image asked for:
 * base64 images with Gantry's headers, the same answer as the official OpenAI Java SDK, options
 * reaching the provider, and invalid requests refused by Gantry (never sent upstream) as
 * {@link BadRequestException}s with the request id.
 */
class SdkImagesAgainstGantryTest {

  private static final String KEY = "sk-sdk-images-key";
  private static final String PATH = "/v1/images/generations";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  private static Vertx vertx;
  private static FakeOpenAiUpstream upstream;
  private static Gantry gantry;
  private static GantryClient client;
  private static OpenAIClient official;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    upstream.override(PATH, req -> req.response().putHeader("content-type", "application/json")
        .end(FakeOpenAiUpstream.images(lastUpstreamBody().getInteger("n", 1)).toBuffer()));
    ProviderSettings fake = new ProviderSettings.OpenAi("fake", upstream.baseUrl(), null, null,
        Map.of(), Map.of(), Duration.ofSeconds(10), 8);
    gantry = Gantry.start(new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1 << 20,
            Duration.ofSeconds(30)), Map.of("fake", fake),
        List.of(new ModelAlias("images", ModelKind.IMAGES,
            List.of(new Deployment("fake", "gpt-image-1", 1, null)), null)),
        List.of(new ApiKey("app", SecretRef.literal(KEY), null, List.of()))), Map.of());
    client = GantryClient.builder().baseUrl(gantry.baseUri().toString()).apiKey(KEY)
        .maxRetries(0).build();
    official = OpenAIOkHttpClient.builder().baseUrl(gantry.baseUri().toString()).apiKey(KEY)
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() throws Exception {
    official.close();
    client.close();
    gantry.close();
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static JsonObject lastUpstreamBody() {
    List<FakeOpenAiUpstream.Received> all = upstream.received();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).path().equals(PATH)) {
        return all.get(i).body();
      }
    }
    throw new IllegalStateException("no images request upstream");
  }

  @Test
  void generate_b64_carriesGantrysHeaders_andMatchesTheOfficialSdk() {
    ImagesResponse ours = client.images().create(ImageGenerationRequest.builder().model("images")
        .prompt("A cute baby sea otter").n(2).size("1024x1024")
        .responseFormat(ImageResponseFormat.B64_JSON).build());
    JsonObject sent = lastUpstreamBody();
    com.openai.models.images.ImagesResponse theirs = official.images().generate(
        ImageGenerateParams.builder().model("images").prompt("A cute baby sea otter").n(2)
            .size(ImageGenerateParams.Size._1024X1024)
            .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());

    assertThat(ours.data()).hasSize(2);
    for (Image image : ours.data()) {
      assertThat(image.bytes()).startsWith(PNG_SIGNATURE);
      assertThat(image.url()).isNull();
    }
    assertThat(ours.created()).isPositive();
    assertThat(ours.usage()).isEqualTo(new ImagesResponse.Usage(50, 50, 100,
        new ImagesResponse.TokenDetails(10, 40), null));
    assertThat(ours.headers().requestId()).isPresent();
    assertThat(ours.headers().deployment()).hasValue("fake/gpt-image-1");
    assertThat(sent.getString("model")).isEqualTo("gpt-image-1");
    assertThat(sent.getString("prompt")).isEqualTo("A cute baby sea otter");
    assertThat(sent.getInteger("n")).isEqualTo(2);
    assertThat(sent.getString("size")).isEqualTo("1024x1024");
    assertThat(sent.getString("response_format")).isEqualTo("b64_json");

    assertThat(theirs.data().orElseThrow())
        .extracting(i -> i.b64Json().orElseThrow())
        .containsExactlyElementsOf(ours.data().stream().map(Image::b64Json).toList());
    theirs.validate(); // the official SDK's schema check: input_tokens_details is required
    com.openai.models.images.ImagesResponse.Usage theirUsage = theirs.usage().orElseThrow();
    ImagesResponse.Usage ourUsage = ours.usage();
    assertThat(List.of(theirUsage.inputTokens(), theirUsage.outputTokens(),
            theirUsage.totalTokens(), theirUsage.inputTokensDetails().textTokens(),
            theirUsage.inputTokensDetails().imageTokens()))
        .containsExactly((long) ourUsage.inputTokens(), (long) ourUsage.outputTokens(),
            (long) ourUsage.totalTokens(), (long) ourUsage.inputTokensDetails().textTokens(),
            (long) ourUsage.inputTokensDetails().imageTokens());
  }

  @Test
  void generateAsync_gptImageOptions_reachTheProvider() {
    ImagesResponse r = client.images().createAsync(ImageGenerationRequest.builder()
        .model("images").prompt("a lighthouse").quality("high").outputFormat(ImageFormat.WEBP)
        .outputCompression(80).background("opaque").moderation("low").user("u-42").build())
        .orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(r.data()).hasSize(1);
    assertThat(r.headers().requestId()).isPresent();
    JsonObject sent = lastUpstreamBody();
    assertThat(sent.getString("model")).isEqualTo("gpt-image-1");
    assertThat(sent.getInteger("n")).isEqualTo(1);
    assertThat(sent.getString("quality")).isEqualTo("high");
    assertThat(sent.getString("output_format")).isEqualTo("webp");
    assertThat(sent.getInteger("output_compression")).isEqualTo(80);
    assertThat(sent.getString("background")).isEqualTo("opaque");
    assertThat(sent.getString("moderation")).isEqualTo("low");
    assertThat(sent.getString("user")).isEqualTo("u-42");
    assertThat(sent.containsKey("response_format")).as("unset, so not sent").isFalse();
  }

  @Test
  void invalidRequests_areBadRequests_withTheParamAndRequestId_andNeverReachTheProvider() {
    long before = upstream.calls(PATH);

    assertBadRequest(b -> b.n(11), "n");
    assertBadRequest(b -> b.prompt(""), "prompt");
    assertBadRequest(b -> b.responseFormat(ImageResponseFormat.URL), "response_format");
    assertThatThrownBy(() -> official.images().generate(ImageGenerateParams.builder()
            .model("images").prompt("a lighthouse").n(11).build()))
        .isInstanceOfSatisfying(com.openai.errors.BadRequestException.class,
            e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(upstream.calls(PATH)).isEqualTo(before);
  }

  private static void assertBadRequest(Consumer<ImageGenerationRequest.Builder> change,
      String param) {
    ImageGenerationRequest.Builder b =
        ImageGenerationRequest.builder().model("images").prompt("a lighthouse");
    change.accept(b);
    ImageGenerationRequest request = b.build();
    assertThatThrownBy(() -> client.images().create(request))
        .as(param)
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.type()).hasValue("invalid_request_error");
          assertThat(e.param()).hasValue(param);
          assertThat(e.requestId()).isPresent();
        });
  }
}
