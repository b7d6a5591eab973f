package dev.gantry.gateway.routing;

import static dev.gantry.gateway.routing.Fleet.CHAT;
import static dev.gantry.gateway.routing.Fleet.alias;
import static dev.gantry.gateway.routing.Fleet.chat;
import static dev.gantry.gateway.routing.Fleet.deployment;
import static dev.gantry.gateway.routing.Fleet.events;
import static dev.gantry.gateway.testing.UpstreamFaults.openAiError;
import static dev.gantry.gateway.testing.UpstreamFaults.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gantry.config.Deployment;
import dev.gantry.config.Fallbacks;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.Routing;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.UpstreamFaults;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failover over HTTP: a client → the gateway → {@code openai} providers whose fake servers
 * misbehave on cue ({@link UpstreamFaults}). Aliases use the priority strategy so each test knows
 * which deployment is asked first ({@code a}, then {@code b}, then {@code c}); each test gets a
 * fresh gateway (fresh breakers). Assertions are on what the client got and what each fake
 * received, never on elapsed time; the few waits are the configured limits themselves.
 */
class FailoverEndToEndTest {

  private static final String HELLO = "Hello! How can I assist you today?";
  private static final String LONDON = "The capital of the UK is London.";
  private static final String A = "a/gpt-4o-mini";
  private static final String B = "b/gpt-4o-mini";
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Routing PRIORITY = limits(null, Duration.ofSeconds(60));

  private Fleet fleet;
  private FakeOpenAiUpstream a;
  private FakeOpenAiUpstream b;
  private FakeOpenAiUpstream c;

  @BeforeEach
  void startFleet() throws Exception {
    fleet = Fleet.start("a", "b", "c");
    a = fleet.fake("a");
    b = fleet.fake("b");
    c = fleet.fake("c");
  }

  @AfterEach
  void stopFleet() throws Exception {
    fleet.close();
  }

  /** Priority order, 3 attempts, 10 ms backoff base, 2 s cap, the given stream limits. */
  private static Routing limits(Duration firstToken, Duration idle) {
    return new Routing(Routing.Strategy.PRIORITY, 3, Duration.ofMillis(10), Duration.ofSeconds(2),
        Routing.Breaker.DEFAULTS, firstToken, idle, Duration.ofSeconds(60), null);
  }

  /** An alias over {@code gpt-4o-mini} at each provider, asked in the order given. */
  private static ModelAlias ranked(String name, Routing routing, String... providers) {
    Deployment[] deployments = new Deployment[providers.length];
    for (int i = 0; i < providers.length; i++) {
      deployments[i] = deployment(providers[i], "gpt-4o-mini", i, 1);
    }
    return alias(name, routing, Fallbacks.NONE, deployments);
  }

  private static String rateLimited() {
    return openAiError("Rate limit reached for gpt-4o-mini in organization org-x on requests per "
        + "min (RPM): Limit 3, Used 3, Requested 1.", "requests", "rate_limit_exceeded");
  }

  private static String header(HttpResponse<String> resp, String name) {
    return resp.headers().firstValue(name).orElse(null);
  }

  private static String errorCode(String json) {
    return new JsonObject(json).getJsonObject("error").getString("code");
  }

  /** The text of a stream's chunks. */
  private static String streamedText(List<String> events) {
    return events.stream().filter(e -> !e.equals("[DONE]"))
        .map(JsonObject::new).filter(e -> e.containsKey("choices"))
        .map(e -> e.getJsonArray("choices").getJsonObject(0).getJsonObject("delta")
            .getString("content", ""))
        .collect(Collectors.joining());
  }

