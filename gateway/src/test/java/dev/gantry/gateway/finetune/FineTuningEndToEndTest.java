package dev.gantry.gateway.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.checkpoints.FineTuningJobCheckpoint;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.FineTuningSettings;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.LimitStoreSettings;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.StateStoreSettings;
import dev.gantry.config.Team;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import dev.gantry.gateway.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning broker through a real gateway and the official OpenAI Java SDK: files uploaded,
 * a job validated, queued, trained by a self-hosted trainer (a fake speaking the documented
 * contract), its metrics and checkpoint recorded, and the tuned LoRA adapter loaded into vLLM
 * (the fake OpenAI upstream) and callable by its fine-tuned name at once. Also: bad files fail with
 * line numbers, teams never see each other's files or jobs, cancel, idempotent create, a restart
 * in the middle of training resumes the job without a second submission.
 */
class FineTuningEndToEndTest {

  private static final String BASE = "meta-llama/Llama-3.1-8B-Instruct";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;
  private BlockedThreadGuard guard;
  private Vertx vertx;
  private FakeOpenAiUpstream vllm;
  private FakeTrainer trainer;
  private final List<Gateway> gateways = new ArrayList<>();
  private final List<JsonObject> loaded = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    vllm = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    vllm.override("/v1/load_lora_adapter", req -> {
      JsonObject body = vllm.received().get(vllm.received().size() - 1).body();
      loaded.add(body);
      req.response().end("Success: LoRA adapter '" + body.getString("lora_name")
          + "' added successfully.");
    });
    trainer = new FakeTrainer(vertx).start().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (Gateway g : gateways) {
      g.close().await(20, TimeUnit.SECONDS);
    }
    trainer.close().await(10, TimeUnit.SECONDS);
    vllm.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  private Gateway gateway() throws Exception {
    return gateway(StateStoreSettings.embedded(dir.resolve("state").toString()));
  }

