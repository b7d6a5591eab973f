package dev.gantry.finetune.trainer.vertex;

import static dev.gantry.finetune.trainer.vertex.GeminiTuningDataTest.resource;
import static dev.gantry.finetune.trainer.vertex.GeminiTuningDataTest.trees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.media.ImageFetcher;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.vertex.VertexAdapter;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class VertexTrainerTest {

  private static final String JOBS = "/v1/projects/test-project/locations/us-central1/tuningJobs";
  private static final String UPLOADS = "/upload/storage/v1/b/tuning-bucket/o";

  @TempDir
  Path dir;

  private Vertx vertx;
  private FakeGoogleCloud fake;
  private ProviderSettings.Vertex provider;
  private FineTuningTarget target;
  private VertexTrainer trainer;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    fake = await(new FakeGoogleCloud().start(vertx));
    provider = new ProviderSettings.Vertex("vertex-us", "test-project", "us-central1", fake.url(),
        null, null, Duration.ofSeconds(10), 4);
    target = new FineTuningTarget(FineTuningTarget.Backend.VERTEX, "vertex-us",
        "gemini-2.5-flash", Map.of("gcs_uri", "gs://tuning-bucket/gantry/runs/",
        "storage_endpoint", fake.url() + "/", "adapter_size", "4"), null);
    trainer = trainer(FakeGoogleCloud.TOKEN);
  }

  @AfterEach
  void stop() throws Exception {
    await(() -> trainer.close());
  }

  @Test
  void submit_spec_uploadsGeminiDataThenCreatesJobWithExactBody() throws Exception {
    String name = await(() -> trainer.submit(spec("ftjob-AbC123")));

    assertThat(name).matches("projects/123456789/locations/us-central1/tuningJobs/\\d+");
    assertThat(trees(fake.objects.get("tuning-bucket/gantry/runs/ftjob-AbC123/train.jsonl")
        .toString()))
        .isEqualTo(trees(resource("gemini-train.jsonl")));
    assertThat(trees(fake.objects.get(
        "tuning-bucket/gantry/runs/ftjob-AbC123/validation.jsonl").toString()))
        .isEqualTo(trees(resource("gemini-validation.jsonl")));
    List<FakeGoogleCloud.Received> creates = fake.requests("POST", JOBS);
    assertThat(creates).hasSize(1);
    assertThat(GeminiTuningData.JSON.readTree(creates.get(0).body()))
        .isEqualTo(GeminiTuningData.JSON.readTree(
            Files.readString(resource("create-request.json"), StandardCharsets.UTF_8)));
    assertThat(fake.requests("POST", UPLOADS)).extracting(FakeGoogleCloud.Received::uri)
        .containsExactlyInAnyOrder(
            UPLOADS + "?uploadType=media&name=gantry%2Fruns%2Fftjob-AbC123%2Ftrain.jsonl",
            UPLOADS + "?uploadType=media&name=gantry%2Fruns%2Fftjob-AbC123%2Fvalidation.jsonl");
    assertThat(fake.requests("POST", UPLOADS)).allSatisfy(upload -> {
      assertThat(upload.headers()).containsEntry("content-type", "application/jsonl")
          .containsEntry("authorization", "Bearer " + FakeGoogleCloud.TOKEN)
          .doesNotContainKey("transfer-encoding");
    });
  }

  @Test
  void lifecycle_queuedRunningSucceeded_servesEndpointTheAdapterCanCall() throws Exception {
    String name = await(() -> trainer.submit(spec("ftjob-AbC123")));

    TrainerStatus queued = await(() -> trainer.poll(name));
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.detail()).isEqualTo("JOB_STATE_PENDING");

    fake.update(name, "{\"state\":\"JOB_STATE_RUNNING\",\"startTime\":\"2026-11-21T14:01:00Z\","
        + "\"tunedModel\":{\"model\":\"projects/123456789/locations/us-central1/models/777@1\","
        + "\"checkpoints\":[{\"checkpointId\":\"1\",\"epoch\":\"1\",\"step\":\"10\",\"endpoint\":"
        + "\"projects/123456789/locations/us-central1/endpoints/551\"}]}}");
    TrainerStatus running = await(() -> trainer.poll(name));
    assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(running.metrics()).containsExactly(new TrainerStatus.Metric(10, null, null,
        "projects/123456789/locations/us-central1/endpoints/551"));

    fake.update(name, "{\"state\":\"JOB_STATE_SUCCEEDED\",\"endTime\":\"2026-11-21T15:00:00Z\","
        + "\"tunedModel\":{\"model\":\"projects/123456789/locations/us-central1/models/777@1\","
        + "\"endpoint\":\"projects/123456789/locations/us-central1/endpoints/555\","
        + "\"checkpoints\":[{\"checkpointId\":\"1\",\"epoch\":\"1\",\"step\":\"10\",\"endpoint\":"
        + "\"projects/123456789/locations/us-central1/endpoints/551\"},{\"checkpointId\":\"2\","
        + "\"epoch\":\"2\",\"step\":\"20\",\"endpoint\":"
        + "\"projects/123456789/locations/us-central1/endpoints/555\"}]},"
        + "\"tuningDataStats\":{\"supervisedTuningDataStats\":"
        + "{\"totalBillableTokenCount\":\"12345\",\"tuningStepCount\":\"20\"}}}");
    TrainerStatus succeeded = await(() -> trainer.poll(name));
    assertThat(succeeded.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(succeeded.resultModel())
        .isEqualTo("projects/123456789/locations/us-central1/endpoints/555");
    assertThat(succeeded.trainedTokens()).isEqualTo(12345L);
    assertThat(succeeded.metrics()).extracting(TrainerStatus.Metric::step)
        .containsExactly(10L, 20L);

    ServedModel served = await(() -> trainer.serve(name, succeeded, "ft:gemini-2.5-flash:pirate"));
    assertThat(served).isEqualTo(new ServedModel("vertex-us",
        "projects/123456789/locations/us-central1/models/777@1",
        Map.of("endpoint", "555", "api", "gemini")));

    VertexAdapter adapter = new VertexAdapter(vertx, provider,
        VertexCredentials.fixed(FakeGoogleCloud.TOKEN),
        new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS));
    ChatResponse answer = await(() -> adapter.chat(new Invocation<>(
        ChatRequest.of("ft:gemini-2.5-flash:pirate", List.of(Message.user("Hi"))),
        served.model(), served.options(), "req-1", Duration.ofSeconds(5))));
    assertThat(answer.choices().get(0).message().text()).isEqualTo("Arr, tuned!");
    assertThat(fake.requests("POST", "/v1/projects/test-project/locations/us-central1/endpoints/"
        + "555:generateContent")).hasSize(1);
    await(() -> adapter.close());
  }

  @Test
  void serve_succeededWithoutEndpointYet_returnsNullUntilNamed() throws Exception {
    String name = await(() -> trainer.submit(spec("ftjob-AbC123")));
    fake.update(name, "{\"state\":\"JOB_STATE_SUCCEEDED\",\"tunedModel\":{\"model\":\"m@1\"}}");

    TrainerStatus succeeded = await(() -> trainer.poll(name));

    assertThat(await(() -> trainer.serve(name, succeeded, "ft:x"))).isNull();
  }

  @Test
  void poll_failedJob_reportsVertexErrorMessage() throws Exception {
    String name = await(() -> trainer.submit(spec("ftjob-AbC123")));
    fake.update(name, "{\"state\":\"JOB_STATE_FAILED\",\"error\":{\"code\":3,"
        + "\"message\":\"Training dataset row 7 has no model turn.\"}}");

    TrainerStatus failed = await(() -> trainer.poll(name));

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error()).isEqualTo("Training dataset row 7 has no model turn.");
    assertThat(failed.resultModel()).isNull();
  }

  @Test
  void cancel_runningJob_cancelsAndAJobThatEndedIsNoError() throws Exception {
    String name = await(() -> trainer.submit(spec("ftjob-AbC123")));
    fake.update(name, "{\"state\":\"JOB_STATE_RUNNING\"}");

    await(() -> trainer.cancel(name));

    assertThat(fake.requests("POST", "/v1/" + name + ":cancel")).hasSize(1);
    assertThat(await(() -> trainer.poll(name)).status()).isEqualTo(JobStatus.CANCELLED);
    fake.update(name, "{\"state\":\"JOB_STATE_CANCELLED\"}");
    await(() -> trainer.cancel(name));
    assertThat(fake.requests("POST", "/v1/" + name + ":cancel")).hasSize(2);
  }

  @Test
  void cancel_unknownJob_failsNotRetryable() {
    assertThatThrownBy(() -> await(() -> trainer.cancel(
        "projects/123456789/locations/us-central1/tuningJobs/1")))
        .isInstanceOfSatisfying(TrainerException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e).hasMessageContaining("HTTP 404 NOT_FOUND");
        });
  }

  @Test
  void poll_notAJobName_isRefusedWithoutCall() {
    assertThatThrownBy(() -> await(() -> trainer.poll("projects/p/../../etc")))
        .isInstanceOf(TrainerException.class).hasMessage("Not a Vertex AI tuning job name.");
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void submit_again_reusesTheLabelledJobWithoutUploadingOrCreating() throws Exception {
    String first = await(() -> trainer.submit(spec("ftjob-AbC123")));
    VertexTrainer restarted = trainer(FakeGoogleCloud.TOKEN);

    String again = await(() -> restarted.submit(spec("ftjob-AbC123")));

    assertThat(again).isEqualTo(first);
    assertThat(fake.requests("POST", JOBS)).hasSize(1);
    assertThat(fake.requests("POST", UPLOADS)).hasSize(2);
    assertThat(fake.requests("GET", JOBS + "?filter=")).extracting(FakeGoogleCloud.Received::uri)
        .contains(JOBS + "?filter=labels.gantry-job%3D%22ftjob-abc123%22");
    await(() -> restarted.close());
  }

  @Test
  void submit_idDifferingOnlyInCase_startsItsOwnJob() throws Exception {
    String upper = await(() -> trainer.submit(spec("ftjob-AbC123")));

    String lower = await(() -> trainer.submit(spec("ftjob-abc123")));

    assertThat(lower).isNotEqualTo(upper);
    assertThat(fake.requests("POST", JOBS)).hasSize(2);
  }

  @Test
  void submit_again_findsItsJobOnALaterListPage() throws Exception {
    fake.listPageSize = 1;
    String upper = await(() -> trainer.submit(spec("ftjob-AbC123")));
    String lower = await(() -> trainer.submit(spec("ftjob-abc123")));
    VertexTrainer restarted = trainer(FakeGoogleCloud.TOKEN);

    String again = await(() -> restarted.submit(spec("ftjob-abc123")));

    assertThat(again).isEqualTo(lower).isNotEqualTo(upper);
    assertThat(fake.requests("POST", JOBS)).hasSize(2);
    assertThat(fake.requests("GET", JOBS + "?filter=")).last()
        .extracting(FakeGoogleCloud.Received::uri).asString().endsWith("&pageToken=1");
    await(() -> restarted.close());
  }

  @Test
  void submit_wrongToken_failsUnauthenticatedWithoutShowingToken() throws Exception {
    VertexTrainer wrong = trainer("ya29.wrong-secret");

    assertThatThrownBy(() -> await(() -> wrong.submit(spec("ftjob-AbC123"))))
        .isInstanceOfSatisfying(TrainerException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("HTTP 401 UNAUTHENTICATED")
              .doesNotContain("wrong-secret");
        });
    await(() -> wrong.close());
  }

  @Test
  void submit_quotaExceeded_isRetryableAndTheRetryStartsOneJob() throws Exception {
    fake.failNextCreate = 429;

    assertThatThrownBy(() -> await(() -> trainer.submit(spec("ftjob-AbC123"))))
        .isInstanceOfSatisfying(TrainerException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e).hasMessage("Creating the Vertex AI tuning job failed: HTTP 429 "
              + "RESOURCE_EXHAUSTED: Quota exceeded for aiplatform.googleapis.com/tuning_jobs.");
        });
    String name = await(() -> trainer.submit(spec("ftjob-AbC123")));

    assertThat(fake.jobs).containsOnlyKeys(name);
  }

  @Test
  void submit_dataVertexCannotTake_failsNotRetryableBeforeAnyUpload() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":"
        + "\"https://x/y.png\"}}]}]}\n");
    TrainingSpec spec = new TrainingSpec("ftjob-bad", "gemini-2.5-flash", null, null, null, bad,
        null);

    assertThatThrownBy(() -> await(() -> trainer.submit(spec)))
        .isInstanceOfSatisfying(TrainerException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).startsWith(
              "The training data cannot be converted for Vertex AI: line 1: ");
        });
    assertThat(fake.requests("POST", UPLOADS)).isEmpty();
    assertThat(fake.requests("POST", JOBS)).isEmpty();
  }

  @Test
  void submit_noHyperparametersNoSuffix_sendsDefaultsAndJobIdAsDisplayName() throws Exception {
    FineTuningTarget plain = new FineTuningTarget(FineTuningTarget.Backend.VERTEX, "vertex-us",
        "gemini-2.5-flash", Map.of("gcs_uri", "gs://tuning-bucket", "storage_endpoint",
        fake.url()), null);
    VertexTrainer t = new VertexTrainer(vertx, provider, plain,
        VertexCredentials.fixed(FakeGoogleCloud.TOKEN));

    await(() -> t.submit(new TrainingSpec("ftjob-1", "gemini-2.5-flash", null, null, null,
        resource("chat-validation.jsonl"), null)));

    JsonNode body = GeminiTuningData.JSON.readTree(fake.requests("POST", JOBS).get(0).body());
    assertThat(body.toString()).isEqualTo("{\"baseModel\":\"gemini-2.5-flash\","
        + "\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://tuning-bucket/ftjob-1/"
        + "train.jsonl\"},\"tunedModelDisplayName\":\"ftjob-1\",\"description\":"
        + "\"Gantry fine-tuning job ftjob-1\",\"labels\":{\"gantry-job\":\"ftjob-1\"}}");
    await(() -> t.close());
  }

  @Test
  void submit_largeFile_convertsAndUploadsWithoutBlockingAnEventLoop() throws Exception {
    String line = Files.readAllLines(resource("chat-train.jsonl"), StandardCharsets.UTF_8).get(2);
    Path big = dir.resolve("big.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 15_000; i++) {
        out.write(line);
        out.write('\n');
      }
    }
    Vertx strict = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(200).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    BlockedLoopWarnings guard = null;
    try {
      FakeGoogleCloud cloud = await(new FakeGoogleCloud().start(strict));
      VertexTrainer t = new VertexTrainer(strict, new ProviderSettings.Vertex("vertex-us",
          "test-project", "us-central1", cloud.url(), null, null, Duration.ofSeconds(30), 4),
          new FineTuningTarget(FineTuningTarget.Backend.VERTEX, "vertex-us", "gemini-2.5-flash",
              Map.of("gcs_uri", "gs://tuning-bucket", "storage_endpoint", cloud.url()), null),
          VertexCredentials.fixed(FakeGoogleCloud.TOKEN));
      // a small job first: one-time JVM and Netty initialisation is not what is measured
      submitOn(strict, t, new TrainingSpec("ftjob-warm", "gemini-2.5-flash", null, null, null,
          resource("chat-train.jsonl"), null)).await(30, TimeUnit.SECONDS);
      guard = BlockedLoopWarnings.install();

      Future<String> name = submitOn(strict, t, new TrainingSpec("ftjob-big",
          "gemini-2.5-flash", null, null, null, big, null));

      assertThat(name.await(60, TimeUnit.SECONDS)).startsWith("projects/");
      String uploaded = cloud.objects.get("tuning-bucket/ftjob-big/train.jsonl").toString();
      assertThat(uploaded.split("\n")).hasSize(15_000);
      await(t.close());
    } finally {
      List<String> warnings = guard == null ? List.of() : guard.uninstall();
      await(strict.close());
      assertThat(warnings).isEmpty();
    }
  }

  private static Future<String> submitOn(Vertx vertx, VertexTrainer trainer, TrainingSpec spec) {
    Promise<String> name = Promise.promise();
    vertx.runOnContext(v -> trainer.submit(spec).onComplete(name));
    return name.future();
  }

  @Test
  void constructor_badOptions_areRefused() {
    assertThatThrownBy(() -> new VertexTrainer(vertx, provider, new FineTuningTarget(
        FineTuningTarget.Backend.VERTEX, "vertex-us", "m", Map.of("gcs_uri", "s3://b"), null),
        VertexCredentials.fixed("t"))).hasMessage("fine_tuning.gcs_uri must be gs://bucket/prefix");
    assertThatThrownBy(() -> new VertexTrainer(vertx, provider, new FineTuningTarget(
        FineTuningTarget.Backend.VERTEX, "vertex-us", "m", Map.of("gcs_uri", "gs://b",
        "adapter_size", "5"), null), VertexCredentials.fixed("t")))
        .hasMessage("adapter_size must be 1, 2, 4, 8, 16 or 32");
  }

  private VertexTrainer trainer(String token) {
    return new VertexTrainer(vertx, provider, target, VertexCredentials.fixed(token));
  }

  private static TrainingSpec spec(String jobId) {
    return new TrainingSpec(jobId, "gemini-2.5-flash", "pirate", 7L,
        new TrainingSpec.Hyperparameters(3, 8, 0.5), resource("chat-train.jsonl"),
        resource("chat-validation.jsonl"));
  }

  /** Calls on an event-loop context, as the job driver does. */
  private <T> T await(Supplier<Future<T>> call) throws Exception {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(result));
    return await(result.future());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }
}
