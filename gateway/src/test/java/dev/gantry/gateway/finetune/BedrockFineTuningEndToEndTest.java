package dev.gantry.gateway.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.gantry.finetune.trainer.bedrock.FakeBedrock;
import dev.gantry.finetune.trainer.bedrock.SigV4Check;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fine-tuning job on the Bedrock backend through a real gateway and the official OpenAI Java
 * SDK: the file uploaded to Gantry, validated by Nova's rules, converted and PUT to S3, the
 * model customization job created and followed as the fake Bedrock control plane
 * ({@link FakeBedrock}: every signature and body checked against the service model) moves it
 * through its stages, the custom model deployment created and awaited until Active, and the tuned
 * model then called through {@code /v1/chat/completions}: a Converse call, on the Bedrock runtime
 * fake, whose model id is the deployment's ARN. Also: a job Bedrock fails, and a job cancelled
 * while it trains (StopModelCustomizationJob).
 */
class BedrockFineTuningEndToEndTest {

  private static final String NOVA = "amazon.nova-micro-v1:0:128k";
  private static final String ROLE = "arn:aws:iam::123456789012:role/BedrockFineTuning";
  private static final String JOBS = "/model-customization-jobs";
  private static final String DEPLOYMENTS = "/model-customization/custom-model-deployments";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;
  private BlockedThreadGuard guard;
  private Vertx vertx;
  /** The Bedrock runtime (Converse), where the tuned model is called. */
  private dev.gantry.gateway.testing.FakeBedrock runtime;
  /** The Bedrock control plane and S3. */
  private FakeBedrock bedrock;
  private String controlEndpoint;
  private Gateway gateway;

  /**
   * One job's whole life before any test watches the event loops: the JVM's first Bedrock
   * exchanges load and link Netty's, Jackson's and AWS's classes (and lambdas) on the loop, a
   * one-time cost that is not blocking code (as in BedrockTrainerTest).
   */
  @BeforeAll
  static void warmUp(@TempDir Path warmUpDir) throws Exception {
    BedrockFineTuningEndToEndTest warm = new BedrockFineTuningEndToEndTest();
    warm.dir = warmUpDir;
    warm.boot(Vertx.vertx());
    try {
      OpenAIClient client = warm.client();
      FineTuningJob created = warm.createJob(client, "warm-up");
      warm.bedrockJob(created.id()).script(FakeBedrock.patch("Completed", "Completed",
          "Completed", "Completed").put("outputModelArn", "arn:aws:bedrock:us-east-1:"
          + "123456789012:custom-model/amazon.nova-micro-v1:0:128k/warmupwarmup"));
      String tuned = await(client, created.id(),
          j -> j.status().equals(FineTuningJob.Status.SUCCEEDED), null).fineTunedModel()
          .orElseThrow();
      warm.runtime.accept("arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/"
          + "000000000002");
      client.chat().completions().create(ChatCompletionCreateParams.builder().model(tuned)
          .addUserMessage("Hi").build());
      client.fineTuning().jobs().listEvents(created.id());
    } finally {
      warm.shutdown();
    }
  }

  @BeforeEach
  void start() throws Exception {
    guard = BlockedThreadGuard.install();
    boot(GantryHarness.strictVertx());
  }