  /** The recorded whole answer, from {@code deployment}, after {@code attempts} calls. */
  private static void assertAnswered(HttpResponse<String> resp, String deployment, int attempts) {
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(resp.body()).getJsonArray("choices").getJsonObject(0)
        .getJsonObject("message").getString("content")).isEqualTo(HELLO);
    assertThat(header(resp, "x-gantry-deployment")).isEqualTo(deployment);
    assertThat(header(resp, "x-gantry-attempts")).isEqualTo(Integer.toString(attempts));
  }

  /** The recorded stream, whole and clean, from {@code deployment}, after {@code attempts}. */
  private static void assertStreamed(HttpResponse<String> resp, String deployment, int attempts) {
    assertThat(resp.statusCode()).isEqualTo(200);
    List<String> events = events(resp.body());
    assertThat(streamedText(events)).isEqualTo(LONDON);
    assertThat(events).last().isEqualTo("[DONE]");
    assertThat(resp.body()).doesNotContain("\"error\"");
    assertThat(header(resp, "x-gantry-deployment")).isEqualTo(deployment);
    assertThat(header(resp, "x-gantry-attempts")).isEqualTo(Integer.toString(attempts));
  }

  /** A stream from deployment a that started ("The"), then ended with one error event. */
  private static void assertCutShort(HttpResponse<String> resp, String code) {
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(header(resp, "x-gantry-deployment")).isEqualTo(A);
    List<String> events = events(resp.body());
    assertThat(streamedText(events.subList(0, events.size() - 1))).startsWith("The");
    assertThat(errorCode(events.get(events.size() - 1))).isEqualTo(code);
  }

  private static void awaitHangUp(Promise<Void> hungUp, String what) throws Exception {
    assertThat(hungUp.future().await(10, TimeUnit.SECONDS)).as(what).isNull();
  }

  @Test
  void rateLimitWithRetryAfter_onTheOnlyDeployment_isRetriedThereAndServed() throws Exception {
    fleet.serve(DEADLINE, ranked("solo", PRIORITY, "a"));
    a.once(CHAT, status(429, rateLimited(), "retry-after", "1"));

    assertAnswered(fleet.post(chat("solo", false)), A, 2);
    assertThat(a.calls(CHAT)).isEqualTo(2);
  }

  @Test
  void rateLimitWithRetryAfterBeyondTheBackoffCap_isPassedOnWithoutRetrying() throws Exception {
    fleet.serve(DEADLINE, ranked("solo", PRIORITY, "a"));
    a.once(CHAT, status(429, rateLimited(), "retry-after", "30"));

    HttpResponse<String> resp = fleet.post(chat("solo", false));

    assertThat(resp.statusCode()).isEqualTo(429);
    assertThat(errorCode(resp.body())).isEqualTo("upstream_rate_limited");
    assertThat(header(resp, "retry-after")).isEqualTo("30");
    assertThat(header(resp, "x-gantry-attempts")).isEqualTo("1");
    assertThat(a.calls(CHAT)).isEqualTo(1);
  }

  @Test
  void rateLimitWithRetryAfterMs_onOneOfTwo_isServedByTheOther() throws Exception {
    fleet.serve(DEADLINE, ranked("pair", PRIORITY, "a", "b"));
    a.once(CHAT, status(429, rateLimited(), "retry-after-ms", "1500"));

    assertAnswered(fleet.post(chat("pair", false)), B, 2);
    assertThat(List.of(a.calls(CHAT), b.calls(CHAT))).containsExactly(1L, 1L);
  }

  @Test
  void unavailableWithoutRetryAfter_isRetriedThereWithBackoff_upToMaxAttempts() throws Exception {
    fleet.serve(DEADLINE, ranked("solo", PRIORITY, "a"));
    a.override(CHAT, status(503, openAiError("The engine is currently overloaded, please try "
        + "again later.", "server_error", null)));

    HttpResponse<String> resp = fleet.post(chat("solo", false));

    assertThat(resp.statusCode()).isEqualTo(503);
    assertThat(errorCode(resp.body())).isEqualTo("upstream_unavailable");
    assertThat(header(resp, "x-gantry-attempts")).isEqualTo("3");
    assertThat(a.calls(CHAT)).isEqualTo(3);
  }

  @Test
  void serverErrors_moveToTheNextDeployment_neverBackToTheSameOne() throws Exception {
    fleet.serve(DEADLINE, ranked("trio", PRIORITY, "a", "b", "c"));
    String error = openAiError("The server had an error while processing your request.",
        "server_error", null);
    a.once(CHAT, status(500, error));
    b.once(CHAT, status(500, error));

    assertAnswered(fleet.post(chat("trio", false)), "c/gpt-4o-mini", 3);
    assertThat(List.of(a.calls(CHAT), b.calls(CHAT), c.calls(CHAT))).containsExactly(1L, 1L, 1L);
  }

  static Stream<Arguments> brokenAnswers() {
    return Stream.of(Arguments.of("connection reset mid-body", UpstreamFaults.resetMidBody()),
        Arguments.of("malformed JSON", UpstreamFaults.malformedJson()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenAnswers")
  void brokenAnswer_movesToTheNextDeployment(String fault, Handler<HttpServerRequest> answer)
      throws Exception {
    fleet.serve(DEADLINE, ranked("pair", PRIORITY, "a", "b"));
    a.once(CHAT, answer);

    assertAnswered(fleet.post(chat("pair", false)), B, 2);
    assertThat(List.of(a.calls(CHAT), b.calls(CHAT))).containsExactly(1L, 1L);
  }

  @Test
  void malformedJson_onTheOnlyDeployment_isNotRetriedThere() throws Exception {
    fleet.serve(DEADLINE, ranked("solo", PRIORITY, "a"));
    a.once(CHAT, UpstreamFaults.malformedJson());

    HttpResponse<String> resp = fleet.post(chat("solo", false));

    assertThat(resp.statusCode()).isEqualTo(502);
    assertThat(errorCode(resp.body())).isEqualTo("upstream_error");
    assertThat(a.calls(CHAT)).as("the call may have been served").isEqualTo(1);
  }

  @Test
  void timeout_onTheOnlyDeployment_isNotRetriedThere() throws Exception {
    Deployment quick = new Deployment("a", "gpt-4o-mini", 1, Duration.ofMillis(500));
    fleet.serve(DEADLINE, alias("solo", PRIORITY, Fallbacks.NONE, quick));
    Promise<Void> hungUp = Promise.promise();
    a.once(CHAT, UpstreamFaults.silent(hungUp));

    HttpResponse<String> resp = fleet.post(chat("solo", false));

    assertThat(resp.statusCode()).isEqualTo(504);
    assertThat(a.calls(CHAT)).as("the call may have been served").isEqualTo(1);
    awaitHangUp(hungUp, "the gateway abandons the call at the deployment's timeout");
  }

  @Test
  void slowFirstToken_onAStream_isServedByTheOther_andTheSlowCallCancelled() throws Exception {
    fleet.serve(DEADLINE,
        ranked("pair", limits(Duration.ofMillis(800), Duration.ofSeconds(60)), "a", "b"));
    Promise<Void> hungUp = Promise.promise();
    a.once(CHAT, UpstreamFaults.stalledStream(0, hungUp));

    assertStreamed(fleet.post(chat("pair", true)), B, 2);
    awaitHangUp(hungUp, "the gateway cancels the call that sent no first token");
    assertThat(a.calls(CHAT)).isEqualTo(1);
  }

  @Test
  void streamStallingAfterItsFirstChunks_endsWithAnUpstreamTimeoutEvent_noSwitch()
      throws Exception {
    fleet.serve(DEADLINE, ranked("pair", limits(null, Duration.ofMillis(800)), "a", "b"));
    Promise<Void> hungUp = Promise.promise();
    a.once(CHAT, UpstreamFaults.stalledStream(2, hungUp));

    HttpResponse<String> resp = fleet.post(chat("pair", true));

    assertCutShort(resp, "upstream_timeout");
    assertThat(events(resp.body())).hasSize(3);
    awaitHangUp(hungUp, "the gateway cancels the stalled stream");
    assertThat(b.calls(CHAT)).isZero();
  }

  @Test
  void streamRefusedBeforeItsFirstByte_isServedByTheOther_asOneCleanStream() throws Exception {
    fleet.serve(DEADLINE, ranked("pair", PRIORITY, "a", "b"));
    a.once(CHAT, status(503, openAiError("The engine is currently overloaded, please try again "
        + "later.", "server_error", null)));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fleet.baseUrl())
        .apiKey(Fleet.KEY).maxRetries(0).build();

    StringBuilder text = new StringBuilder();
    List<String> ids;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("pair")
            .addUserMessage("What is the capital of the UK?").build())) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      chunks.forEach(ch -> ch.choices().forEach(choice ->
          choice.delta().content().ifPresent(text::append)));
      ids = chunks.stream().map(ChatCompletionChunk::id).distinct().toList();
    }

    assertThat(text.toString()).isEqualTo(LONDON);
    assertThat(ids).hasSize(1);
    assertThat(List.of(a.calls(CHAT), b.calls(CHAT))).containsExactly(1L, 1L);
  }

  @Test
  void streamErrorEventBeforeTheFirstChunk_failsOverTransparently() throws Exception {
    fleet.serve(DEADLINE, ranked("pair", PRIORITY, "a", "b"));
    a.once(CHAT, UpstreamFaults.streamOf("{\"error\":{\"message\":\"CUDA out of memory.\","
        + "\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}"));

    assertStreamed(fleet.post(chat("pair", true)), B, 2);
  }

  @Test
  void streamBrokenAfterItsFirstChunks_isNotSwitched_theClientGetsThemThenAnError()
      throws Exception {
    fleet.serve(DEADLINE, ranked("pair", PRIORITY, "a", "b"));
    a.once(CHAT, UpstreamFaults.brokenStream(2));

    HttpResponse<String> resp = fleet.post(chat("pair", true));

    assertCutShort(resp, "upstream_error");
    assertThat(events(resp.body())).hasSize(3);
    assertThat(b.calls(CHAT)).isZero();
  }

  @Test
  void streamOutlastingTheRequestDeadline_endsWithAnUpstreamTimeoutEvent() throws Exception {
    fleet.serve(Duration.ofMillis(1500), ranked("solo", PRIORITY, "a"));
    Promise<Void> hungUp = Promise.promise();
    a.override(CHAT, UpstreamFaults.endlessStream(0, 100, hungUp));

    assertCutShort(fleet.post(chat("solo", true)), "upstream_timeout");
    awaitHangUp(hungUp, "the gateway cancels the stream at the deadline");
  }

  @Test
  void clientGoneWhileTheFirstTokenIsAwaited_theProviderStreamIsCancelled() throws Exception {
    fleet.serve(DEADLINE, ranked("solo", PRIORITY, "a"));
    Promise<Void> hungUp = Promise.promise();
    a.override(CHAT, UpstreamFaults.endlessStream(1000, 100, hungUp));

    fleet.sendAndHangUp(chat("solo", true), () -> a.calls(CHAT) == 1);

    awaitHangUp(hungUp, "nobody reads the answer: the provider call is cancelled");
  }

  @Test
  void clientGoneBeforeAWholeAnswer_theProviderCallIsCancelled_andNothingElseTried()
      throws Exception {
    fleet.serve(DEADLINE, ranked("pair", PRIORITY, "a", "b"));
    Promise<Void> hungUp = Promise.promise();
    a.once(CHAT, UpstreamFaults.silent(hungUp));

    fleet.sendAndHangUp(chat("pair", false), () -> a.calls(CHAT) == 1);

    awaitHangUp(hungUp, "nobody waits for the answer: the provider call is aborted");
    Thread.sleep(300);
    assertThat(b.calls(CHAT)).as("a client that left is not a failure to fail over from")
        .isZero();
    assertAnswered(fleet.post(chat("pair", false)), A, 1);
  }

  @Test
  void clientGoneInTheMiddleOfAStream_theProviderStreamIsCancelled() throws Exception {
    fleet.serve(DEADLINE, ranked("solo", PRIORITY, "a"));
    Promise<Void> hungUp = Promise.promise();
    a.override(CHAT, UpstreamFaults.endlessStream(0, 50, hungUp));

    fleet.readAndHangUp(chat("solo", true), "\"content\":\"The\"");

    awaitHangUp(hungUp, "nobody reads the answer: the provider call is cancelled");
  }

  @Test
  void contextLengthExceeded_isServedByTheContextLengthFallback() throws Exception {
    Fallbacks longer = new Fallbacks(List.of(), List.of("long"), List.of(), List.of());
    fleet.serve(DEADLINE,
        alias("short", PRIORITY, longer, deployment("a", "gpt-4o-mini", 0, 1)),
        alias("long", PRIORITY, Fallbacks.NONE, deployment("b", "gpt-4.1", 0, 1)));
    a.once(CHAT, status(400, openAiError("This model's maximum context length is 128000 tokens. "
        + "However, your messages resulted in 130412 tokens. Please reduce the length of the "
        + "messages.", "invalid_request_error", "context_length_exceeded")));

    assertAnswered(fleet.post(chat("short", false)), "b/gpt-4.1", 2);
    assertThat(a.calls(CHAT)).isEqualTo(1);
    assertThat(b.received()).singleElement()
        .satisfies(r -> assertThat(r.body().getString("model")).isEqualTo("gpt-4.1"));
  }

  @Test
  void rateLimitedEverywhere_isServedByTheRateLimitFallback() throws Exception {
    Fallbacks spare = new Fallbacks(List.of(), List.of(), List.of(), List.of("spare"));
    fleet.serve(DEADLINE,
        alias("busy", PRIORITY, spare, deployment("a", "gpt-4o-mini", 0, 1)),
        alias("spare", PRIORITY, Fallbacks.NONE, deployment("b", "gpt-4o-mini", 0, 1)));
    a.once(CHAT, status(429, rateLimited(), "retry-after", "30"));

    assertAnswered(fleet.post(chat("busy", false)), B, 2);
    assertThat(a.calls(CHAT)).isEqualTo(1);
  }

  @Test
  void contentFiltered_isServedByTheContentFilterFallback() throws Exception {
    Fallbacks lenient = new Fallbacks(List.of(), List.of(), List.of("lenient"), List.of());
    fleet.serve(DEADLINE,
        alias("strict", PRIORITY, lenient, deployment("a", "gpt-4o", 0, 1)),
        alias("lenient", PRIORITY, Fallbacks.NONE, deployment("c", "self-hosted", 0, 1)));
    // Azure OpenAI's answer to a prompt its content filter blocks
    a.once(CHAT, status(400, new JsonObject().put("error", new JsonObject()
        .put("message", "The response was filtered due to the prompt triggering Azure OpenAI's "
            + "content management policy. Please modify your prompt and retry.")
        .put("type", null).put("param", "prompt").put("code", "content_filter")
        .put("status", 400)).encode()));

    assertAnswered(fleet.post(chat("strict", false)), "c/self-hosted", 2);
    assertThat(List.of(a.calls(CHAT), b.calls(CHAT))).containsExactly(1L, 0L);
  }

  @Test
  void breaker_skipsAFailingDeploymentOnceOpen_probesItAfterOpenFor_andClosesOnRecovery()
      throws Exception {
    Duration openFor = Duration.ofMillis(1500);
    Routing.Breaker breaker = new Routing.Breaker(50, 100, Duration.ofSeconds(60), 4, 2, openFor,
        1);
    Routing routing = new Routing(Routing.Strategy.PRIORITY, 2, Duration.ofMillis(10),
        Duration.ofSeconds(2), breaker, null, Duration.ofSeconds(60), Duration.ofSeconds(60), null);
    fleet.serve(DEADLINE, ranked("pair", routing, "a", "b"));
    a.override(CHAT, status(500, openAiError("Internal error", "server_error", null)));

    for (int i = 0; i < 2; i++) {
      assertAnswered(fleet.post(chat("pair", false)), B, 2);
    }
    assertThat(a.calls(CHAT)).as("two failures open the breaker").isEqualTo(2);
    for (int i = 0; i < 3; i++) {
      assertAnswered(fleet.post(chat("pair", false)), B, 1);
    }
    assertThat(a.calls(CHAT)).as("an open breaker keeps calls away").isEqualTo(2);

    Thread.sleep(openFor.toMillis() + 300);
    assertAnswered(fleet.post(chat("pair", false)), B, 2);
    assertThat(a.calls(CHAT)).as("one probe after the open period").isEqualTo(3);
    assertAnswered(fleet.post(chat("pair", false)), B, 1);
    assertThat(a.calls(CHAT)).as("the failed probe opens it again").isEqualTo(3);

    a.override(CHAT, null);
    Thread.sleep(openFor.toMillis() + 300);
    for (int i = 0; i < 2; i++) {
      assertAnswered(fleet.post(chat("pair", false)), A, 1);
    }
    assertThat(a.calls(CHAT)).as("a good probe closes it").isEqualTo(5);
  }

  @Test
  void requestDeadline_withEveryDeploymentSilent_answers504UpstreamTimeout() throws Exception {
    fleet.serve(Duration.ofMillis(1000), ranked("pair", PRIORITY, "a", "b"));
    Promise<Void> hungUp = Promise.promise();
    a.override(CHAT, UpstreamFaults.silent(hungUp));
    b.override(CHAT, UpstreamFaults.silent(Promise.promise()));

    HttpResponse<String> resp = fleet.post(chat("pair", false));

    assertThat(resp.statusCode()).isEqualTo(504);
    assertThat(errorCode(resp.body())).isEqualTo("upstream_timeout");
    assertThat(header(resp, "x-gantry-attempts")).isNotNull();
    awaitHangUp(hungUp, "the gateway abandons the call at the deadline");
  }

  @Test
  void everyDeploymentFailing_listsEachCause_withoutUpstreamKeys() throws Exception {
    fleet.serve(DEADLINE, ranked("trio", PRIORITY, "a", "b", "closed"));
    a.once(CHAT, status(401, openAiError("Incorrect API key provided: " + Fleet.upstreamKey("a")
        + ". You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error", "invalid_api_key")));
    b.once(CHAT, status(500, openAiError("The server had an error while processing your "
        + "request. Sorry about that!", "server_error", null)));

    HttpResponse<String> resp = fleet.post(chat("trio", false));

    assertThat(resp.statusCode()).isEqualTo(502);
    assertThat(errorCode(resp.body())).isEqualTo("all_deployments_failed");
    assertThat(new JsonObject(resp.body()).getJsonObject("error").getString("message"))
        .contains(A + " (upstream_error: The upstream provider rejected the gateway's "
            + "credentials (HTTP 401).)")
        .contains(B + " (upstream_error: The server had an error while processing your "
            + "request. Sorry about that!)")
        .contains("closed/gpt-4o-mini (upstream_unavailable: ");
    assertThat(resp.body()).doesNotContain("sk-upstream").doesNotContain(Fleet.KEY);
    assertThat(header(resp, "x-gantry-attempts")).isEqualTo("3");
  }
}
