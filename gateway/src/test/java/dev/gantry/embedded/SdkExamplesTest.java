package dev.gantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.FineTuningSettings;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.LimitStoreSettings;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.Price;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.StateStoreSettings;
import dev.gantry.config.Team;
import dev.gantry.gateway.finetune.FakeTrainer;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.admin.TeamSpec;
import dev.gantry.sdk.examples.AdminReport;
import dev.gantry.sdk.examples.ChatStreaming;
import dev.gantry.sdk.examples.EmbeddingsSearch;
import dev.gantry.sdk.examples.FineTuneAndWait;
import dev.gantry.sdk.examples.GenerateImages;
import dev.gantry.sdk.examples.ToolsLoop;
import dev.gantry.sdk.finetuning.FineTuningJob;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's examples ({@code dev.gantry.sdk.examples}, from the SDK's test-jar) run as a user
 * runs them: each {@code main} in its own JVM with this JVM's classpath, {@code GANTRY_BASE_URL}
 * and {@code GANTRY_API_KEY} pointing at one Gantry embedded in this JVM (fake OpenAI upstream,
 * in-process MiniLM embeddings, fake trainer and vLLM), a fresh working directory, and what it
 * printed and did checked.
 */
class SdkExamplesTest {

  private static final String KEY = "sk-examples-key";
  private static final String ADMIN_KEY = "sk-examples-ops";
  private static final String BASE = "meta-llama/Llama-3.1-8B-Instruct";
  private static final String CHAT = "/v1/chat/completions";
  private static final String IMAGES = "/v1/images/generations";
  /** The text of the recorded answers: {@code chat-text-stream.sse} and {@code chat-basic.json}. */
  private static final String STREAMED_TEXT = "The capital of the UK is London.";
  private static final String WHOLE_TEXT = "Hello! How can I assist you today?";
  /** The id of the recorded tool call ({@code chat-tools.json}). */
  private static final String TOOL_CALL_ID = "call_iXFttys57ap0o16JSlC8yhYo";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** USD per million tokens: the recorded 50 input and 50 output tokens cost 0.00225. */
  private static final Price IMAGE_PRICE = new Price(5.0, 40.0, 1.25);
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  static Path shared;
  private static Vertx vertx;
  private static FakeOpenAiUpstream upstream;
  private static FakeOpenAiUpstream vllm;
  private static FakeTrainer trainer;
  private static Gantry gantry;

  @TempDir
  Path workDir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    upstream.override(IMAGES, req -> req.response().putHeader("content-type", "application/json")
        .end(FakeOpenAiUpstream.images(lastBody(upstream, IMAGES).getInteger("n", 1)).toBuffer()));
    vllm = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    vllm.override("/v1/load_lora_adapter", req -> req.response().end("Success"));
    trainer = new FakeTrainer(vertx).start().await(10, TimeUnit.SECONDS);

