package dev.gantry.adapters.bedrock.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.openai.GoldenFiles;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Bedrock InvokeModel golden cases ({@code golden/bedrock/<api>/<case>/}): a
 * {@code deployment.json} (model id, endpoint, options), the client's {@code openai-request.json},
 * {@code provider-request.json} (one {@code {url, body}} per InvokeModel call),
 * {@code provider-response.json} (one {@code {status, headers, body}} per call) and the client's
 * {@code openai-response.json}. {@code -Dgantry.golden.update=true} rewrites the expected OpenAI
 * side (never under {@code CI=true}).
 */
final class BedrockGoldens {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Pretty, but with arrays on one line: vectors stay readable in a diff. */
  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance)
      .withObjectIndenter(new DefaultIndenter("  ", "\n"));

  /** What a case's deployment says. */
  record Deployment(String model, String endpoint, Map<String, String> options) {}

  private BedrockGoldens() {}

  static List<String> cases(String api) {
    return GoldenFiles.cases("bedrock", api);
  }

  static Path file(String api, String name, String file) {
    return GoldenFiles.dir("bedrock", api, name).resolve(file);
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Deployment deployment(String api, String name) {
    JsonNode d = json(file(api, name, "deployment.json"));
    Map<String, String> options = new LinkedHashMap<>();
    d.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    return new Deployment(d.path("model").asText(), d.path("endpoint").asText(), options);
  }

  /** The calls as {@code [{url, body}]}, bodies parsed, for comparing with the golden file. */
  static JsonNode calls(List<ProviderHttpRequest> requests) {
    ArrayNode out = JSON.createArrayNode();
    for (ProviderHttpRequest r : requests) {
      assertThat(r.method().name()).isEqualTo("POST");
      assertThat(r.headers()).containsEntry("content-type", "application/json")
          .containsEntry("accept", "application/json");
      ObjectNode call = out.addObject().put("url", r.url());
      call.set("body", parse(r.body()));
    }
    return out;
  }

  /** A case's recorded answers as upstream responses. */
  static List<UpstreamResponse> responses(String api, String name) {
    List<UpstreamResponse> out = new ArrayList<>();
    for (JsonNode r : json(file(api, name, "provider-response.json"))) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      r.path("headers").fields().forEachRemaining(e -> headers.add(e.getKey(), e.getValue().asText()));
      try {
        out.add(new UpstreamResponse(r.path("status").asInt(200), headers,
            Buffer.buffer(JSON.writeValueAsBytes(r.get("body")))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static JsonNode parse(Buffer written) {
    try {
      return JSON.readTree(written.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares as JSON trees, or rewrites the file when updating is asked for. */
  static void assertMatches(Path expected, JsonNode actual) {
    if (GoldenFiles.updating()) {
      try {
        Files.writeString(expected, JSON.writer(PRINTER).writeValueAsString(actual) + "\n",
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    assertThat(actual).as("golden %s", expected).isEqualTo(json(expected));
  }
}
