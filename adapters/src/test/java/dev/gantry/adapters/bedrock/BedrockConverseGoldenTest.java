package dev.gantry.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases for Bedrock Converse, client → Bedrock → client. The client's
 * {@code openai-request.json} is read by the real OpenAI codec and translated: the URL must be the
 * one Bedrock was really called with ({@code provider-url.txt}, from the recording, which also
 * gives the model id) and the body must match {@code provider-request.json}. The recorded answer —
 * {@code provider-response.json}, the frames of {@code provider-response.events.jsonl}, or an
 * error body with {@code provider-status.txt} — is translated back and written by the codec as the
 * client's {@code openai-response.{json,sse}}. {@code -Dgantry.golden.update=true} rewrites the
 * expected files (never under {@code CI=true}).
 */
class BedrockConverseGoldenTest {

  private final BedrockConverseTranslator translator = new BedrockConverseTranslator();

  static Stream<String> cases() {
    return GoldenFiles.cases("bedrock", "converse").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void converse_goldenCase_matchesExpectedTrees(String name) {
    Path dir = ConverseGoldens.dir(name);
    ChatRequest request = ConverseGoldens.request(name);
    String url = ConverseGoldens.url(name);

    ProviderHttpRequest http = translator.toRequest(request, ConverseGoldens.modelId(url),
        request.stream(), ConverseGoldens.ENDPOINT);

    assertThat(http.method()).isEqualTo(HttpMethod.POST);
    assertThat(http.url()).isEqualTo(url);
    assertThat(http.headers()).containsEntry("content-type", "application/json")
        .containsEntry("accept", request.stream() ? BedrockConverseTranslator.EVENT_STREAM
            : BedrockConverseTranslator.JSON);
    GoldenFiles.assertJson(dir.resolve("provider-request.json"),
        ConverseGoldens.parse(http.body().toString()));

    if (Files.exists(dir.resolve("provider-status.txt"))) {
      int status = Integer.parseInt(ConverseGoldens.text(dir.resolve("provider-status.txt")).strip());
      GatewayException e = BedrockErrors.fromResponse(new UpstreamResponse(status,
          MultiMap.caseInsensitiveMultiMap(),
          Buffer.buffer(GoldenFiles.bytes(dir.resolve("provider-response.json")))));
      GoldenFiles.assertJson(dir.resolve("openai-response.json"),
          ConverseGoldens.parse(OpenAiErrors.write(e).toString()));
    } else if (Files.exists(dir.resolve("provider-response.events.jsonl"))) {
      GoldenFiles.assertSse(dir.resolve("openai-response.sse"), ConverseGoldens.sse(
          ConverseGoldens.decode(ConverseGoldens.frames(dir.resolve("provider-response.events.jsonl"))),
          request.includeUsage()));
    } else {
      GoldenFiles.assertJson(dir.resolve("openai-response.json"), ConverseGoldens.parse(
          OpenAiChat.writeResponse(translator.fromResponse(
              GoldenFiles.json(dir.resolve("provider-response.json"))), ConverseGoldens.META)
              .toString()));
    }
  }
}