  @AfterEach
  void stop() throws Exception {
    shutdown();
    assertThat(bedrock.problems()).as("the control plane's and S3's findings (SigV4, bodies)")
        .isEmpty();
    assertThat(runtime.problems()).as("the runtime's findings").isEmpty();
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  private void boot(Vertx vertx) throws Exception {
    this.vertx = vertx;
    runtime = new dev.gantry.gateway.testing.FakeBedrock(vertx).start()
        .await(10, TimeUnit.SECONDS);
    bedrock = new FakeBedrock(new SigV4Check(dev.gantry.gateway.testing.FakeBedrock.ACCESS_KEY_ID,
        dev.gantry.gateway.testing.FakeBedrock.SECRET_ACCESS_KEY, null, FakeBedrock.REGION));
    controlEndpoint = "http://127.0.0.1:" + bedrock.start(vertx).await(10, TimeUnit.SECONDS);
    gateway = gateway();
  }

  private void shutdown() throws Exception {
    if (gateway != null) {
      gateway.close().await(20, TimeUnit.SECONDS);
    }
    bedrock.stop().await(10, TimeUnit.SECONDS);
    runtime.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Gateway gateway() throws Exception {
    ProviderSettings.Bedrock aws = new ProviderSettings.Bedrock("aws", FakeBedrock.REGION,
        runtime.endpoint(), null,
        SecretRef.literal(dev.gantry.gateway.testing.FakeBedrock.ACCESS_KEY_ID),
        SecretRef.literal(dev.gantry.gateway.testing.FakeBedrock.SECRET_ACCESS_KEY), null, null,
        Duration.ofSeconds(10), 8);
    Map<String, String> options = new LinkedHashMap<>();
    options.put("role_arn", ROLE);
    options.put("s3_uri", "s3://" + FakeBedrock.BUCKET + "/ft");
    options.put("control_endpoint", controlEndpoint);
    options.put("s3_endpoint", controlEndpoint);
    options.put("serve", "deployment");
    FineTuningTarget target = new FineTuningTarget(FineTuningTarget.Backend.BEDROCK, "aws", NOVA,
        options, null);
    ModelAlias nova = new ModelAlias("nova", ModelKind.CHAT,
        List.of(new Deployment("aws", "us.amazon.nova-micro-v1:0", 1, null)), null, null, null,
        null, null, null, target);
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("aws", aws), List.of(nova),
        List.of(new ApiKey("a", SecretRef.literal("sk-a"), null, List.of(), false, "red", null)),
        List.of(new Team("red", null)), LimitStoreSettings.MEMORY,
        StateStoreSettings.embedded(dir.resolve("state").toString()), null,
        new FineTuningSettings(dir.resolve("files").toString(), 1 << 20,
            Duration.ofMillis(100), 1, Duration.ofSeconds(1)));
    return Gateway.start(vertx, config, Map.of()).await(60, TimeUnit.SECONDS);
  }

  private OpenAIClient client() {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey("sk-a").maxRetries(0).build();
  }

  /** A valid OpenAI chat fine-tuning file of {@code n} examples (Nova takes 8 or more). */
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

  private FineTuningJob createJob(OpenAIClient client, String suffix) throws Exception {
    FileObject file = client.files().create(FileCreateParams.builder()
        .file(trainingFile("train.jsonl", 12)).purpose(FilePurpose.FINE_TUNE).build());
    return client.fineTuning().jobs().create(JobCreateParams.builder().model("nova")
        .trainingFile(file.id()).suffix(suffix)
        .hyperparameters(JobCreateParams.Hyperparameters.builder().nEpochs(3L)
            .learningRateMultiplier(2.0).build())
        .build());
  }

  /** The job as Bedrock has it, once the gateway has created it (it is named after the job id). */
  private FakeBedrock.Job bedrockJob(String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    FakeBedrock.Job job = bedrock.jobNamed(jobId);
    while (job == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
      job = bedrock.jobNamed(jobId);
    }
    assertThat(job).as("the gateway created the Bedrock job of %s", jobId).isNotNull();
    return job;
  }

  /**
   * Polls the job through the SDK until {@code until} holds; every status seen on the way is
   * added to {@code seen} (when given, and unless it repeats the last one).
   */
  private static FineTuningJob await(OpenAIClient client, String id,
      Predicate<FineTuningJob> until, List<FineTuningJob.Status> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    FineTuningJob job = client.fineTuning().jobs().retrieve(id);
    note(seen, job);
    while (!until.test(job) && System.nanoTime() < deadline) {
      Thread.sleep(25);
      job = client.fineTuning().jobs().retrieve(id);
      note(seen, job);
    }
    assertThat(until.test(job)).as("job %s reached the awaited state; it is %s", id,
        job.status()).isTrue();
    return job;
  }

  private static void note(List<FineTuningJob.Status> seen, FineTuningJob job) {
    if (seen != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(job.status()))) {
      seen.add(job.status());
    }
  }

  /** Until an event's message starts with {@code prefix}. */
  private static FineTuningJob awaitEvent(OpenAIClient client, String id, String prefix,
      List<FineTuningJob.Status> seen) throws InterruptedException {
    return await(client, id, j -> messages(client, id).stream().anyMatch(m -> m.startsWith(
        prefix)), seen);
  }

  private static List<String> messages(OpenAIClient client, String id) {
    return client.fineTuning().jobs().listEvents(id).data().stream()
        .map(FineTuningJobEvent::message).toList();
  }