    ProviderSettings fake = new ProviderSettings.OpenAi("fake", upstream.baseUrl(), null, null,
        Map.of(), Map.of(), Duration.ofSeconds(10), 8);
    ProviderSettings server = new ProviderSettings.OpenAi("vllm", vllm.baseUrl(),
        SecretRef.literal("vllm-key"), null, Map.of(), Map.of(), Duration.ofSeconds(10), 8);
    FineTuningTarget target = new FineTuningTarget(FineTuningTarget.Backend.TRAINER, "vllm",
        BASE, Map.of("trainer_url", trainer.url()), SecretRef.literal(FakeTrainer.KEY));
    List<ModelAlias> aliases = List.of(
        new ModelAlias("chat", ModelKind.CHAT,
            List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null),
        new ModelAlias("images", ModelKind.IMAGES, List.of(new Deployment("fake", "gpt-image-1",
            1, null, Map.of(), 0, IMAGE_PRICE, Map.of(), 0, 0)), null),
        new ModelAlias("local-embed", ModelKind.EMBEDDINGS,
            List.of(new Deployment("local", "all-minilm-l6-v2", 1, null)), null),
        new ModelAlias("llama", ModelKind.CHAT, List.of(new Deployment("vllm", BASE, 1, null)),
            null, null, null, null, null, null, target));
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("fake", fake, "vllm", server, "local", new ProviderSettings.Local("local", 1, 8)),
        aliases,
        List.of(new ApiKey("examples", SecretRef.literal(KEY), null, List.of(), false, "docs",
            null), new ApiKey("ops", SecretRef.literal(ADMIN_KEY), null, List.of(), true)),
        List.of(new Team("docs", null)), LimitStoreSettings.MEMORY,
        StateStoreSettings.embedded(shared.resolve("state").toString()), null,
        new FineTuningSettings(shared.resolve("files").toString(), 64 * 1024,
            Duration.ofMillis(100), 1, Duration.ofSeconds(1)));
    gantry = Gantry.start(config, Map.of());
    // The in-process embedding model loads after start; wait for it rather than have the
    // embeddings example's request wait for it within its time limit.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!gantry.ready() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(gantry.ready()).as("the local embedding model loaded").isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    gantry.close();
    trainer.close().await(10, TimeUnit.SECONDS);
    vllm.close().await(10, TimeUnit.SECONDS);
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void adminReport_printsDeploymentsHealth_andTheLastAdminChanges() throws Exception {
    try (GantryClient ops = gantry.client(ADMIN_KEY)) {
      ops.admin().teams().create(TeamSpec.named("report-team"));
    }
    run(ChatStreaming.class);

    List<String> out = runWithKey(ADMIN_KEY, AdminReport.class);

    assertThat(out).anySatisfy(line -> assertThat(line)
        .startsWith("fake/gpt-4o-mini").contains("breaker=closed"));
    assertThat(out).anySatisfy(line -> assertThat(line).contains(" ops teams.create report-team"));
    assertThatThrownBy(() -> run(AdminReport.class)).as("a key that is not an admin key")
        .hasMessageContaining("PermissionDeniedException");
  }

  @Test
  void chatStreaming_printsTheStreamedText_thenUsageAndTheDeployment() throws Exception {
    int before = upstream.received().size();

    List<String> out = run(ChatStreaming.class);

    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isEqualTo(STREAMED_TEXT);
    assertThat(out.get(1))
        .isEqualTo("usage: 78 prompt + 9 completion tokens, served by: fake/gpt-4o-mini");
    List<FakeOpenAiUpstream.Received> sent = since(upstream, before, CHAT);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).body().getBoolean("stream")).isTrue();
    assertThat(sent.get(0).body().getJsonArray("messages").getJsonObject(1).getString("content"))
        .isEqualTo("Why is the sky blue?");
  }

  @Test
  void toolsLoop_sendsTheToolResultBack_andPrintsTheFinalAnswer() throws Exception {
    int before = upstream.received().size();

    List<String> out = run(ToolsLoop.class);

    assertThat(out).containsExactly(WHOLE_TEXT);
    List<FakeOpenAiUpstream.Received> sent = since(upstream, before, CHAT);
    assertThat(sent).as("a tool call, then the answer").hasSize(2);
    JsonArray messages = sent.get(1).body().getJsonArray("messages");
    assertThat(messages).hasSize(3);
    JsonObject call = messages.getJsonObject(1);
    assertThat(call.getString("role")).isEqualTo("assistant");
    assertThat(call.getJsonArray("tool_calls").getJsonObject(0).getString("id"))
        .isEqualTo(TOOL_CALL_ID);
    JsonObject result = messages.getJsonObject(2);
    assertThat(result.getString("role")).isEqualTo("tool");
    assertThat(result.getString("tool_call_id")).isEqualTo(TOOL_CALL_ID);
    assertThat(new JsonObject(result.getString("content")).getString("forecast"))
        .isEqualTo("light rain");
    assertThat(sent.get(1).body().getJsonArray("tools").getJsonObject(0)
        .getJsonObject("function").getString("name")).isEqualTo("get_weather");
  }

  @Test
  void embeddingsSearch_printsTheNearestDocument_forTheDefaultAndAnotherQuestion()
      throws Exception {
    String tokens = "Rate limits count tokens with each model's own tokenizer.";
    String cafeteria = "The cafeteria opens at eight and serves breakfast until ten.";

    List<String> byDefault = run(EmbeddingsSearch.class);
    List<String> breakfast = run(EmbeddingsSearch.class, "When can I have breakfast?");

    assertThat(byDefault).hasSize(1);
    assertThat(byDefault.get(0)).matches("0[.,]\\d{3} .*").endsWith(" " + tokens);
    assertThat(breakfast).hasSize(1);
    assertThat(breakfast.get(0)).endsWith(" " + cafeteria);
  }

  @Test
  void generateImages_writesPngFilesInTheWorkingDirectory() throws Exception {
    int before = upstream.received().size();

    List<String> out = run(GenerateImages.class);

    Path first = workDir.resolve("lighthouse-0.png");
    Path second = workDir.resolve("lighthouse-1.png");
    assertThat(out).hasSize(4);
    assertThat(Path.of(out.get(0))).isEqualTo(first.toRealPath());
    assertThat(Path.of(out.get(1))).isEqualTo(second.toRealPath());
    assertThat(out.get(2)).isEqualTo("100 tokens");
    assertThat(Files.readAllBytes(first)).startsWith(PNG_SIGNATURE);
    assertThat(Files.readAllBytes(second)).startsWith(PNG_SIGNATURE);
    List<FakeOpenAiUpstream.Received> sent = since(upstream, before, IMAGES);
    assertThat(sent).hasSize(1);
    assertThat(out.get(3)).as("the request id (forwarded upstream) and the cost")
        .isEqualTo(sent.get(0).headers().get("x-request-id") + " 0.00225000");
    assertThat(sent.get(0).body().getInteger("n")).isEqualTo(2);
    assertThat(sent.get(0).body().getString("output_format")).isEqualTo("png");
  }

  @Test
  void fineTuneAndWait_printsTheJobsEvents_thenTheTunedModelsAnswer() throws Exception {
    Files.writeString(workDir.resolve("train.jsonl"), IntStream.range(0, 12)
        .mapToObj(i -> new JsonObject().put("messages", List.of(
            new JsonObject().put("role", "user").put("content", "What is " + i + " + 1?"),
            new JsonObject().put("role", "assistant").put("content", String.valueOf(i + 1))))
            .encode())
        .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);

    List<String> out = run(FineTuneAndWait.class);

    List<FineTuningJob> jobs;
    try (GantryClient docs = gantry.client(KEY)) {
      jobs = docs.fineTuning().list().data();
    }
    assertThat(jobs).hasSize(1);
    FineTuningJob job = jobs.get(0);
    assertThat(job.status()).isEqualTo("succeeded");
    assertThat(job.fineTunedModel()).startsWith("ft:llama:docs:example:");
    assertThat(out.get(0)).startsWith("info Created fine-tuning job");
    assertThat(out).contains("info The job has successfully completed");
    assertThat(out.get(out.size() - 1)).isEqualTo(WHOLE_TEXT);
    assertThat(vllm.received().stream().filter(r -> r.path().equals(CHAT))
        .map(r -> r.body().getString("model"))).containsExactly(job.fineTunedModel());
  }

  /**
   * Runs {@code example}'s {@code main} in a new JVM with this JVM's classpath (possibly
   * surefire's manifest-only jar, which works as {@code -cp} too), in {@link #workDir}, with
   * the environment pointing at {@link #gantry}; fails unless it exits with 0 and prints nothing
   * to stderr. Returns the lines it printed.
   */
  private List<String> run(Class<?> example, String... args)
      throws IOException, InterruptedException {
    return runWithKey(KEY, example, args);
  }

  private List<String> runWithKey(String key, Class<?> example, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // the quick compiler only: a JVM that lives a second or two starts faster with it
        "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), example.getName()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(shared, example.getSimpleName(), ".out");
    Path stderr = Files.createTempFile(shared, example.getSimpleName(), ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("GANTRY_BASE_URL", gantry.baseUri().toString());
    builder.environment().put("GANTRY_API_KEY", key);
    Process process = builder.start();
    if (!process.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail(example.getSimpleName() + " did not end within " + CHILD_TIMEOUT + "; stdout:\n"
          + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
    }
    String out = Files.readString(stdout);
    // the JVM's own notice when the environment sets options (JAVA_TOOL_OPTIONS...)
    List<String> errors = Files.readString(stderr).lines()
        .filter(line -> !line.contains("Picked up ")).toList();
    assertThat(process.exitValue()).as("exit code of %s; stdout:%n%s%nstderr:%n%s",
        example.getSimpleName(), out, errors).isZero();
    assertThat(errors).as("stderr of %s; stdout:%n%s", example.getSimpleName(), out).isEmpty();
    return out.lines().toList();
  }

  private static List<FakeOpenAiUpstream.Received> since(FakeOpenAiUpstream server, int from,
      String path) {
    List<FakeOpenAiUpstream.Received> all = server.received();
    return all.subList(from, all.size()).stream().filter(r -> r.path().equals(path)).toList();
  }

  private static JsonObject lastBody(FakeOpenAiUpstream server, String path) {
    List<FakeOpenAiUpstream.Received> sent = since(server, 0, path);
    return sent.get(sent.size() - 1).body();
  }
}
