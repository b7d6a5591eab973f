package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.sdk.chat.ChatAccumulator;
import dev.gantry.sdk.chat.ChatChunk;
import dev.gantry.sdk.chat.ChatCompletion;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.chat.ChatStream;
import dev.gantry.sdk.chat.ContentPart;
import dev.gantry.sdk.chat.ResponseFormat;
import dev.gantry.sdk.chat.Tool;
import dev.gantry.sdk.chat.ToolCall;
import dev.gantry.sdk.chat.ToolChoice;
import dev.gantry.sdk.chat.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChatCompletionRequest HELLO = ChatCompletionRequest.builder()
      .model("fast").addMessage(ChatMessage.user("Hello")).build();

  private final TestServer server = new TestServer();
  private final GantryClient client =
      GantryClient.builder().baseUrl(server.url()).apiKey("sk-test").maxRetries(0).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void create_parsesTheAnswerAndItsGantryHeaders() {
    server.thenJson(200, TestServer.resource("chat-basic.json"), "x-request-id", "req-7",
        "x-gantry-deployment", "openai-us", "x-gantry-cost-usd", "0.0001", "x-gantry-cache", "miss",
        "x-gantry-attempts", "1");
    ChatCompletion c = client.chat().create(HELLO);
    assertThat(c.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    assertThat(c.content()).contains("Hello! How can I assist you today?");
    assertThat(c.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(c.usage().totalTokens()).isEqualTo(29);
    assertThat(c.headers().requestId()).contains("req-7");
    assertThat(c.headers().deployment()).contains("openai-us");
    assertThat(c.headers().costUsd()).contains(new BigDecimal("0.0001"));
    assertThat(c.headers().cache()).contains("miss");
    TestServer.Seen s = server.seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void create_toolCallAnswer_exposesCallsAndContinuesTheLoop() throws IOException {
    server.thenJson(200, TestServer.resource("chat-tools.json"));
    ChatCompletion c = client.chat().create(HELLO);
    assertThat(c.content()).isEmpty();
    assertThat(c.toolCalls()).containsExactly(ToolCall.function("call_abc123",
        "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"));
    JsonNode next = JSON.readTree(ChatCompletionRequest.builder().model("fast")
        .addMessage(ChatMessage.user("weather?"))
        .addMessage(c.choices().get(0).message().toMessage())
        .addMessage(ChatMessage.tool("call_abc123", "{\"temp\":20}")).build().toJsonString());
    assertThat(next.at("/messages/1/tool_calls/0/function/name").asText()).isEqualTo("get_current_weather");
    assertThat(next.at("/messages/1/content").isNull()).isTrue();
    assertThat(next.at("/messages/2/tool_call_id").asText()).isEqualTo("call_abc123");
  }

  @Test
  void request_serializesEveryFieldInOpenAiShape() throws IOException {
    server.thenJson(200, TestServer.resource("chat-basic.json"));
    ChatCompletionRequest r = ChatCompletionRequest.builder().model("vision")
        .addMessage(ChatMessage.system("be brief"))
        .addMessage(ChatMessage.user(ContentPart.text("What is this?"),
            ContentPart.imageUrl("https://example.com/cat.png", "low")))
        .addTool(Tool.function("get_weather", "Weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}").withStrict())
        .toolChoice(ToolChoice.function("get_weather"))
        .responseFormat(ResponseFormat.jsonObject())
        .temperature(0.2).topP(0.9).maxTokens(50).stop("END").seed(7).n(1).user("u-1")
        .extraBody("parallel_tool_calls", false).extraBody("logprobs", true)
        .build();
    client.chat().create(r);
    JsonNode b = JSON.readTree(server.seen.get(0).body());
    assertThat(b.get("model").asText()).isEqualTo("vision");
    assertThat(b.at("/messages/0/content").asText()).isEqualTo("be brief");
    assertThat(b.at("/messages/1/content/0/type").asText()).isEqualTo("text");
    assertThat(b.at("/messages/1/content/1/image_url/url").asText()).isEqualTo("https://example.com/cat.png");
    assertThat(b.at("/messages/1/content/1/image_url/detail").asText()).isEqualTo("low");
    assertThat(b.at("/tools/0/type").asText()).isEqualTo("function");
    assertThat(b.at("/tools/0/function/parameters/properties/city/type").asText()).isEqualTo("string");
    assertThat(b.at("/tools/0/function/strict").asBoolean()).isTrue();
    assertThat(b.at("/tool_choice/function/name").asText()).isEqualTo("get_weather");
    assertThat(b.at("/response_format/type").asText()).isEqualTo("json_object");
    assertThat(b.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(b.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(b.get("max_tokens").asInt()).isEqualTo(50);
    assertThat(b.at("/stop/0").asText()).isEqualTo("END");
    assertThat(b.get("seed").asLong()).isEqualTo(7);
    assertThat(b.get("n").asInt()).isEqualTo(1);
    assertThat(b.get("user").asText()).isEqualTo("u-1");
    assertThat(b.get("parallel_tool_calls").asBoolean()).isFalse();
    assertThat(b.get("logprobs").asBoolean()).isTrue();
    assertThat(b.has("stream")).isFalse();
    assertThatThrownBy(() -> ChatCompletionRequest.builder().extraBody("stream", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(r.toBuilder().temperature(1).build().toJsonString()).contains("\"temperature\":1.0");
  }

  @Test
  void create_reasoningModel_readsTokenDetails() {
    server.thenJson(200, TestServer.resource("chat-reasoning.json"));
    Usage u = client.chat().create(HELLO).usage();
    assertThat(u.promptTokens()).isEqualTo(577);
    assertThat(u.completionTokens()).isEqualTo(2320);
    assertThat(u.totalTokens()).isEqualTo(2897);
    assertThat(u.reasoningTokens()).isEqualTo(1792);
    assertThat(u.cachedTokens()).isZero();
    assertThat(u.completionTokensDetails())
        .isEqualTo(new Usage.CompletionTokensDetails(1792, 0, 0, 0));
    assertThat(u.promptTokensDetails()).isEqualTo(new Usage.PromptTokensDetails(0, 0));
  }

  @Test
  void create_usageDetailsAbsentOrNull_readAsZero() {
    server.thenJson(200, "{\"id\":\"a\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
            + "\"completion_tokens\":4,\"total_tokens\":7}}")
        .thenJson(200, "{\"id\":\"b\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
            + "\"completion_tokens\":4,\"total_tokens\":7,\"prompt_tokens_details\":null,"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":null}}}");
    Usage absent = client.chat().create(HELLO).usage();
    Usage nulls = client.chat().create(HELLO).usage();
    assertThat(absent).isEqualTo(new Usage(3, 4, 7)).isEqualTo(nulls);
    assertThat(absent.cachedTokens()).isZero();
    assertThat(nulls.reasoningTokens()).isZero();
    assertThat(nulls.promptTokensDetails()).isEqualTo(Usage.PromptTokensDetails.NONE);
  }

  @Test
  void stream_usageChunkWithGantrysCachedTokens_isKeptByTheAccumulator() {
    // Gantry writes a detail object only when its count is non-zero (ResponseParts.write)
    server.thenSse(String.join("\n\n",
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}",
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
        "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":2048,\"completion_tokens\":300,"
            + "\"total_tokens\":2348,\"prompt_tokens_details\":{\"cached_tokens\":1536},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":256}}}",
        "data: [DONE]", ""));
    ChatCompletion c;
    try (ChatStream s = client.chat().stream(HELLO)) {
      c = s.accumulate();
    }
    assertThat(c.usage().cachedTokens()).isEqualTo(1536);
    assertThat(c.usage().reasoningTokens()).isEqualTo(256);
    assertThat(c.usage()).isEqualTo(new Usage(2048, 300, 2348,
        new Usage.PromptTokensDetails(1536, 0), new Usage.CompletionTokensDetails(256, 0, 0, 0)));
  }

  @Test
  void createAsync_completesTheFuture() {
    server.thenJson(200, TestServer.resource("chat-basic.json"));
    CompletableFuture<ChatCompletion> f = client.chat().createAsync(HELLO);
    assertThat(f.join().usage().promptTokens()).isEqualTo(19);
  }

  @Test
  void createAsync_error_failsTheFutureWithTheTypedException() {
    server.thenError(404, "invalid_request_error", "model_not_found", "no such model",
        "x-request-id", "req-404");
    assertThat(client.chat().createAsync(HELLO)).failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(NotFoundException.class)
        .satisfies(e -> assertThat(((GantryException) e).requestId()).contains("req-404"));
  }

  @Test
  void stream_parsesChunksUntilDone_andAsksForUsage() throws IOException {
    server.thenSse(TestServer.resource("chat-streaming.sse"), "x-request-id", "req-s");
    List<ChatChunk> chunks = new ArrayList<>();
    try (ChatStream s = client.chat().stream(HELLO)) {
      assertThat(s.headers().requestId()).contains("req-s");
      s.forEach(chunks::add);
    }
    assertThat(chunks).hasSize(3);
    assertThat(chunks.stream().map(ChatChunk::text).collect(Collectors.joining())).isEqualTo("Hello");
    assertThat(chunks.get(2).choices().get(0).finishReason()).isEqualTo("stop");
    JsonNode b = JSON.readTree(server.seen.get(0).body());
    assertThat(b.get("stream").asBoolean()).isTrue();
    assertThat(b.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(server.seen.get(0).header("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void stream_toolCallDeltas_accumulateIntoCallsAndUsage() {
    server.thenSse(TestServer.resource("chat-tools-streaming.sse"));
    ChatAccumulator acc = new ChatAccumulator();
    try (ChatStream s = client.chat().stream(HELLO)) {
      s.stream().forEach(acc::add);
    }
    ChatCompletion c = acc.toCompletion();
    assertThat(c.id()).isEqualTo("chatcmpl-Dx0XpqH8w09uBXwq1zFGYdETjtnEl");
    assertThat(c.toolCalls()).containsExactly(
        ToolCall.function("call_ZR5UUuTt3pf61kjwAJIYdVMj", "get_capital", "{\"country\":\"UK\"}"));
    assertThat(c.choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(c.choices().get(0).message().content()).isNull();
    assertThat(c.usage()).isEqualTo(new Usage(53, 15, 68));
  }

  @Test
  void accumulator_interleavedToolCallsAndChoices_areKeptApartByIndex() throws IOException {
    String sse = String.join("\n\n",
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}",
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"Yo\"}}]}",
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\"\"}}]}}]}",
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}]}",
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]}}]}",
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"},{\"index\":1,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}]}",
        "data: [DONE]", "");
    server.thenSse(sse);
    ChatCompletion c;
    try (ChatStream s = client.chat().stream(HELLO)) {
      c = s.accumulate();
    }
    assertThat(c.choices()).hasSize(2);
    assertThat(c.choices().get(0).message().content()).isEqualTo("Hi");
    assertThat(c.choices().get(0).message().toolCalls()).containsExactly(
        ToolCall.function("a", "f", "{\"x\":1}"), ToolCall.function("b", "g", "{}"));
    assertThat(c.choices().get(1).message().content()).isEqualTo("Yo!");
    assertThat(c.choices().get(1).finishReason()).isEqualTo("stop");
    assertThat(c.usage()).isNull();
  }

  @Test
  void stream_sseFraming_commentsCrlfAndMultilineData() {
    String sse = ": keep-alive\r\n\r\nevent: message\r\ndata: {\"id\":\"x\",\"choices\":\r\n"
        + "data: [{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\r\n\r\ndata: [DONE]\r\n\r\n";
    server.thenSse(sse);
    try (ChatStream s = client.chat().stream(HELLO)) {
      assertThat(s.stream().map(ChatChunk::text).collect(Collectors.toList())).containsExactly("a");
    }
  }

  @Test
  void stream_errorEventMidStream_isThrownFromTheIterator() {
    server.thenSse("data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
        + "data: {\"error\":{\"message\":\"upstream went away\",\"type\":\"server_error\","
        + "\"code\":\"upstream_error\"}}\n\n", "x-request-id", "req-e");
    try (ChatStream s = client.chat().stream(HELLO)) {
      var it = s.iterator();
      assertThat(it.next().text()).isEqualTo("a");
      assertThatThrownBy(it::hasNext).isInstanceOfSatisfying(UpstreamException.class, e -> {
        assertThat(e.code()).contains("upstream_error");
        assertThat(e.requestId()).contains("req-e");
      });
    }
  }

  @Test
  void stream_errorAnswerBeforeTheStream_throwsFromStream() {
    server.thenError(429, "rate_limit_error", "rate_limit_exceeded", "slow", "Retry-After", "3");
    assertThatThrownBy(() -> client.chat().stream(HELLO))
        .isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(3)));
  }

  @Test
  void stream_iteratedTwice_fails() {
    server.thenSse("data: [DONE]\n\n");
    try (ChatStream s = client.chat().stream(HELLO)) {
      s.iterator();
      assertThatThrownBy(s::iterator).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void close_midStream_closesTheConnectionAndTheServerSeesTheClientGo() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    server.then(endlessStream(clientGone));
    ChatStream s = client.chat().stream(HELLO);
    var it = s.iterator();
    assertThat(it.next().text()).isEqualTo("tok");
    assertThat(it.next().text()).isEqualTo("tok");
    s.close();
    assertThat(s.isClosed()).isTrue();
    assertThat(it.hasNext()).isFalse();
    assertThat(clientGone.await(10, TimeUnit.SECONDS)).as("server saw the client go").isTrue();
  }

  @Test
  void publisher_deliversChunksWithDemandAndCompletes() throws Exception {
    server.thenSse(TestServer.resource("chat-tools-streaming.sse"));
    List<ChatChunk> got = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    client.chat().publisher(HELLO).subscribe(new Flow.Subscriber<>() {
      private Flow.Subscription sub;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        sub = s;
        s.request(1);
      }

      @Override
      public void onNext(ChatChunk item) {
        got.add(item);
        sub.request(1);
      }

      @Override
      public void onError(Throwable t) {
        done.countDown();
      }

      @Override
      public void onComplete() {
        done.countDown();
      }
    });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(got).hasSize(8);
    assertThat(got.get(7).usage().totalTokens()).isEqualTo(68);
  }

  @Test
  void publisher_cancel_closesTheConnection() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    server.then(endlessStream(clientGone));
    CompletableFuture<ChatChunk> first = new CompletableFuture<>();
    client.chat().publisher(HELLO).subscribe(new Flow.Subscriber<>() {
      private Flow.Subscription sub;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        sub = s;
        s.request(1);
      }

      @Override
      public void onNext(ChatChunk item) {
        first.complete(item);
        sub.cancel();
      }

      @Override
      public void onError(Throwable t) {
        first.completeExceptionally(t);
      }

      @Override
      public void onComplete() {}
    });
    assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("tok");
    assertThat(clientGone.await(10, TimeUnit.SECONDS)).as("server saw the client go").isTrue();
  }

  @Test
  void stream_errorEventEchoingTheKey_isRedacted() {
    server.thenSse("data: {\"error\":{\"message\":\"bad key sk-test\",\"type\":\"invalid_request_error\"}}\n\n");
    try (ChatStream s = client.chat().stream(HELLO)) {
      assertThatThrownBy(() -> s.iterator().hasNext()).isInstanceOf(GantryException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-test").contains("***"));
    }
  }

  @Test
  void stream_stallingAfterItsHeaders_timesOutWithTheCallsTimeout_andHangsUpOnTheServer()
      throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    String chunk = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"}}]}\n\n";
    server.then(ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      try {
        out.write(chunk.getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(1500);          // stalls longer than the call's timeout
        for (int i = 0; i < 200; i++) {
          out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(20);
        }
      } catch (IOException gone) {
        clientGone.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ex.close();
      }
    });
    RequestOptions shortTimeout =
        RequestOptions.builder().timeout(java.time.Duration.ofMillis(300)).build();

    try (ChatStream s = client.chat().stream(HELLO, shortTimeout)) {
      var it = s.iterator();
      assertThat(it.next().text()).isEqualTo("tok");
      assertThatThrownBy(it::hasNext).isInstanceOf(dev.gantry.sdk.TimeoutException.class)
          .hasMessageContaining("stream stalled").hasMessageContaining("300 ms");
      assertThat(s.isClosed()).isTrue();
    }
    assertThat(clientGone.await(10, TimeUnit.SECONDS)).as("server saw the client go").isTrue();
  }

  @Test
  void stream_slowerThanTheTimeoutInTotal_butNeverIdleThatLong_isNotCut() {
    String chunk = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t\"}}]}\n\n";
    server.then(ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      try {
        for (int i = 0; i < 10; i++) {
          out.write(chunk.getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(100);
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(100);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ex.close();
      }
    });
    RequestOptions timeout =
        RequestOptions.builder().timeout(java.time.Duration.ofMillis(700)).build();

    try (ChatStream s = client.chat().stream(HELLO, timeout)) {
      assertThat(s.accumulate().content()).contains("tttttttttt");
    }
  }

  private static TestServer.Answer endlessStream(CountDownLatch clientGone) {
    String chunk = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"}}]}\n\n";
    return ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      try {
        for (int i = 0; i < 2000; i++) {
          out.write(chunk.getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(10);
        }
      } catch (IOException gone) {
        clientGone.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ex.close();
      }
    };
  }

  @Test
  void publisher_errorAnswer_arrivesInOnError() throws Exception {
    server.thenError(401, "invalid_request_error", "invalid_api_key", "bad key");
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    client.chat().publisher(HELLO).subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ChatChunk item) {}

      @Override
      public void onError(Throwable t) {
        error.complete(t);
      }

      @Override
      public void onComplete() {
        error.complete(null);
      }
    });
    assertThat(error.get(10, TimeUnit.SECONDS)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void message_singleTextIsAString_partsAreAnArray() {
    assertThat(ChatMessage.user("hi").toJson().get("content").isTextual()).isTrue();
    assertThat(ChatMessage.user(ContentPart.image(new byte[] {1, 2}, "image/png")).toJson()
        .at("/content/0/image_url/url").asText()).isEqualTo("data:image/png;base64,AQI=");
    assertThat(ChatMessage.assistantToolCalls(List.of(ToolCall.function("c", "f", "{}"))).toJson()
        .toString()).contains("\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\"");
  }
}