  private static List<JsonNode> lines(byte[] data) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(MAPPER.readTree(line));
      }
    }
    return out;
  }

  @Test
  void job_fullLife_onBedrock_throughTheOfficialSdk_andTheTunedModelAnswersFromItsDeployment()
      throws Exception {
    OpenAIClient client = client();
    List<FineTuningJob.Status> seen = new ArrayList<>();
    FineTuningJob created = createJob(client, "support");
    note(seen, created);
    String id = created.id();

    // Bedrock has the job: its data converted and uploaded, signed for S3.
    FakeBedrock.Job job = bedrockJob(id);
    byte[] uploaded = bedrock.object("ft/" + id + "/train.jsonl");
    assertThat(uploaded).as("train.jsonl in S3").isNotNull();
    List<JsonNode> records = lines(uploaded);
    assertThat(records).hasSize(12);
    assertThat(records.get(0)).isEqualTo(MAPPER.readTree("{\"schemaVersion\":"
        + "\"bedrock-conversation-2024\",\"system\":[{\"text\":\"You are terse.\"}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is 0 + 1?\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"text\":\"1\"}]}]}"));
    List<FakeBedrock.Recorded> puts = bedrock.requests("PUT", "/" + FakeBedrock.BUCKET + "/");
    assertThat(puts).singleElement().satisfies(put -> {
      assertThat(put.path()).isEqualTo("/" + FakeBedrock.BUCKET + "/ft/" + id + "/train.jsonl");
      assertThat(put.headers().get("authorization"))
          .contains("/" + FakeBedrock.REGION + "/s3/aws4_request")
          .contains("x-amz-content-sha256");
    });
    List<FakeBedrock.Recorded> creates = bedrock.requests("POST", JOBS);
    assertThat(creates).singleElement().satisfies(c -> assertThat(c.headers()
        .get("authorization")).contains("/" + FakeBedrock.REGION + "/bedrock/aws4_request"));
    assertThat(creates.get(0).json()).isEqualTo(MAPPER.readTree("{\"jobName\":\"" + id + "\","
        + "\"customModelName\":\"support-" + id + "\",\"roleArn\":\"" + ROLE + "\","
        + "\"clientRequestToken\":\"" + id + "\",\"baseModelIdentifier\":\"" + NOVA + "\","
        + "\"customizationType\":\"FINE_TUNING\","
        + "\"trainingDataConfig\":{\"s3Uri\":\"s3://gantry-ft/ft/" + id + "/train.jsonl\"},"
        + "\"outputDataConfig\":{\"s3Uri\":\"s3://gantry-ft/ft/" + id + "/output/\"},"
        + "\"hyperParameters\":{\"epochCount\":\"3\",\"learningRate\":\"0.00002\"}}"));

    // Bedrock moves the job through its stages; the gateway reports each one.
    awaitEvent(client, id, "Fine-tuning job started.", seen);
    awaitEvent(client, id, "Backend status: InProgress", seen);
    job.script(FakeBedrock.patch("InProgress", "InProgress", "NotStarted", "NotStarted"));
    awaitEvent(client, id, "Backend status: InProgress/validation", seen);
    job.script(FakeBedrock.patch("InProgress", "Completed", "InProgress", "NotStarted"));
    awaitEvent(client, id, "Backend status: InProgress/dataProcessing", seen);
    job.script(FakeBedrock.patch("InProgress", "Completed", "Completed", "InProgress"));
    FineTuningJob training = awaitEvent(client, id, "Backend status: InProgress/training", seen);
    assertThat(training.status()).isEqualTo(FineTuningJob.Status.RUNNING);

    // Training completes; the custom model deployment stays Creating until the fake lets it go.
    bedrock.creatingPolls = Integer.MAX_VALUE;
    String outputModel = "arn:aws:bedrock:us-east-1:123456789012:custom-model/"
        + "amazon.nova-micro-v1:0:128k/abcdefghijkl";
    ObjectNode completed = FakeBedrock.patch("Completed", "Completed", "Completed", "Completed")
        .put("outputModelArn", outputModel).put("endTime", "2026-11-21T15:00:00.5Z");
    completed.putObject("trainingMetrics").put("trainingLoss", 0.25);
    completed.putArray("validationMetrics").addObject().put("validationLoss", 0.5);
    job.script(completed);
    FineTuningJob deploying = awaitEvent(client, id,
        "Training finished; deploying the tuned model.", seen);
    assertThat(deploying.status()).isEqualTo(FineTuningJob.Status.RUNNING);
    assertThat(deploying.fineTunedModel()).isEmpty();
    assertThat(deploying.finishedAt()).isEmpty();
    List<FakeBedrock.Recorded> deployments = bedrock.requests("POST", DEPLOYMENTS);
    assertThat(deployments).singleElement().satisfies(d -> {
      assertThat(d.json().path("modelArn").asText()).isEqualTo(outputModel);
      assertThat(d.json().path("modelDeploymentName").asText()).startsWith("gantry-");
    });
    String deploymentArn = "arn:aws:bedrock:" + FakeBedrock.REGION + ":" + FakeBedrock.ACCOUNT
        + ":custom-model-deployment/";
    runtime.accept(deploymentArn + "000000000002");
    bedrock.creatingPolls = 0;
    FineTuningJob done = await(client, id,
        j -> j.status().equals(FineTuningJob.Status.SUCCEEDED), seen);

    assertThat(seen).as("statuses seen through the SDK, in order").containsSubsequence(
        FineTuningJob.Status.VALIDATING_FILES, FineTuningJob.Status.RUNNING,
        FineTuningJob.Status.SUCCEEDED);
    assertThat(seen).as("no status goes back").isSubsetOf(FineTuningJob.Status.VALIDATING_FILES,
        FineTuningJob.Status.QUEUED, FineTuningJob.Status.RUNNING,
        FineTuningJob.Status.SUCCEEDED).doesNotHaveDuplicates();
    assertThat(created.status()).isEqualTo(FineTuningJob.Status.VALIDATING_FILES);
    long now = System.currentTimeMillis() / 1000;
    assertThat(created.createdAt()).as("seconds, not millis").isBetween(now - 60, now + 1);
    assertThat(done.finishedAt().orElseThrow()).as("seconds, not millis")
        .isBetween(now - 60, now + 1);
    String tuned = done.fineTunedModel().orElseThrow();
    assertThat(tuned).startsWith("ft:nova:red:support:");
    assertThat(done.error()).isEmpty();
    assertThat(done.trainedTokens()).as("Bedrock reports no trained tokens").isEmpty();
    assertThat(done.hyperparameters().nEpochs().orElseThrow().asInteger()).isEqualTo(3);

    List<String> messages = messages(client, id);
    assertThat(messages)
        .anyMatch(m -> m.startsWith("Created fine-tuning job: " + id))
        .anyMatch(m -> m.startsWith("Files validated: 12 training examples"))
        .anyMatch(m -> m.equals("Fine-tuning job started."))
        .anyMatch(m -> m.equals("Step 0: training loss=0.2500"))
        .anyMatch(m -> m.equals("Backend status: Completed/training"))
        .anyMatch(m -> m.equals("New fine-tuned model created: " + tuned))
        .anyMatch(m -> m.equals("The job has successfully completed"));
    assertThat(messages.get(0)).as("newest first").isEqualTo("The job has successfully completed");
    assertThat(messages).filteredOn(m -> m.equals("Fine-tuning job started.")).hasSize(1);
    assertThat(bedrock.requests("POST", JOBS)).as("created once").hasSize(1);
    assertThat(bedrock.requests("POST", DEPLOYMENTS)).as("deployed once").hasSize(1);

    // The tuned model answers, from the custom model deployment.
    ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model(tuned).addUserMessage("What is 41 + 1?").build());
    assertThat(answer.choices()).isNotEmpty();
    assertThat(runtime.received()).singleElement().satisfies(r -> {
      assertThat(r.operation()).isEqualTo("converse");
      assertThat(r.modelId()).isEqualTo(deploymentArn + "000000000002");
      assertThat(r.rawPath()).isEqualTo("/model/"
          + (deploymentArn + "000000000002").replace(":", "%3A").replace("/", "%2F")
          + "/converse");
    });
  }

  @Test
  void job_thatBedrockFails_endsFailed_withItsMessage_andNoModel() throws Exception {
    OpenAIClient client = client();
    FineTuningJob created = createJob(client, "doomed");
    FakeBedrock.Job job = bedrockJob(created.id());
    ObjectNode failed = FakeBedrock.patch("Failed", "Completed", "Failed", "NotStarted")
        .put("failureMessage", "The training data has a record with an invalid role.")
        .put("endTime", "2026-11-21T14:10:00Z");
    job.script(FakeBedrock.patch("InProgress", "InProgress", "NotStarted", "NotStarted"),
        failed);

    FineTuningJob done = await(client, created.id(),
        j -> j.status().equals(FineTuningJob.Status.FAILED), null);

    FineTuningJob.Error error = done.error().orElseThrow();
    assertThat(error.code()).isEqualTo("training_failed");
    assertThat(error.message()).contains("The training data has a record with an invalid role");
    assertThat(done.fineTunedModel()).isEmpty();
    assertThat(done.finishedAt()).isPresent();
    assertThat(messages(client, created.id()))
        .anyMatch(m -> m.startsWith("Fine-tuning job failed: ")
            && m.contains("invalid role"));
    assertThat(bedrock.requests("POST", DEPLOYMENTS)).as("nothing deployed").isEmpty();
  }

  @Test
  void cancel_ofATrainingJob_stopsItAtBedrock_andItEndsCancelled() throws Exception {
    OpenAIClient client = client();
    FineTuningJob created = createJob(client, "stopped");
    FakeBedrock.Job job = bedrockJob(created.id());
    job.script(FakeBedrock.patch("InProgress", "Completed", "Completed", "InProgress"));
    awaitEvent(client, created.id(), "Backend status: InProgress/training", null);

    FineTuningJob cancelled = client.fineTuning().jobs().cancel(created.id());

    assertThat(cancelled.status()).isEqualTo(FineTuningJob.Status.CANCELLED);
    assertThat(cancelled.finishedAt()).isPresent();
    assertThat(cancelled.fineTunedModel()).isEmpty();
    List<FakeBedrock.Recorded> stops = bedrock.requests("POST", JOBS + "/");
    assertThat(stops).as("StopModelCustomizationJob by the job's URL-encoded ARN")
        .singleElement().satisfies(s -> assertThat(s.path()).isEqualTo(JOBS + "/"
            + job.arn.replace(":", "%3A").replace("/", "%2F") + "/stop"));
    // Cancelled by the API, or (when the driver polled between the stop and the API's write) by
    // the driver that saw Bedrock stopping the job: either way once, and cancelled it stays.
    List<String> messages = messages(client, created.id());
    assertThat(messages).filteredOn(m -> m.equals("Fine-tuning job cancelled.")
        || m.equals("The job was cancelled at the backend.")).hasSize(1);
    assertThat(client.fineTuning().jobs().retrieve(created.id()).status())
        .isEqualTo(FineTuningJob.Status.CANCELLED);
    assertThat(bedrock.requests("POST", DEPLOYMENTS)).isEmpty();
  }

  /**
   * Bedrock marks the job Stopping before StopModelCustomizationJob's answer reaches the gateway;
   * meanwhile the driver polls, sees Stopping and stores the job cancelled. The caller's cancel
   * still succeeds (the job is cancelled, as asked), rather than "cannot be cancelled".
   */
  @Test
  void cancel_whileTheDriverSeesTheJobStopping_answersTheCancelledJob() throws Exception {
    OpenAIClient client = client();
    FineTuningJob created = createJob(client, "raced");
    FakeBedrock.Job job = bedrockJob(created.id());
    job.script(FakeBedrock.patch("InProgress", "Completed", "Completed", "InProgress"));
    awaitEvent(client, created.id(), "Backend status: InProgress/training", null);
    bedrock.stopAnswerDelayMillis = 600;

    FineTuningJob cancelled = client.fineTuning().jobs().cancel(created.id());

    assertThat(messages(client, created.id())).as("the driver saw the job stop at Bedrock")
        .contains("The job was cancelled at the backend.");
    assertThat(cancelled.status()).isEqualTo(FineTuningJob.Status.CANCELLED);
    assertThat(cancelled.finishedAt()).isPresent();
    assertThat(cancelled.error()).isEmpty();
    assertThat(bedrock.requests("POST", JOBS + "/")).as("stopped once").hasSize(1);
    assertThat(client.fineTuning().jobs().retrieve(created.id()).status())
        .isEqualTo(FineTuningJob.Status.CANCELLED);
  }
}
