package dev.gantry.gateway.openai;

import static dev.gantry.gateway.testing.GantryHarness.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI surface over raw HTTP against a fake OpenAI-compatible upstream. */
class ChatApiTest {

  private static GantryHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = GantryHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static FakeOpenAiUpstream.Received lastUpstream() {
    List<FakeOpenAiUpstream.Received> all = h.upstream.received();
    return all.get(all.size() - 1);
  }

  @Test
  void chat_plain_returnsChatCompletionAndMapsModelAndAuth() throws Exception {
    HttpResponse<String> resp = h.post("/v1/chat/completions",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hello\"}],\"max_completion_tokens\":50,\"top_k\":5}", KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonObject body = new JsonObject(resp.body());
    assertThat(body.getString("object")).isEqualTo("chat.completion");
    assertThat(body.getString("id")).startsWith("chatcmpl-");
    assertThat(body.getString("model")).isEqualTo("chat");
    JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello! How can I assist you today?");
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
    assertThat(body.getJsonObject("usage").getInteger("total_tokens")).isEqualTo(17);
    assertThat(resp.headers().firstValue("x-gantry-overhead-ms")).isPresent();

    FakeOpenAiUpstream.Received up = lastUpstream();
    assertThat(up.body().getString("model")).isEqualTo("gpt-4o-mini");
    assertThat(up.body().getInteger("max_tokens")).isEqualTo(50);
    assertThat(up.body().getInteger("top_k")).as("unknown fields pass through").isEqualTo(5);
    assertThat(up.headers()).containsEntry("authorization", "Bearer " + GantryHarness.UPSTREAM_KEY);
  }

  @Test
  void chat_tools_returnsToolCalls() throws Exception {
    HttpResponse<String> resp = h.post("/v1/chat/completions", "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"capital of UK?\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_capital\",\"parameters\":{\"type\":\"object\",\"properties\":{\"country\":{\"type\":\"string\"}}}}}],\"tool_choice\":\"auto\"}", KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonObject choice = new JsonObject(resp.body()).getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    JsonObject call = choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0);
    assertThat(call.getString("type")).isEqualTo("function");
    assertThat(call.getString("id")).isNotBlank();
    assertThat(new JsonObject(call.getJsonObject("function").getString("arguments"))).isNotNull();
    assertThat(lastUpstream().body().getJsonArray("tools")).hasSize(1);
  }

  @Test
  void chat_imageInput_isForwardedToTheUpstream() throws Exception {
    String dataUrl = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    HttpResponse<String> resp = h.post("/v1/chat/completions", "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + dataUrl + "\",\"detail\":\"low\"}}]}]}", KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonArray parts = lastUpstream().body().getJsonArray("messages").getJsonObject(0).getJsonArray("content");
    assertThat(parts.getJsonObject(1).getJsonObject("image_url").getString("url")).isEqualTo(dataUrl);
  }

  @Test
  void chat_stream_sendsChunksThenDone() throws Exception {
    HttpResponse<String> resp = h.post("/v1/chat/completions",
        "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"capital?\"}]}", KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    assertThat(resp.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<String> events = events(resp.body());
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    String finish = null;
    for (String e : events.subList(0, events.size() - 1)) {
      JsonObject chunk = new JsonObject(e);
      assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
      assertThat(chunk.containsKey("usage")).as("no usage field unless asked").isFalse();
      JsonArray choices = chunk.getJsonArray("choices");
      assertThat(choices).as("no usage-only chunk unless asked").isNotEmpty();
      JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
      if (delta.getString("content") != null) {
        text.append(delta.getString("content"));
      }
      if (choices.getJsonObject(0).getString("finish_reason") != null) {
        finish = choices.getJsonObject(0).getString("finish_reason");
      }
    }
    assertThat(text.toString()).isEqualTo("The capital of the UK is London.");
    assertThat(finish).isEqualTo("stop");
    JsonObject up = lastUpstream().body();
    assertThat(up.getBoolean("stream")).isTrue();
    assertThat(up.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
  }

  @Test
  void chat_streamWithIncludeUsage_endsWithUsageChunkWithEmptyChoices() throws Exception {
    HttpResponse<String> resp = h.post("/v1/chat/completions",
        "{\"model\":\"chat\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"capital?\"}]}", KEY);
    List<String> events = events(resp.body());
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    JsonObject usageChunk = new JsonObject(events.get(events.size() - 2));
    assertThat(usageChunk.getJsonArray("choices")).isEmpty();
    assertThat(usageChunk.getJsonObject("usage").getInteger("prompt_tokens")).isPositive();
    JsonObject first = new JsonObject(events.get(0));
    assertThat(first.containsKey("usage")).isTrue();
    assertThat(first.getValue("usage")).isNull();
  }

  @Test
  void chat_streamWithTools_streamsIndexedToolCallDeltas() throws Exception {
    HttpResponse<String> resp = h.post("/v1/chat/completions", "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"capital of UK?\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_capital\",\"parameters\":{\"type\":\"object\"}}}]}", KEY);
    List<String> events = events(resp.body());
    StringBuilder args = new StringBuilder();
    String name = null;
    for (String e : events.subList(0, events.size() - 1)) {
      JsonArray choices = new JsonObject(e).getJsonArray("choices");
      JsonArray calls = choices.getJsonObject(0).getJsonObject("delta").getJsonArray("tool_calls");
      if (calls != null) {
        JsonObject call = calls.getJsonObject(0);
        assertThat(call.getInteger("index")).isZero();
        if (call.getJsonObject("function").getString("name") != null) {
          name = call.getJsonObject("function").getString("name");
        }
        args.append(call.getJsonObject("function").getString("arguments", ""));
      }
    }
    assertThat(name).isEqualTo("get_capital");
    assertThat(new JsonObject(args.toString()).getString("country")).isEqualTo("UK");
  }

  @Test
  void embeddings_float_returnsVectorsPerInput() throws Exception {
    HttpResponse<String> resp = h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":[\"a\",\"b\"]}", KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonObject body = new JsonObject(resp.body());
    assertThat(body.getString("object")).isEqualTo("list");
    assertThat(body.getString("model")).isEqualTo("embed");
    JsonArray data = body.getJsonArray("data");
    assertThat(data).hasSize(2);
    assertThat(data.getJsonObject(1).getInteger("index")).isEqualTo(1);
    assertThat(data.getJsonObject(0).getJsonArray("embedding")).hasSize(1536);
    assertThat(lastUpstream().body().getString("encoding_format")).isEqualTo("float");
  }

  @Test
  void embeddings_base64_returnsLittleEndianFloats() throws Exception {
    HttpResponse<String> plain = h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"a\"}", KEY);
    HttpResponse<String> b64 = h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"a\",\"encoding_format\":\"base64\"}", KEY);
    JsonArray floats = new JsonObject(plain.body()).getJsonArray("data").getJsonObject(0).getJsonArray("embedding");
    String encoded = new JsonObject(b64.body()).getJsonArray("data").getJsonObject(0).getString("embedding");
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.remaining()).isEqualTo(floats.size() * 4);
    for (int i = 0; i < floats.size(); i++) {
      assertThat(bytes.getFloat()).isEqualTo(floats.getFloat(i));
    }
  }

  @Test
  void models_listsOnlyWhatTheKeyMayUse() throws Exception {
    JsonObject all = new JsonObject(h.get("/v1/models", KEY).body());
    assertThat(all.getString("object")).isEqualTo("list");
    assertThat(all.getJsonArray("data")).hasSize(7);
    JsonObject limited = new JsonObject(h.get("/v1/models", GantryHarness.LIMITED_KEY).body());
    assertThat(limited.getJsonArray("data")).hasSize(1);
    assertThat(limited.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("embed");
    JsonObject one = new JsonObject(h.get("/v1/models/chat", KEY).body());
    assertThat(one.getString("object")).isEqualTo("model");
    assertThat(h.get("/v1/models/chat", GantryHarness.LIMITED_KEY).statusCode()).isEqualTo(404);
  }

  @Test
  void metrics_reportRequestsTokensAndLatencyByAliasAndDeployment() throws Exception {
    h.post("/v1/chat/completions", "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}", KEY);
    String metrics = h.get("/metrics", null).body();
    assertThat(metrics).contains("gantry_requests_total{")
        .contains("gen_ai_operation_name=\"chat\"")
        .contains("gen_ai_request_model=\"chat\"")
        .contains("deployment=\"fake/gpt-4o-mini\"")
        .contains("gantry_tokens_total{")
        .contains("gen_ai_token_type=\"output\"")
        .contains("gantry_request_duration_seconds_bucket")
        .contains("gantry_deployment_breaker_open{deployment=\"fake/gpt-4o-mini\"} 0.0")
        .contains("gantry_deployment_in_flight{deployment=\"fake/gpt-4o-mini\"}");
    HttpResponse<String> live = h.get("/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.headers().firstValue("x-request-id")).isPresent();
    assertThat(h.get("/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void chat_tgiStreamWithUsage_isNormalizedToOpenAiChunks() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> req.response()
        .putHeader("content-type", "text/event-stream").end(FakeOpenAiUpstream.resource("chat-tgi-stream-usage.sse")));
    try {
      HttpResponse<String> resp = h.post("/v1/chat/completions",
          "{\"model\":\"chat\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"What is deep learning?\"}]}", KEY);
      List<String> events = events(resp.body());
      int roles = 0;
      for (String e : events.subList(0, events.size() - 2)) {
        JsonObject delta = new JsonObject(e).getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
        roles += delta.containsKey("role") ? 1 : 0;
        assertThat(new JsonObject(e).getString("id")).startsWith("chatcmpl-");
      }
      assertThat(roles).as("role only on the first delta, though TGI repeats it").isEqualTo(1);
      JsonObject usage = new JsonObject(events.get(events.size() - 2)).getJsonObject("usage");
      assertThat(usage.getInteger("prompt_tokens")).isEqualTo(40);
      assertThat(usage.getInteger("completion_tokens")).isEqualTo(10);
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  /** "Hello, world!" from the user: 3 priming + 3 framing + "user" 1 + 4 tokens in o200k. */
  private static final int HELLO_PROMPT_O200K = 11;
  private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]";

  @Test
  void chat_upstreamWithoutUsage_reportsUsageCountedWithTheAliasTokenizer() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> req.response()
        .putHeader("content-type", "application/json").end("{\"id\":\"\",\"object\":\"chat.completion\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris is nice.\"},"
            + "\"finish_reason\":\"stop\"}]}"));
    try {
      HttpResponse<String> resp = h.post("/v1/chat/completions", "{\"model\":\"chat-o200k\"," + HELLO + "}", KEY);

      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      JsonObject usage = new JsonObject(resp.body()).getJsonObject("usage");
      assertThat(usage.getInteger("prompt_tokens")).isEqualTo(HELLO_PROMPT_O200K);
      assertThat(usage.getInteger("completion_tokens")).as("Paris| is| nice|.").isEqualTo(4);
      assertThat(usage.getInteger("total_tokens")).isEqualTo(HELLO_PROMPT_O200K + 4);
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  @Test
  void chat_streamWithoutUsage_endsWithUsageCountedFromTheStreamedText() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> req.response()
        .putHeader("content-type", "text/event-stream").end(FakeOpenAiUpstream.sse(
            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Paris\"}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" is nice.\"},\"finish_reason\":\"stop\"}]}",
            "[DONE]")));
    try {
      HttpResponse<String> resp = h.post("/v1/chat/completions", "{\"model\":\"chat-o200k\",\"stream\":true,"
          + "\"stream_options\":{\"include_usage\":true}," + HELLO + "}", KEY);

      List<String> events = events(resp.body());
      assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
      JsonObject last = new JsonObject(events.get(events.size() - 2));
      assertThat(last.getJsonArray("choices")).isEmpty();
      assertThat(last.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(HELLO_PROMPT_O200K);
      assertThat(last.getJsonObject("usage").getInteger("completion_tokens")).isEqualTo(4);
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  @Test
  void completions_plainAndStreamed_passThroughTheLegacyApi() throws Exception {
    h.upstream.override("/v1/completions", req -> {
      if (h.upstream.received().get(h.upstream.received().size() - 1).body().getBoolean("stream", false)) {
        req.response().putHeader("content-type", "text/event-stream").end(FakeOpenAiUpstream.sse(
            "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\" A Beginner\",\"finish_reason\":null,\"logprobs\":null}]}",
            "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"'s Guide\",\"finish_reason\":\"length\",\"logprobs\":null}],\"usage\":null}",
            "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":3,\"total_tokens\":9}}",
            "[DONE]"));
      } else {
        req.response().putHeader("content-type", "application/json").end(FakeOpenAiUpstream.resource("completion-tgi.json"));
      }
    });
    try {
      HttpResponse<String> resp = h.post("/v1/completions", "{\"model\":\"chat\",\"prompt\":\"What is deep learning?\",\"max_tokens\":10}", KEY);
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      JsonObject body = new JsonObject(resp.body());
      assertThat(body.getString("object")).isEqualTo("text_completion");
      assertThat(body.getJsonArray("choices").getJsonObject(0).getString("text")).startsWith(" A Beginner");
      assertThat(body.getJsonObject("usage").getInteger("total_tokens")).isEqualTo(16);
      assertThat(lastUpstream().body().getString("prompt")).isEqualTo("What is deep learning?");

      resp = h.post("/v1/completions", "{\"model\":\"chat\",\"prompt\":\"What is deep learning?\",\"stream\":true}", KEY);
      List<String> events = events(resp.body());
      assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
      StringBuilder text = new StringBuilder();
      for (String e : events.subList(0, events.size() - 1)) {
        new JsonObject(e).getJsonArray("choices").forEach(c -> text.append(((JsonObject) c).getString("text")));
      }
      assertThat(text.toString()).isEqualTo(" A Beginner's Guide");
    } finally {
      h.upstream.override("/v1/completions", null);
    }
  }

  @Test
  void images_b64Json_returnsTheImage_urlAndStreamAreRefused() throws Exception {
    h.upstream.override("/v1/images/generations", req -> req.response()
        .putHeader("content-type", "application/json").end(FakeOpenAiUpstream.resource("images-b64.json")));
    try {
      HttpResponse<String> resp = h.post("/v1/images/generations",
          "{\"model\":\"chat-images\",\"prompt\":\"a lighthouse\"}", KEY);
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      JsonObject image = new JsonObject(resp.body()).getJsonArray("data").getJsonObject(0);
      assertThat(Base64.getDecoder().decode(image.getString("b64_json"))).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      resp = h.post("/v1/images/generations",
          "{\"model\":\"chat-images\",\"prompt\":\"a lighthouse\",\"response_format\":\"url\"}", KEY);
      assertThat(resp.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(resp.body()).getJsonObject("error").getString("param")).isEqualTo("response_format");
      long calls = h.upstream.calls("/v1/images/generations");
      resp = h.post("/v1/images/generations",
          "{\"model\":\"chat-images\",\"prompt\":\"a lighthouse\",\"stream\":true}", KEY);
      assertThat(resp.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(resp.body()).getJsonObject("error").getString("param")).isEqualTo("stream");
      assertThat(h.upstream.calls("/v1/images/generations")).isEqualTo(calls);
    } finally {
      h.upstream.override("/v1/images/generations", null);
    }
  }

  @Test
  void metrics_largeScrapeToAClientOfferingH2cUpgrade_isAnsweredInFullOverHttp1() throws Exception {
    for (int i = 0; i < 20; i++) {
      h.post("/v1/chat/completions", "{\"model\":\"nope-" + i + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", KEY);
      h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"x\"}", KEY);
    }
    java.net.http.HttpClient upgrading = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_2).build();
    HttpResponse<String> resp = upgrading.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(h.url("/metrics"))).timeout(java.time.Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
    assertThat(resp.body()).contains("gantry_requests_total");
  }

  @Test
  void millis_formatsMicrosecondsWithThreeDecimals() {
    assertThat(OpenAiApi.millis(0)).isEqualTo("0.000");
    assertThat(OpenAiApi.millis(42)).isEqualTo("0.042");
    assertThat(OpenAiApi.millis(950)).isEqualTo("0.950");
    assertThat(OpenAiApi.millis(123_456)).isEqualTo("123.456");
  }

  static List<String> events(String sse) {
    List<String> out = new ArrayList<>();
    for (String block : sse.split("\n\n")) {
      if (block.startsWith("data: ")) {
        out.add(block.substring(6));
      }
    }
    return out;
  }
}
