package dev.gantry.gateway.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
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
import dev.gantry.finetune.trainer.vertex.FakeGoogleCloud;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fine-tuning job on the Vertex AI backend through a real gateway and the official OpenAI Java
 * SDK, against a fake Google Cloud (Cloud Storage upload, {@code tuningJobs}, a tuned endpoint's
 * {@code generateContent}; the bearer token checked on every call): the OpenAI training file is
 * validated by Gemini's rules, converted to Gemini's tuning format and stored in the bucket, the
 * tuning job created with Vertex's field shapes, followed as Vertex moves it from
 * {@code JOB_STATE_PENDING} through {@code RUNNING} (checkpoints) to {@code SUCCEEDED}, and the
 * tuned endpoint called by the fine-tuned model's name through {@code /v1/chat/completions}.
 * Also: a job Vertex fails ends failed with Vertex's message; cancelling a running job cancels the
 * tuning job.
 */
class VertexFineTuningEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "test-project";
  private static final String LOCATION = "us-central1";
  private static final String BASE = "gemini-2.0-flash-001";
  private static final String LOCATION_PATH = "/v1/projects/" + PROJECT + "/locations/" + LOCATION;
  private static final String JOBS = LOCATION_PATH + "/tuningJobs";
  private static final String UPLOADS = "/upload/storage/v1/b/tuning-bucket/o";
  private static final String TUNED_MODEL = "projects/" + FakeGoogleCloud.PROJECT_NUMBER
      + "/locations/" + LOCATION + "/models/777@1";
  private static final String ENDPOINTS = "projects/" + FakeGoogleCloud.PROJECT_NUMBER
      + "/locations/" + LOCATION + "/endpoints/";
  private static final int EXAMPLES = 16;

  @TempDir
  Path dir;
  private BlockedThreadGuard guard;
  private Vertx vertx;
  private FakeGoogleCloud google;
  private Gateway gateway;
  private OpenAIClient client;
  /** Every status the SDK read, in order, consecutive repeats dropped. */
  private final List<FineTuningJob.Status> seen = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    google = new FakeGoogleCloud().start(vertx).await(10, TimeUnit.SECONDS);
    gateway = Gateway.start(vertx, config(), Map.of()).await(60, TimeUnit.SECONDS);
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey("sk-a").maxRetries(0).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    gateway.close().await(20, TimeUnit.SECONDS);
    google.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
    assertThat(google.requests).as("every call to Google carried the access token")
        .allSatisfy(r -> assertThat(r.headers())
            .containsEntry("authorization", "Bearer " + FakeGoogleCloud.TOKEN));
  }

  private GatewayConfig config() {
    ProviderSettings.Vertex gcp = new ProviderSettings.Vertex("gcp", PROJECT, LOCATION,
        google.url(), null, SecretRef.literal(FakeGoogleCloud.TOKEN), Duration.ofSeconds(10), 8);
    FineTuningTarget target = new FineTuningTarget(FineTuningTarget.Backend.VERTEX, "gcp", BASE,
        Map.of("gcs_uri", "gs://tuning-bucket/gantry/runs", "storage_endpoint", google.url(),
            "adapter_size", "4"), null);
    ModelAlias gemini = new ModelAlias("gemini", ModelKind.CHAT,
        List.of(new Deployment("gcp", BASE, 1, null)), null, null, null, null, null, null,
        target);
    return new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("gcp", gcp), List.of(gemini),
        List.of(new ApiKey("a", SecretRef.literal("sk-a"), null, List.of(), false, "red", null)),
        List.of(new Team("red", null)), LimitStoreSettings.MEMORY,
        StateStoreSettings.embedded(dir.resolve("state").toString()), null,
        new FineTuningSettings(dir.resolve("files").toString(), 1 << 20,
            Duration.ofMillis(100), 1, Duration.ofSeconds(1)));
  }

  // --- data

  /** The first example: a system prompt and two turns. */
  private static JsonObject multiTurn() {
    return new JsonObject().put("messages", new JsonArray()
        .add(message("system", "You are a pirate dog named Captain Barktholomew."))
        .add(message("user", "Hi"))
        .add(message("assistant", "Argh! What brings ye to my ship?"))
        .add(message("user", "What's your name?"))
        .add(message("assistant", "I be Captain Barktholomew.")));
  }

  private static JsonObject single(int i) {
    return new JsonObject().put("messages", new JsonArray()
        .add(message("user", "What is " + i + " + 1?"))
        .add(message("assistant", String.valueOf(i + 1))));
  }

  private static JsonObject message(String role, String content) {
    return new JsonObject().put("role", role).put("content", content);
  }

  /** {@value #EXAMPLES} valid examples (Gemini's minimum), the first multi-turn with a system. */
  private Path trainingFile() throws Exception {
    StringBuilder lines = new StringBuilder(multiTurn().encode()).append('\n');
    for (int i = 1; i < EXAMPLES; i++) {
      lines.append(single(i).encode()).append('\n');
    }
    Path file = dir.resolve("train.jsonl");
    Files.writeString(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** What Vertex must receive for {@link #multiTurn()}. */
  private static JsonNode geminiMultiTurn() throws Exception {
    return JSON.readTree("{\"systemInstruction\":{\"role\":\"system\",\"parts\":[{\"text\":"
        + "\"You are a pirate dog named Captain Barktholomew.\"}]},\"contents\":["
        + "{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"text\":\"Argh! What brings ye to my ship?\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"text\":\"What's your name?\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"text\":\"I be Captain Barktholomew.\"}]}]}");
  }

  private static JsonNode geminiSingle(int i) throws Exception {
    return JSON.readTree("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What is " + i
        + " + 1?\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"" + (i + 1) + "\"}]}]}");
  }

  // --- helpers

  private FileObject upload(Path file) {
    return client.files().create(FileCreateParams.builder().file(file)
        .purpose(FilePurpose.FINE_TUNE).build());
  }

  private FineTuningJob create(String fileId, String suffix) {
    return client.fineTuning().jobs().create(JobCreateParams.builder().model("gemini")
        .trainingFile(fileId).suffix(suffix)
        .hyperparameters(JobCreateParams.Hyperparameters.builder().nEpochs(3L)
            .learningRateMultiplier(0.5).build())
        .build());
  }

  private FineTuningJob await(String id, Predicate<FineTuningJob> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    FineTuningJob job = retrieve(id);
    while (!until.test(job) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      job = retrieve(id);
    }
    assertThat(until.test(job)).as("job %s reached the awaited state; it is %s", id,
        job.status()).isTrue();
    return job;
  }

  private FineTuningJob retrieve(String id) {
    FineTuningJob job = client.fineTuning().jobs().retrieve(id);
    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(job.status())) {
      seen.add(job.status());
    }
    return job;
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  private List<String> messages(String jobId) {
    return client.fineTuning().jobs().listEvents(jobId).data().stream()
        .map(FineTuningJobEvent::message).toList();
  }

  /** The job's events once one of them is {@code message}. */
  private List<String> awaitEvent(String jobId, String message) throws InterruptedException {
    awaitTrue("event '" + message + "'", () -> messages(jobId).contains(message));
    return messages(jobId);
  }

  /** The tuning job Gantry created for its job (the only one on the fake). */
  private String tuningJob(FineTuningJob job) throws InterruptedException {
    await(job.id(), j -> j.status().equals(FineTuningJob.Status.RUNNING));
    assertThat(google.jobs).hasSize(1);
    return google.jobs.keySet().iterator().next();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  // --- tests

  @Test
  void job_fullLife_pendingRunningSucceeded_andTheTunedEndpointIsCallable() throws Exception {
    Path file = trainingFile();
    FileObject uploaded = upload(file);
    FineTuningJob created = create(uploaded.id(), "pirate");
    seen.add(created.status());
    assertThat(created.status()).isEqualTo(FineTuningJob.Status.VALIDATING_FILES);
    assertThat(created.fineTunedModel()).isEmpty();
    assertThat(created.finishedAt()).isEmpty();

    // Validated, submitted: Gantry's job runs while Vertex holds it PENDING.
    String name = tuningJob(created);
    assertThat(name).matches("projects/" + FakeGoogleCloud.PROJECT_NUMBER + "/locations/"
        + LOCATION + "/tuningJobs/\\d+");
    List<String> pending = awaitEvent(created.id(), "Backend status: JOB_STATE_PENDING");
    assertThat(pending).anyMatch(m -> m.startsWith("Files validated: " + EXAMPLES
        + " training examples")).contains("Fine-tuning job started.");
    assertThat(retrieve(created.id()).status()).isEqualTo(FineTuningJob.Status.RUNNING);

    // The converted data in the bucket, and the create request, in Vertex's shapes.
    String object = "tuning-bucket/gantry/runs/" + created.id() + "/train.jsonl";
    assertThat(google.objects).containsOnlyKeys(object);
    List<JsonNode> stored = new ArrayList<>();
    for (String line : google.objects.get(object).toString().split("\n")) {
      if (!line.isBlank()) {
        stored.add(JSON.readTree(line));
      }
    }
    assertThat(stored).hasSize(EXAMPLES);
    assertThat(stored.get(0)).isEqualTo(geminiMultiTurn());
    assertThat(stored.get(1)).isEqualTo(geminiSingle(1));
    assertThat(stored.get(EXAMPLES - 1)).isEqualTo(geminiSingle(EXAMPLES - 1));
    assertThat(google.requests("POST", UPLOADS)).singleElement().satisfies(u -> {
      assertThat(u.uri()).isEqualTo(UPLOADS + "?uploadType=media&name=gantry%2Fruns%2F"
          + created.id() + "%2Ftrain.jsonl");
      assertThat(u.headers()).containsEntry("content-type", "application/jsonl");
    });
    List<FakeGoogleCloud.Received> creates = google.requests("POST", JOBS);
    assertThat(creates).hasSize(1);
    JsonNode body = JSON.readTree(creates.get(0).body());
    assertThat(body.path("baseModel").asText()).isEqualTo(BASE);
    JsonNode spec = body.path("supervisedTuningSpec");
    assertThat(spec.path("trainingDatasetUri").asText()).isEqualTo("gs://" + object);
    assertThat(spec.has("validationDatasetUri")).isFalse();
    JsonNode hyper = spec.path("hyperParameters");
    assertThat(hyper.path("epochCount").isTextual()).as("int64 as a string: %s", hyper).isTrue();
    assertThat(hyper.path("epochCount").asText()).isEqualTo("3");
    assertThat(hyper.path("learningRateMultiplier").asDouble()).isEqualTo(0.5);
    assertThat(hyper.path("adapterSize").asText()).isEqualTo("ADAPTER_SIZE_FOUR");
    assertThat(body.path("tunedModelDisplayName").asText()).isEqualTo("pirate");
    assertThat(body.path("description").asText())
        .isEqualTo("Gantry fine-tuning job " + created.id());
    assertThat(body.path("labels").path("gantry-job").asText())
        .isEqualTo(created.id().toLowerCase(Locale.ROOT));

    // Vertex runs it and writes a first checkpoint.
    google.update(name, "{\"state\":\"JOB_STATE_RUNNING\",\"startTime\":"
        + "\"2026-11-21T14:01:00Z\",\"tunedModel\":{\"model\":\"" + TUNED_MODEL + "\","
        + "\"checkpoints\":[{\"checkpointId\":\"1\",\"epoch\":\"1\",\"step\":\"10\","
        + "\"endpoint\":\"" + ENDPOINTS + "551\"}]}}");
    awaitEvent(created.id(), "Backend status: JOB_STATE_RUNNING");
    List<FineTuningJobCheckpoint> first = client.fineTuning().jobs().checkpoints()
        .list(created.id()).data();
    assertThat(first).singleElement().satisfies(c -> {
      assertThat(c.stepNumber()).isEqualTo(10);
      assertThat(c.fineTunedModelCheckpoint()).isEqualTo(ENDPOINTS + "551");
    });
    assertThat(retrieve(created.id()).status()).isEqualTo(FineTuningJob.Status.RUNNING);

    // Vertex finishes: the tuned model and its endpoint.
    google.update(name, "{\"state\":\"JOB_STATE_SUCCEEDED\",\"endTime\":"
        + "\"2026-11-21T15:00:00Z\",\"tunedModel\":{\"model\":\"" + TUNED_MODEL + "\","
        + "\"endpoint\":\"" + ENDPOINTS + "555\",\"checkpoints\":["
        + "{\"checkpointId\":\"1\",\"epoch\":\"1\",\"step\":\"10\",\"endpoint\":\""
        + ENDPOINTS + "551\"},{\"checkpointId\":\"2\",\"epoch\":\"2\",\"step\":\"20\","
        + "\"endpoint\":\"" + ENDPOINTS + "555\"}]},\"tuningDataStats\":"
        + "{\"supervisedTuningDataStats\":{\"totalBillableTokenCount\":\"12345\","
        + "\"tuningStepCount\":\"20\"}}}");
    FineTuningJob done = await(created.id(),
        j -> j.status().equals(FineTuningJob.Status.SUCCEEDED));

    assertThat(seen).as("statuses read through the SDK").contains(
        FineTuningJob.Status.VALIDATING_FILES, FineTuningJob.Status.RUNNING,
        FineTuningJob.Status.SUCCEEDED);
    assertThat(List.of(FineTuningJob.Status.VALIDATING_FILES, FineTuningJob.Status.QUEUED,
        FineTuningJob.Status.RUNNING, FineTuningJob.Status.SUCCEEDED))
        .as("only forward, in order: %s", seen).containsSubsequence(seen);
    String tuned = done.fineTunedModel().orElseThrow();
    assertThat(tuned).startsWith("ft:gemini:red:pirate:");
    assertThat(done.trainedTokens()).hasValue(12345L);
    assertThat(done.finishedAt().orElseThrow()).as("seconds, not millis")
        .isBetween(now() - 60, now() + 1);
    assertThat(done.createdAt()).isBetween(now() - 60, now() + 1);
    assertThat(done.error()).isEmpty();
    assertThat(done.hyperparameters().nEpochs().orElseThrow().asInteger()).isEqualTo(3L);

    List<String> events = messages(created.id());
    assertThat(events)
        .anyMatch(m -> m.startsWith("Created fine-tuning job"))
        .anyMatch(m -> m.startsWith("Step 10:"))
        .anyMatch(m -> m.startsWith("Step 20:"))
        .contains("Backend status: JOB_STATE_SUCCEEDED", "New fine-tuned model created: "
            + tuned);
    assertThat(events.get(0)).as("newest first").isEqualTo("The job has successfully completed");
    assertThat(events).filteredOn(m -> m.equals("The job has successfully completed")).hasSize(1);
    List<FineTuningJobCheckpoint> checkpoints = client.fineTuning().jobs().checkpoints()
        .list(created.id()).data();
    assertThat(checkpoints).extracting(FineTuningJobCheckpoint::stepNumber)
        .containsExactlyInAnyOrder(10L, 20L);
    assertThat(checkpoints).allSatisfy(c -> {
      assertThat(c.fineTuningJobId()).isEqualTo(created.id());
      assertThat(c.createdAt()).isBetween(now() - 60, now() + 1);
    });
    assertThat(checkpoints).extracting(FineTuningJobCheckpoint::fineTunedModelCheckpoint)
        .containsExactlyInAnyOrder(ENDPOINTS + "551", ENDPOINTS + "555");
    assertThat(google.requests("POST", JOBS)).as("submitted once").hasSize(1);

    // The tuned model answers by its fine-tuned name, from its Vertex endpoint.
    ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model(tuned).addUserMessage("Hi").build());
    assertThat(answer.choices().get(0).message().content()).hasValue("Arr, tuned!");
    assertThat(answer.model()).isEqualTo(tuned);
    assertThat(google.requests("POST", LOCATION_PATH + "/endpoints/555:generateContent"))
        .singleElement().satisfies(r -> assertThat(JSON.readTree(r.body()).path("contents")
            .get(0).path("parts").get(0).path("text").asText()).isEqualTo("Hi"));
  }

  @Test
  void vertexFailsTheJob_theJobFailsWithVertexsMessage() throws Exception {
    FineTuningJob created = create(upload(trainingFile()).id(), null);
    String name = tuningJob(created);

    google.update(name, "{\"state\":\"JOB_STATE_FAILED\",\"endTime\":\"2026-11-21T15:00:00Z\","
        + "\"error\":{\"code\":3,\"message\":\"Training dataset row 7 has no model turn.\"}}");
    FineTuningJob failed = await(created.id(),
        j -> j.status().equals(FineTuningJob.Status.FAILED));

    FineTuningJob.Error error = failed.error().orElseThrow();
    assertThat(error.message()).isEqualTo("Training dataset row 7 has no model turn.");
    assertThat(error.code()).isEqualTo("training_failed");
    assertThat(failed.finishedAt().orElseThrow()).isBetween(now() - 60, now() + 1);
    assertThat(failed.fineTunedModel()).isEmpty();
    assertThat(messages(created.id())).contains(
        "Fine-tuning job failed: Training dataset row 7 has no model turn.");
    assertThat(google.requests("POST", "/v1/" + name + ":cancel")).isEmpty();
  }

  @Test
  void cancel_aRunningJob_cancelsTheTuningJob() throws Exception {
    FineTuningJob created = create(upload(trainingFile()).id(), null);
    String name = tuningJob(created);
    google.update(name, "{\"state\":\"JOB_STATE_RUNNING\",\"startTime\":"
        + "\"2026-11-21T14:01:00Z\"}");
    awaitEvent(created.id(), "Backend status: JOB_STATE_RUNNING");

    FineTuningJob cancelled = client.fineTuning().jobs().cancel(created.id());

    assertThat(cancelled.status()).isEqualTo(FineTuningJob.Status.CANCELLED);
    assertThat(cancelled.finishedAt().orElseThrow()).isBetween(now() - 60, now() + 1);
    assertThat(cancelled.fineTunedModel()).isEmpty();
    assertThat(google.requests("POST", "/v1/" + name + ":cancel")).hasSize(1);
    assertThat(google.jobs.get(name).path("state").asText()).isEqualTo("JOB_STATE_CANCELLING");
    google.update(name, "{\"state\":\"JOB_STATE_CANCELLED\"}");
    assertThat(client.fineTuning().jobs().retrieve(created.id()).status())
        .isEqualTo(FineTuningJob.Status.CANCELLED);
    assertThat(messages(created.id())).contains("Fine-tuning job cancelled.");
  }
}
