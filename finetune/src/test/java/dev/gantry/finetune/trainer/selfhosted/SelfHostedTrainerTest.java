package dev.gantry.finetune.trainer.selfhosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SelfHostedTrainerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "ft:llama-3.1-8b:acme:ftjob-Q7x2";

  private Vertx vertx;
  private FakeTrainerService fake;
  private ProviderSettings.OpenAi vllm;
  private SelfHostedTrainer trainer;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    fake = new FakeTrainerService().start(vertx).await(10, TimeUnit.SECONDS);
    vllm = new ProviderSettings.OpenAi("vllm-gpu", fake.vllmUrl() + "/",
        SecretRef.parse("env:VLLM_KEY"), null, Map.of("x-team", "acme"), Map.of(),
        Duration.ofSeconds(10), 4);
    trainer = trainer(FakeTrainerService.TRAINER_KEY);
  }

  @AfterEach
  void stop() throws Exception {
    await(() -> trainer.close());
  }

  @Test
  void submit_spec_uploadsDataAsIsThenStartsJobWithExactBody() throws Exception {
    String handle = await(() -> trainer.submit(spec()));

    assertThat(handle).isEqualTo("ftjob-Q7x2");
    assertThat(fake.files).containsOnly(
        Map.entry("ftjob-Q7x2-train.jsonl", Files.readString(resource("train.jsonl"))),
        Map.entry("ftjob-Q7x2-validation.jsonl", Files.readString(resource("validation.jsonl"))));
    assertThat(fake.requests("PUT", "/v1/files/")).allSatisfy(put -> assertThat(put.headers())
        .containsEntry("authorization", "Bearer " + FakeTrainerService.TRAINER_KEY)
        .containsEntry("content-type", "application/jsonl")
        .doesNotContainKey("transfer-encoding"));
    assertThat(JSON.readTree(fake.requests("POST", "/v1/jobs").get(0).body()))
        .isEqualTo(JSON.readTree(Files.readString(resource("job-request.json"),
            StandardCharsets.UTF_8)));
  }

  @Test
  void lifecycle_queuedRunningSucceeded_loadsLoraIntoVllm() throws Exception {
    String handle = await(() -> trainer.submit(spec()));

    assertThat(await(() -> trainer.poll(handle)).status()).isEqualTo(JobStatus.QUEUED);

    fake.update(handle, "{\"status\":\"running\",\"metrics\":[{\"step\":20,\"train_loss\":1.1,"
        + "\"valid_loss\":1.3,\"checkpoint\":\"/ckpt/ftjob-Q7x2/step-20\"},{\"step\":10,"
        + "\"train_loss\":1.9}]}");
    TrainerStatus running = await(() -> trainer.poll(handle));
    assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(running.metrics()).containsExactly(
        new TrainerStatus.Metric(10, 1.9, null, null),
        new TrainerStatus.Metric(20, 1.1, 1.3, "/ckpt/ftjob-Q7x2/step-20"));

    fake.update(handle, "{\"status\":\"succeeded\",\"trained_tokens\":51200,"
        + "\"artifact\":{\"type\":\"lora\",\"path\":\"/models/adapters/ftjob-Q7x2\"}}");
    TrainerStatus succeeded = await(() -> trainer.poll(handle));
    assertThat(succeeded.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(succeeded.trainedTokens()).isEqualTo(51200L);
    assertThat(succeeded.resultModel()).isEqualTo("/models/adapters/ftjob-Q7x2");

    ServedModel served = await(() -> trainer.serve(handle, succeeded, MODEL));

    assertThat(served).isEqualTo(new ServedModel("vllm-gpu", MODEL, Map.of()));
    assertThat(fake.adapters).containsOnly(Map.entry(MODEL, "/models/adapters/ftjob-Q7x2"));
    assertThat(fake.requests("POST", "/v1/load_lora_adapter").get(0).headers())
        .containsEntry("authorization", "Bearer " + FakeTrainerService.VLLM_KEY)
        .containsEntry("x-team", "acme");
  }

  @Test
  void serve_adapterAlreadyLoaded_isServed() throws Exception {
    TrainerStatus succeeded = succeededJob();
    await(() -> trainer.serve("ftjob-Q7x2", succeeded, MODEL));

    ServedModel again = await(() -> trainer.serve("ftjob-Q7x2", succeeded, MODEL));

    assertThat(again).isEqualTo(new ServedModel("vllm-gpu", MODEL, Map.of()));
    assertThat(fake.requests("POST", "/v1/load_lora_adapter")).hasSize(2);
  }

  @Test
  void serve_vllmWithoutRuntimeLoading_failsNamingTheSetting() throws Exception {
    TrainerStatus succeeded = succeededJob();
    fake.runtimeLoraUpdating = false;

    assertThatThrownBy(() -> await(() -> trainer.serve("ftjob-Q7x2", succeeded, MODEL)))
        .isInstanceOfSatisfying(TrainerException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e).hasMessageContaining("VLLM_ALLOW_RUNTIME_LORA_UPDATING=True");
        });
  }

  @Test
  void serve_fullModelArtifact_isRefused() throws Exception {
    await(() -> trainer.submit(spec()));
    fake.update("ftjob-Q7x2", "{\"status\":\"succeeded\",\"artifact\":{\"type\":\"model\","
        + "\"path\":\"/models/full\"}}");
    TrainerStatus succeeded = await(() -> trainer.poll("ftjob-Q7x2"));

    assertThatThrownBy(() -> await(() -> trainer.serve("ftjob-Q7x2", succeeded, MODEL)))
        .isInstanceOf(TrainerException.class)
        .hasMessage("The trainer produced a full model; only LoRA adapters can be loaded into "
            + "vLLM.");
    assertThat(fake.adapters).isEmpty();
  }

  @Test
  void poll_failedJob_reportsTrainerError() throws Exception {
    await(() -> trainer.submit(spec()));
    fake.update("ftjob-Q7x2", "{\"status\":\"failed\",\"error\":{\"message\":"
        + "\"CUDA out of memory at step 3\"}}");

    TrainerStatus failed = await(() -> trainer.poll("ftjob-Q7x2"));

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error()).isEqualTo("CUDA out of memory at step 3");
  }

  @Test
  void cancel_runningJob_isCancelled() throws Exception {
    await(() -> trainer.submit(spec()));
    fake.update("ftjob-Q7x2", "{\"status\":\"running\"}");

    await(() -> trainer.cancel("ftjob-Q7x2"));

    assertThat(await(() -> trainer.poll("ftjob-Q7x2")).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(fake.requests("POST", "/v1/jobs/ftjob-Q7x2/cancel")).hasSize(1);
  }

  @Test
  void submit_again_returnsTheJobWithoutUploadingOrStartingAnother() throws Exception {
    await(() -> trainer.submit(spec()));
    SelfHostedTrainer restarted = trainer(FakeTrainerService.TRAINER_KEY);

    String again = await(() -> restarted.submit(spec()));

    assertThat(again).isEqualTo("ftjob-Q7x2");
    assertThat(fake.jobs).hasSize(1);
    assertThat(fake.requests("PUT", "/v1/files/")).hasSize(2);
    assertThat(fake.requests("POST", "/v1/jobs")).hasSize(1);
    await(() -> restarted.close());
  }

  @Test
  void submit_wrongKey_failsNotRetryableWithoutShowingKey() throws Exception {
    SelfHostedTrainer wrong = trainer("not-the-key");

    assertThatThrownBy(() -> await(() -> wrong.submit(spec())))
        .isInstanceOfSatisfying(TrainerException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e).hasMessage("Reading the trainer's job failed: HTTP 401: invalid api key");
          assertThat(e.getMessage()).doesNotContain("not-the-key");
        });
    await(() -> wrong.close());
  }

  @Test
  void submit_trainerUnavailable_isRetryable() {
    fake.failNext = 503;

    assertThatThrownBy(() -> await(() -> trainer.submit(spec())))
        .isInstanceOfSatisfying(TrainerException.class,
            e -> assertThat(e.retryable()).isTrue());
    assertThat(fake.jobs).isEmpty();
  }

  @Test
  void constructor_withoutTrainerUrl_isRefused() {
    assertThatThrownBy(() -> new SelfHostedTrainer(vertx, new FineTuningTarget(
        FineTuningTarget.Backend.TRAINER, "vllm-gpu", "m", Map.of(), null), vllm,
        Map.of("VLLM_KEY", FakeTrainerService.VLLM_KEY)))
        .hasMessage("fine_tuning.trainer_url must be an http(s) URL");
  }

  private TrainerStatus succeededJob() throws Exception {
    await(() -> trainer.submit(spec()));
    fake.update("ftjob-Q7x2", "{\"status\":\"succeeded\",\"artifact\":{\"type\":\"lora\","
        + "\"path\":\"/models/adapters/ftjob-Q7x2\"}}");
    return await(() -> trainer.poll("ftjob-Q7x2"));
  }

  private SelfHostedTrainer trainer(String key) {
    FineTuningTarget target = new FineTuningTarget(FineTuningTarget.Backend.TRAINER, "vllm-gpu",
        "meta-llama/Llama-3.1-8B-Instruct", Map.of("trainer_url", fake.trainerUrl() + "/"),
        SecretRef.parse("env:TRAINER_KEY"));
    return new SelfHostedTrainer(vertx, target, vllm,
        Map.of("TRAINER_KEY", key, "VLLM_KEY", FakeTrainerService.VLLM_KEY));
  }

  private static TrainingSpec spec() {
    return new TrainingSpec("ftjob-Q7x2", "meta-llama/Llama-3.1-8B-Instruct", "acme", 42L,
        new TrainingSpec.Hyperparameters(3, 8, 2.0), resource("train.jsonl"),
        resource("validation.jsonl"));
  }

  private static Path resource(String name) {
    try {
      return Path.of(SelfHostedTrainerTest.class.getResource("/selfhosted/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Calls on an event-loop context, as the job driver does. */
  private <T> T await(Supplier<Future<T>> call) throws Exception {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(result));
    return result.future().await(10, TimeUnit.SECONDS);
  }
}