  private Gateway gateway(StateStoreSettings stateStore) throws Exception {
    ProviderSettings.OpenAi server = new ProviderSettings.OpenAi("vllm", vllm.baseUrl(),
        SecretRef.literal("vllm-key"), null, Map.of(), Map.of(), Duration.ofSeconds(10), 16);
    FineTuningTarget target = new FineTuningTarget(FineTuningTarget.Backend.TRAINER, "vllm",
        BASE, Map.of("trainer_url", trainer.url(), "price_per_million_tokens", "2.0"),
        SecretRef.literal(FakeTrainer.KEY));
    ModelAlias llama = new ModelAlias("llama", ModelKind.CHAT,
        List.of(new Deployment("vllm", BASE, 1, null)), null, null, null, null, null, null,
        target);
    List<ApiKey> keys = List.of(
        new ApiKey("a", SecretRef.literal("sk-a"), null, List.of(), false, "red", null),
        new ApiKey("b", SecretRef.literal("sk-b"), null, List.of("llama"), false, "red", null),
        new ApiKey("c", SecretRef.literal("sk-c"), null, List.of(), false, "blue", null),
        new ApiKey("ops", SecretRef.literal("sk-ops"), null, List.of(), true, null, null));
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("vllm", server), List.of(llama), keys,
        List.of(new Team("red", null), new Team("blue", null)), LimitStoreSettings.MEMORY,
        stateStore, null,
        new FineTuningSettings(dir.resolve("files").toString(), 64 * 1024,
            Duration.ofMillis(100), 1, Duration.ofSeconds(1)));
    Gateway g = Gateway.start(vertx, config, Map.of()).await(60, TimeUnit.SECONDS);
    gateways.add(g);
    return g;
  }

  private static OpenAIClient client(Gateway g, String key) {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.port() + "/v1")
        .apiKey(key).maxRetries(0).build();
  }

  /** A valid OpenAI chat fine-tuning file of {@code n} examples. */
  private Path trainingFile(String name, int n) throws Exception {
    String lines = IntStream.range(0, n).mapToObj(i -> new JsonObject().put("messages",
        List.of(new JsonObject().put("role", "system").put("content", "You are terse."),
            new JsonObject().put("role", "user").put("content", "What is " + i + " + 1?"),
            new JsonObject().put("role", "assistant").put("content", String.valueOf(i + 1))))
        .encode()).collect(Collectors.joining("\n", "", "\n"));
    Path file = dir.resolve(name);
    Files.writeString(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static FileObject upload(OpenAIClient client, Path file) {
    return client.files().create(FileCreateParams.builder().file(file)
        .purpose(FilePurpose.FINE_TUNE).build());
  }

  private static FineTuningJob await(OpenAIClient client, String id,
      Predicate<FineTuningJob> until) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    FineTuningJob job = client.fineTuning().jobs().retrieve(id);
    while (!until.test(job) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      job = client.fineTuning().jobs().retrieve(id);
    }
    assertThat(until.test(job)).as("job %s reached the awaited state; it is %s", id,
        job.status()).isTrue();
    return job;
  }

  private static HttpResponse<String> http(Gateway g, String method, String path, String key,
      String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
            + path)).timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + key)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void job_fullLife_throughTheOfficialSdk_andTheTunedModelIsCallableAtOnce() throws Exception {
    Gateway g = gateway();
    OpenAIClient client = client(g, "sk-a");

    FileObject file = upload(client, trainingFile("train.jsonl", 12));
    FineTuningJob created = client.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).suffix("support").seed(42L).build());
    FineTuningJob done = await(client, created.id(),
        j -> j.status().equals(FineTuningJob.Status.SUCCEEDED));

    assertThat(file.bytes()).isEqualTo(Files.size(dir.resolve("train.jsonl")));
    assertThat(client.files().retrieve(file.id()).filename()).isEqualTo("train.jsonl");
    assertThat(new String(client.files().content(file.id()).body().readAllBytes(),
        StandardCharsets.UTF_8)).isEqualTo(Files.readString(dir.resolve("train.jsonl")));
    assertThat(created.status()).isEqualTo(FineTuningJob.Status.VALIDATING_FILES);
    assertThat(created.fineTunedModel()).isEmpty();
    assertThat(created.finishedAt()).isEmpty();
    assertThat(created.seed()).isEqualTo(42L);
    long now = System.currentTimeMillis() / 1000;
    assertThat(created.createdAt()).as("seconds, not millis").isBetween(now - 60, now + 1);
    String tuned = done.fineTunedModel().orElseThrow();
    assertThat(tuned).startsWith("ft:llama:red:support:");
    assertThat(done.trainedTokens()).hasValue(4242L);
    assertThat(done.finishedAt().orElseThrow()).isBetween(now - 60, now + 60);
    assertThat(done.error()).isEmpty();

    List<FineTuningJobEvent> events = client.fineTuning().jobs().listEvents(created.id()).data();
    assertThat(events).extracting(FineTuningJobEvent::message)
        .anyMatch(m -> m.startsWith("Created fine-tuning job"))
        .anyMatch(m -> m.startsWith("Files validated: 12 training examples")
            && m.contains("estimated cost $"))
        .anyMatch(m -> m.startsWith("Step 2: training loss"))
        .anyMatch(m -> m.equals("The job has successfully completed"));
    assertThat(events.get(0).message()).as("newest first")
        .isEqualTo("The job has successfully completed");
    List<FineTuningJobCheckpoint> checkpoints = client.fineTuning().jobs().checkpoints()
        .list(created.id()).data();
    assertThat(checkpoints).singleElement().satisfies(c -> {
      assertThat(c.stepNumber()).isEqualTo(2);
      assertThat(c.fineTuningJobId()).isEqualTo(created.id());
      assertThat(c.metrics().validLoss()).hasValue(0.9);
    });

    assertThat(trainer.unauthorized.get()).isZero();
    assertThat(trainer.started).containsExactly(created.id());
    assertThat(trainer.files.get(created.id() + "-train.jsonl").toString())
        .isEqualTo(Files.readString(dir.resolve("train.jsonl")));
    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.getString("lora_name")).isEqualTo(tuned);
      assertThat(l.getString("lora_path")).isEqualTo("/adapters/" + created.id());
    });

    ChatCompletion answer = client(g, "sk-b").chat().completions().create(
        ChatCompletionCreateParams.builder().model(tuned).addUserMessage("Hi").build());
    assertThat(answer.choices()).isNotEmpty();
    assertThat(vllm.received().stream().filter(r -> r.path().equals("/v1/chat/completions"))
        .map(r -> r.body().getString("model"))).containsExactly(tuned);
    assertThatThrownBy(() -> client(g, "sk-c").fineTuning().jobs().retrieve(created.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void badFile_failsTheJob_withLineNumbers() throws Exception {
    Gateway g = gateway();
    OpenAIClient client = client(g, "sk-a");
    Path good = trainingFile("good.jsonl", 12);
    List<String> lines = new ArrayList<>(Files.readAllLines(good));
    lines.set(2, "{not json");
    lines.set(4, lines.get(4).replace("\"user\"", "\"bot\""));
    Path bad = dir.resolve("bad.jsonl");
    Files.write(bad, lines);

    FileObject file = upload(client, bad);
    FineTuningJob created = client.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).build());
    FineTuningJob failed = await(client, created.id(),
        j -> j.status().equals(FineTuningJob.Status.FAILED));

    String message = failed.error().orElseThrow().message();
    assertThat(message).contains("line 3").contains("line 5");
    assertThat(failed.error().orElseThrow().code()).isEqualTo("invalid_training_file");
    assertThat(failed.finishedAt()).isPresent();
    assertThat(failed.fineTunedModel()).isEmpty();
    assertThat(trainer.started).isEmpty();
  }

  @Test
  void teams_neverSeeOrCancelEachOthersFilesAndJobs() throws Exception {
    Gateway g = gateway();
    trainer.hold = true;
    OpenAIClient red = client(g, "sk-a");
    OpenAIClient teammate = client(g, "sk-b");
    OpenAIClient blue = client(g, "sk-c");
    FileObject file = upload(red, trainingFile("train.jsonl", 12));
    FineTuningJob job = red.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).build());

    assertThat(teammate.files().retrieve(file.id()).id()).isEqualTo(file.id());
    assertThat(teammate.fineTuning().jobs().retrieve(job.id()).id()).isEqualTo(job.id());
    assertThatThrownBy(() -> blue.files().retrieve(file.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> blue.files().delete(file.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(blue.files().list().data()).isEmpty();
    assertThat(blue.fineTuning().jobs().list().data()).isEmpty();
    assertThatThrownBy(() -> blue.fineTuning().jobs().cancel(job.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> blue.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).build()))
        .hasMessageContaining("No file with id");
    assertThat(red.fineTuning().jobs().retrieve(job.id()).status())
        .isNotEqualTo(FineTuningJob.Status.CANCELLED);
  }

  @Test
  void cancel_stopsTheJobAtTheTrainer_andItStaysCancelled() throws Exception {
    Gateway g = gateway();
    trainer.hold = true;
    OpenAIClient client = client(g, "sk-a");
    FileObject file = upload(client, trainingFile("train.jsonl", 12));
    FineTuningJob job = client.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).build());
    await(client, job.id(), j -> j.status().equals(FineTuningJob.Status.RUNNING));

    FineTuningJob cancelled = client.fineTuning().jobs().cancel(job.id());
    trainer.hold = false;
    Thread.sleep(400);

    assertThat(cancelled.status()).isEqualTo(FineTuningJob.Status.CANCELLED);
    assertThat(cancelled.finishedAt()).isPresent();
    assertThat(trainer.cancelled).containsExactly(job.id());
    assertThat(client.fineTuning().jobs().retrieve(job.id()).status())
        .isEqualTo(FineTuningJob.Status.CANCELLED);
    assertThat(http(g, "POST", "/v1/fine_tuning/jobs/" + job.id() + "/cancel", "sk-a", "")
        .statusCode()).isEqualTo(400);
    assertThat(loaded).isEmpty();
  }

  @Test
  void create_withAnIdempotencyKey_makesOneJob() throws Exception {
    Gateway g = gateway();
    trainer.hold = true;
    FileObject file = upload(client(g, "sk-a"), trainingFile("train.jsonl", 12));
    String body = new JsonObject().put("model", "llama").put("training_file", file.id())
        .encode();

    HttpResponse<String> first = http(g, "POST", "/v1/fine_tuning/jobs", "sk-a", body,
        "content-type", "application/json", "idempotency-key", "create-once");
    HttpResponse<String> again = http(g, "POST", "/v1/fine_tuning/jobs", "sk-b", body,
        "content-type", "application/json", "idempotency-key", "create-once");
    HttpResponse<String> other = http(g, "POST", "/v1/fine_tuning/jobs", "sk-a", body,
        "content-type", "application/json", "idempotency-key", "another");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String id = new JsonObject(first.body()).getString("id");
    assertThat(new JsonObject(again.body()).getString("id")).isEqualTo(id);
    assertThat(new JsonObject(other.body()).getString("id")).isNotEqualTo(id);
  }

  @Test
  void restart_inTheMiddleOfTraining_resumesTheJob_withoutASecondSubmission() throws Exception {
    Gateway first = gateway();
    trainer.hold = true;
    OpenAIClient client = client(first, "sk-a");
    FileObject file = upload(client, trainingFile("train.jsonl", 12));
    FineTuningJob job = client.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).build());
    await(client, job.id(), j -> j.status().equals(FineTuningJob.Status.RUNNING));

    first.close().await(20, TimeUnit.SECONDS);
    gateways.remove(first);
    Gateway second = gateway();
    trainer.hold = false;
    FineTuningJob done = await(client(second, "sk-a"), job.id(),
        j -> j.status().equals(FineTuningJob.Status.SUCCEEDED));

    assertThat(trainer.started).containsExactly(job.id());
    assertThat(done.fineTunedModel()).isPresent();
    long completions = client(second, "sk-a").fineTuning().jobs().listEvents(job.id()).data()
        .stream().filter(e -> e.message().equals("The job has successfully completed")).count();
    assertThat(completions).isEqualTo(1);
  }

  @Test
  void badUploads_getOpenAiErrors() throws Exception {
    Gateway g = gateway();
    String boundary = "gantry-test-boundary";
    String big = "x".repeat(70 * 1024);
    String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\""
        + "\r\n\r\nfine-tune\r\n--" + boundary + "\r\nContent-Disposition: form-data;"
        + " name=\"file\"; filename=\"big.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
        + big + "\r\n--" + boundary + "--\r\n";

    HttpResponse<String> tooLarge = http(g, "POST", "/v1/files", "sk-a", multipart,
        "content-type", "multipart/form-data; boundary=" + boundary);
    HttpResponse<String> refusedAtOnce = http(g, "POST", "/v1/files", "sk-a",
        multipart.replace(big, big.repeat(3)), "content-type",
        "multipart/form-data; boundary=" + boundary);
    HttpResponse<String> notMultipart = http(g, "POST", "/v1/files", "sk-a", "{}",
        "content-type", "application/json");
    HttpResponse<String> wrongPurpose = http(g, "POST", "/v1/files", "sk-a",
        multipart.replace(big, "{}").replace("fine-tune", "batch"),
        "content-type", "multipart/form-data; boundary=" + boundary);
    HttpResponse<String> noKey = http(g, "GET", "/v1/files", "sk-nope", null);

    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooLarge.body()).getJsonObject("error").getString("message"))
        .contains("max_file_size");
    assertThat(refusedAtOnce.statusCode()).as("by its content-length").isEqualTo(413);
    assertThat(notMultipart.statusCode()).isEqualTo(415);
    assertThat(wrongPurpose.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(wrongPurpose.body()).getJsonObject("error").getString("param"))
        .isEqualTo("purpose");
    assertThat(noKey.statusCode()).isEqualTo(401);
    try (var files = Files.list(dir.resolve("files").resolve("tmp"))) {
      assertThat(files).as("aborted uploads leave nothing behind").isEmpty();
    }
  }

  @Test
  void team_runsOneJobAtATime_theNextWaitsInGantrysQueue() throws Exception {
    Gateway g = gateway();
    trainer.hold = true;
    OpenAIClient client = client(g, "sk-a");
    FileObject file = upload(client, trainingFile("train.jsonl", 12));
    FineTuningJob first = client.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).build());
    await(client, first.id(), j -> j.status().equals(FineTuningJob.Status.RUNNING));
    FineTuningJob second = client.fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(file.id()).build());
    await(client, second.id(), j -> j.status().equals(FineTuningJob.Status.QUEUED));
    Thread.sleep(400);

    assertThat(client.fineTuning().jobs().retrieve(second.id()).status())
        .isEqualTo(FineTuningJob.Status.QUEUED);
    assertThat(trainer.started).containsExactly(first.id());
    trainer.hold = false;
    await(client, second.id(), j -> j.status().equals(FineTuningJob.Status.SUCCEEDED));
    assertThat(trainer.started).containsExactly(first.id(), second.id());
  }

  /** A chat with {@code model} once this gateway's driver round has made it routable. */
  private static ChatCompletion chatEventually(Gateway g, String model) throws Exception {
    for (int i = 0; ; i++) {
      try {
        return client(g, "sk-a").chat().completions().create(ChatCompletionCreateParams
            .builder().model(model).addUserMessage("Hi").build());
      } catch (NotFoundException e) {
        if (i == 40) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void twoGatewaysSharingPostgres_neverBothDriveOneJob() throws Exception {
    TestPostgres db = TestPostgres.schemaOrSkip();
    try {
      Gateway one = gateway(db.settings());
      Gateway two = gateway(db.settings());
      OpenAIClient viaOne = client(one, "sk-a");
      FileObject file = upload(viaOne, trainingFile("train.jsonl", 12));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add((i % 2 == 0 ? viaOne : client(two, "sk-b")).fineTuning().jobs()
            .create(JobCreateParams.builder().model("llama").trainingFile(file.id()).build())
            .id());
      }

      for (String id : ids) {
        FineTuningJob done = await(client(two, "sk-a"), id,
            j -> j.status().equals(FineTuningJob.Status.SUCCEEDED));
        List<String> messages = client(one, "sk-a").fineTuning().jobs().listEvents(id).data()
            .stream().map(FineTuningJobEvent::message).toList();
        assertThat(messages).as("one completion per job").filteredOn(
            m -> m.equals("The job has successfully completed")).hasSize(1);
        assertThat(messages).as("one start per job").filteredOn(
            m -> m.equals("Fine-tuning job started.")).hasSize(1);
        assertThat(chatEventually(one, done.fineTunedModel().orElseThrow()).choices())
            .as("routable on both gateways").isNotEmpty();
      }
      assertThat(trainer.started).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      for (Gateway g : List.copyOf(gateways)) {
        g.close().await(20, TimeUnit.SECONDS);
        gateways.remove(g);
      }
      db.close();
    }
  }

  @Test
  void operators_seeAndCancelEveryTeamsJobs_andTheCancelIsAudited() throws Exception {
    Gateway g = gateway();
    trainer.hold = true;
    FineTuningJob red = client(g, "sk-a").fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(upload(client(g, "sk-a"), trainingFile("r.jsonl", 12)).id())
        .build());
    FineTuningJob blue = client(g, "sk-c").fineTuning().jobs().create(JobCreateParams.builder()
        .model("llama").trainingFile(upload(client(g, "sk-c"), trainingFile("b.jsonl", 12)).id())
        .build());

    HttpResponse<String> all = http(g, "GET", "/admin/v1/fine_tuning/jobs", "sk-ops", null);
    HttpResponse<String> refused = http(g, "GET", "/admin/v1/fine_tuning/jobs", "sk-a", null);
    HttpResponse<String> events = http(g, "GET", "/admin/v1/fine_tuning/jobs/" + blue.id()
        + "/events", "sk-ops", null);
    HttpResponse<String> cancelled = http(g, "POST", "/admin/v1/fine_tuning/jobs/" + red.id()
        + "/cancel", "sk-ops", "");
    // The entry is written once the cancel has been answered.
    HttpResponse<String> audit = http(g, "GET", "/admin/v1/audit", "sk-ops", null);
    for (int i = 0; i < 100 && new JsonObject(audit.body()).getJsonArray("data").isEmpty(); i++) {
      Thread.sleep(50);
      audit = http(g, "GET", "/admin/v1/audit", "sk-ops", null);
    }

    assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
    assertThat(new JsonObject(all.body()).getJsonArray("data").stream()
        .map(j -> ((JsonObject) j).getString("team"))).containsExactlyInAnyOrder("blue", "red");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(events.body()).contains("Created fine-tuning job");
    assertThat(new JsonObject(cancelled.body()).getString("status")).isEqualTo("cancelled");
    assertThat(client(g, "sk-a").fineTuning().jobs().retrieve(red.id()).status())
        .isEqualTo(FineTuningJob.Status.CANCELLED);
    JsonObject entry = new JsonObject(audit.body()).getJsonArray("data").getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("fine_tuning.jobs.cancel");
    assertThat(entry.getString("target")).isEqualTo(red.id());
    assertThat(entry.getString("actor")).isEqualTo("ops");
  }

  @Test
  void fineTuningTarget_addedThroughTheRoutingApi_takesJobsWithoutARestart() throws Exception {
    Gateway g = gateway();
    OpenAIClient client = client(g, "sk-a");
    FileObject file = upload(client, trainingFile("train.jsonl", 12));
    String job = new JsonObject().put("model", "plain").put("training_file", file.id()).encode();
    HttpResponse<String> before = http(g, "POST", "/v1/fine_tuning/jobs", "sk-a", job,
        "content-type", "application/json");

    JsonObject plain = new JsonObject().put("name", "plain").put("deployments",
        List.of(new JsonObject().put("provider", "vllm").put("model", BASE)));
    HttpResponse<String> added = http(g, "POST", "/admin/v1/models", "sk-ops", plain.encode(),
        "content-type", "application/json");
    HttpResponse<String> stillPlain = http(g, "POST", "/v1/fine_tuning/jobs", "sk-a", job,
        "content-type", "application/json");
    plain.put("fine_tuning", new JsonObject().put("provider", "vllm").put("base_model", BASE)
        .put("trainer_url", trainer.url()).put("api_key", FakeTrainer.KEY));
    HttpResponse<String> tunable = http(g, "PUT", "/admin/v1/models/plain", "sk-ops",
        plain.encode(), "content-type", "application/json");
    HttpResponse<String> after = http(g, "POST", "/v1/fine_tuning/jobs", "sk-a", job,
        "content-type", "application/json");

    assertThat(before.statusCode()).isEqualTo(404);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(stillPlain.statusCode()).isEqualTo(400);
    assertThat(stillPlain.body()).contains("cannot be fine-tuned");
    assertThat(tunable.statusCode()).as(tunable.body()).isEqualTo(200);
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    FineTuningJob done = await(client, new JsonObject(after.body()).getString("id"),
        j -> j.status().equals(FineTuningJob.Status.SUCCEEDED));
    assertThat(done.fineTunedModel().orElseThrow()).startsWith("ft:plain:red:");
    assertThat(tunable.body()).doesNotContain(FakeTrainer.KEY);
  }
}
