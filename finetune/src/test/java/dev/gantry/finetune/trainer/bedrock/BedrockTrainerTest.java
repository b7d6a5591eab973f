package dev.gantry.finetune.trainer.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.bedrock.auth.BedrockAuth;
import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The trainer against {@link FakeBedrock}, which checks every signature and every body against
 * the service model: the whole life of a job, failures, stopping, throttling, both ways of
 * serving, and the refusal of Bedrock API keys.
 */
class BedrockTrainerTest {

  private static final String AKID = "AKIDEXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String TOKEN = "session-token-example";
  private static final String ROLE = "arn:aws:iam::123456789012:role/BedrockFineTuning";
  private static final String NOVA = "amazon.nova-micro-v1:0:128k";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T14:00:00Z"),
      ZoneOffset.UTC);

  @TempDir
  Path dir;

  private Vertx vertx;
  private FakeBedrock fake;
  private String endpoint;
  private BlockedWarnings blocked;
  private BedrockTrainer trainer;

  /**
   * One job's round trip before any test watches the event loops: the JVM's first HTTP exchange
   * loads Netty's, Jackson's and AWS's classes (and registers JFR events) on the loop, a one-time
   * cost that is not blocking code.
   */
  @BeforeAll
  static void warmUp(@TempDir Path warmUpDir) throws Exception {
    BedrockTrainerTest warm = new BedrockTrainerTest();
    warm.dir = warmUpDir;
    warm.vertx = Vertx.vertx();
    warm.fake = new FakeBedrock(new SigV4Check(AKID, SECRET, TOKEN, FakeBedrock.REGION));
    warm.endpoint = "http://127.0.0.1:" + await(warm.fake.start(warm.vertx));
    BedrockTrainer trainer = warm.trainer(Map.of());
    String arn = await(trainer.submit(warm.spec("ftjob-warm-up", NOVA)));
    await(trainer.poll(arn));
    await(trainer.close());
    await(warm.fake.stop());
    await(warm.vertx.close());
  }

  @BeforeEach
  void start() throws Exception {
    blocked = BlockedWarnings.install();
    vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(200)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(50).setWarningExceptionTime(100)
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    fake = new FakeBedrock(new SigV4Check(AKID, SECRET, TOKEN, FakeBedrock.REGION));
    endpoint = "http://127.0.0.1:" + await(fake.start(vertx));
    trainer = trainer(Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    await(trainer.close());
    await(fake.stop());
    await(vertx.close());
    List<String> warnings = blocked.uninstall();
    assertEquals(List.of(), fake.problems(), "the fake's findings");
    assertEquals(List.of(), warnings, "blocked event loop");
  }

  @Test
  void lifecycle_novaWithValidation_uploadsConvertsCreatesPollsAndServes() throws Exception {
    TrainingSpec spec = new TrainingSpec("ftjob-abc123", NOVA, "support-bot", 42L,
        new TrainingSpec.Hyperparameters(3, null, 2.0), chat("train.jsonl", 3),
        chat("valid.jsonl", 1));

    String arn = await(trainer.submit(spec));

    assertTrue(arn.startsWith("arn:aws:bedrock:us-east-1:123456789012:model-customization-job/"));
    List<JsonNode> train = lines(fake.object("ft/ftjob-abc123/train.jsonl"));
    assertEquals(3, train.size());
    assertEquals(MAPPER.readTree("{\"schemaVersion\":\"bedrock-conversation-2024\","
        + "\"system\":[{\"text\":\"Be brief.\"}],\"messages\":["
        + "{\"role\":\"user\",\"content\":[{\"text\":\"question 0\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"text\":\"answer 0\"}]}]}"), train.get(0));
    assertEquals(1, lines(fake.object("ft/ftjob-abc123/validation.jsonl")).size());
    JsonNode create = fake.requests("POST", "/model-customization-jobs").get(0).json();
    assertEquals(MAPPER.readTree("{\"jobName\":\"ftjob-abc123\","
        + "\"customModelName\":\"support-bot-ftjob-abc123\",\"roleArn\":\"" + ROLE + "\","
        + "\"clientRequestToken\":\"ftjob-abc123\",\"baseModelIdentifier\":\"" + NOVA + "\","
        + "\"customizationType\":\"FINE_TUNING\","
        + "\"trainingDataConfig\":{\"s3Uri\":\"s3://gantry-ft/ft/ftjob-abc123/train.jsonl\"},"
        + "\"validationDataConfig\":{\"validators\":[{\"s3Uri\":"
        + "\"s3://gantry-ft/ft/ftjob-abc123/validation.jsonl\"}]},"
        + "\"outputDataConfig\":{\"s3Uri\":\"s3://gantry-ft/ft/ftjob-abc123/output/\"},"
        + "\"hyperParameters\":{\"epochCount\":\"3\",\"learningRate\":\"0.00002\"}}"), create);

    String outputModel = "arn:aws:bedrock:us-east-1:123456789012:custom-model/"
        + "amazon.nova-micro-v1:0:128k/abcdefghijkl";
    ObjectNode completed = FakeBedrock.patch("Completed", "Completed", "Completed", "Completed")
        .put("outputModelArn", outputModel).put("endTime", "2026-11-21T15:00:00.5Z");
    completed.putObject("trainingMetrics").put("trainingLoss", 0.25);
    completed.putArray("validationMetrics").addObject().put("validationLoss", 0.5);
    fake.job(arn).script(
        FakeBedrock.patch("InProgress", "NotStarted", "NotStarted", "NotStarted"),
        FakeBedrock.patch("InProgress", "InProgress", "NotStarted", "NotStarted"),
        FakeBedrock.patch("InProgress", "Completed", "InProgress", "NotStarted"),
        FakeBedrock.patch("InProgress", "Completed", "Completed", "InProgress"),
        completed);

    assertStatus(JobStatus.QUEUED, "InProgress", await(trainer.poll(arn)));
    assertStatus(JobStatus.VALIDATING_FILES, "InProgress/validation", await(trainer.poll(arn)));
    assertStatus(JobStatus.RUNNING, "InProgress/dataProcessing", await(trainer.poll(arn)));
    assertStatus(JobStatus.RUNNING, "InProgress/training", await(trainer.poll(arn)));
    TrainerStatus done = await(trainer.poll(arn));
    assertStatus(JobStatus.SUCCEEDED, "Completed/training", done);
    assertEquals(outputModel, done.resultModel());
    assertEquals(List.of(new TrainerStatus.Metric(0, 0.25, 0.5, null)), done.metrics());
    assertTrue(fake.requests("GET", "/model-customization-jobs/arn%3Aaws%3Abedrock").size() >= 5,
        "polled by the URL-encoded ARN");

    assertNull(await(trainer.serve(arn, done, "ft:nova:support-bot:ftjob-abc123")));
    assertNull(await(trainer.serve(arn, done, "ft:nova:support-bot:ftjob-abc123")));
    ServedModel served = await(trainer.serve(arn, done, "ft:nova:support-bot:ftjob-abc123"));

    assertEquals("bedrock-east", served.provider());
    assertTrue(served.model().startsWith(
        "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/"), served.model());
    assertEquals(Map.of(), served.options());
    List<FakeBedrock.Recorded> deployments =
        fake.requests("POST", "/model-customization/custom-model-deployments");
    assertEquals(1, deployments.size(), "created once");
    JsonNode deployment = deployments.get(0).json();
    assertEquals(outputModel, deployment.path("modelArn").asText());
    assertEquals("gantry-000000000001", deployment.path("modelDeploymentName").asText());
    assertEquals("gantry-000000000001", deployment.path("clientRequestToken").asText());
  }

  @Test
  void submit_again_findsTheJobWithoutUploadingOrCreating() throws Exception {
    TrainingSpec spec = spec("ftjob-again", NOVA);
    String first = await(trainer.submit(spec));

    String second = await(trainer.submit(spec));

    assertEquals(first, second);
    assertEquals(1, fake.requests("PUT", "/" + FakeBedrock.BUCKET).size());
    assertEquals(1, fake.requests("POST", "/model-customization-jobs").size());
  }

  @Test
  void submit_lookupMissedButCreateConflicts_answersTheExistingJob() throws Exception {
    TrainingSpec spec = spec("ftjob-lost", NOVA);
    String first = await(trainer.submit(spec));
    fake.failNext("GET", "/model-customization-jobs/ftjob-lost", 404,
        "ResourceNotFoundException", "Could not find job.");

    String second = await(trainer.submit(spec));

    assertEquals(first, second, "the same clientRequestToken answers the same job");
  }

  @Test
  void submit_claudeCookbookData_uploadsBedrocksClaudeRecords() throws Exception {
    Path fixture = Path.of(getClass().getResource(
        "/bedrock/fine-tuning-data/claude3-haiku-json_mode_dataset.head5.jsonl").toURI());
    List<String> expected = Files.readAllLines(fixture);
    StringBuilder openAi = new StringBuilder();
    for (String line : expected) {
      JsonNode claude = MAPPER.readTree(line);
      ObjectNode record = MAPPER.createObjectNode();
      record.putArray("messages").addObject().put("role", "system")
          .put("content", claude.get("system").asText());
      claude.get("messages").forEach(m -> record.withArray("messages").add(m));
      openAi.append(record).append('\n');
    }
    Path training = Files.writeString(dir.resolve("claude.jsonl"), openAi);
    TrainingSpec spec = new TrainingSpec("ftjob-claude", "anthropic.claude-3-haiku-20240307-v1:0:200k",
        null, null, new TrainingSpec.Hyperparameters(2, 8, 0.5), training, null);

    await(trainer.submit(spec));

    List<JsonNode> uploaded = lines(fake.object("ft/ftjob-claude/train.jsonl"));
    assertEquals(expected.size(), uploaded.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(MAPPER.readTree(expected.get(i)), uploaded.get(i), "line " + (i + 1));
    }
    JsonNode create = fake.requests("POST", "/model-customization-jobs").get(0).json();
    assertEquals(MAPPER.readTree("{\"epochCount\":\"2\",\"batchSize\":\"8\","
        + "\"learningRateMultiplier\":\"0.5\"}"), create.get("hyperParameters"));
    assertFalse(create.has("validationDataConfig"));
    assertEquals("ftjob-claude", create.path("customModelName").asText());
  }

  @Test
  void submit_llamaData_uploadsPromptCompletion() throws Exception {
    TrainingSpec spec = new TrainingSpec("ftjob-llama", "meta.llama3-1-8b-instruct-v1:0",
        null, null, new TrainingSpec.Hyperparameters(null, null, 0.5), chat("l.jsonl", 1), null);

    await(trainer.submit(spec));

    assertEquals(MAPPER.readTree("{\"prompt\":\"Be brief.\\n\\nquestion 0\","
        + "\"completion\":\"answer 0\"}"), lines(fake.object("ft/ftjob-llama/train.jsonl")).get(0));
    assertEquals(MAPPER.readTree("{\"learningRate\":\"0.00005\"}"),
        fake.requests("POST", "/model-customization-jobs").get(0).json().get("hyperParameters"));
  }

  @Test
  void submit_unconvertibleLine_failsBeforeUploading() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), line("q", "a") + "\n"
        + "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\","
        + "\"tool_calls\":[{\"id\":\"1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
        + "\"arguments\":\"{}\"}}]}]}\n");

    TrainerException e = failure(trainer.submit(new TrainingSpec("ftjob-bad", NOVA, null, null,
        null, bad, null)));

    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertEquals(List.of(), fake.requests("PUT", "/"));
  }

  @Test
  void submit_batchSizeForNova_refusedBeforeAnyCall() throws Exception {
    TrainerException e = failure(trainer.submit(new TrainingSpec("ftjob-batch", NOVA, null,
        null, new TrainingSpec.Hyperparameters(null, 16, null), chat("b.jsonl", 1), null)));

    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("batch_size"), e.getMessage());
    assertEquals(List.of(), fake.requests());
  }

  @Test
  void submit_s3RefusesSignature_notRetryableAndNoS3Secrets() throws Exception {
    fake.failNext("PUT", "/" + FakeBedrock.BUCKET, 403, "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.");

    TrainerException e = failure(trainer.submit(spec("ftjob-s3", NOVA)));

    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("SignatureDoesNotMatch"), e.getMessage());
    assertFalse(e.getMessage().contains("StringToSign") || e.getMessage().contains("AKID"),
        e.getMessage());
    assertEquals(List.of(), fake.requests("POST", "/model-customization-jobs"));
  }

  @Test
  void submit_s3SlowDown_retryable() throws Exception {
    fake.failNext("PUT", "/" + FakeBedrock.BUCKET, 503, "SlowDown", "Please reduce your rate.");

    assertTrue(failure(trainer.submit(spec("ftjob-slow", NOVA))).retryable());
  }

  @Test
  void submit_accessDenied_notRetryableWithoutAwsText() throws Exception {
    fake.failNext("POST", "/model-customization-jobs", 403, "AccessDeniedException",
        "User arn:aws:sts::123456789012:assumed-role/x is not authorized to perform iam:PassRole");

    TrainerException e = failure(trainer.submit(spec("ftjob-denied", NOVA)));

    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("AccessDeniedException"), e.getMessage());
    assertFalse(e.getMessage().contains("123456789012"), e.getMessage());
  }

  @Test
  void submit_validationException_notRetryableWithBedrocksMessage() throws Exception {
    fake.failNext("POST", "/model-customization-jobs", 400, "ValidationException",
        "Value 'x' at 'baseModelIdentifier' failed to satisfy constraint: Member must match");

    TrainerException e = failure(trainer.submit(spec("ftjob-invalid", NOVA)));

    assertFalse(e.retryable());
    assertEquals("Bedrock CreateModelCustomizationJob failed (ValidationException: Value at "
        + "'baseModelIdentifier' failed to satisfy constraint: Member must match).",
        e.getMessage());
  }

  @Test
  void poll_throttled_failsRetryable() throws Exception {
    String arn = await(trainer.submit(spec("ftjob-throttle", NOVA)));
    fake.failNext("GET", "/model-customization-jobs/", 429, "ThrottlingException",
        "Too many requests, please wait before trying again.");
    fake.failNext("GET", "/model-customization-jobs/", 500, "InternalServerException", null);

    TrainerException throttled = failure(trainer.poll(arn));
    TrainerException internal = failure(trainer.poll(arn));

    assertTrue(throttled.retryable());
    assertTrue(throttled.getMessage().contains("ThrottlingException"), throttled.getMessage());
    assertTrue(internal.retryable());
    assertEquals(JobStatus.QUEUED, await(trainer.poll(arn)).status());
  }

  @Test
  void poll_failed_reportsFailureMessage() throws Exception {
    String arn = await(trainer.submit(spec("ftjob-fail", NOVA)));
    fake.job(arn).script(FakeBedrock.patch("Failed", "Failed", "NotStarted", "NotStarted")
        .put("failureMessage", "Validation failed: line 3 has an invalid schema.")
        .put("endTime", "2026-11-21T14:03:00Z"));

    TrainerStatus status = await(trainer.poll(arn));

    assertEquals(JobStatus.FAILED, status.status());
    assertEquals("Failed/validation", status.detail());
    assertEquals("Validation failed: line 3 has an invalid schema", status.error());
    assertNull(status.resultModel());
  }

  @Test
  void cancel_inProgress_stopsTheJob() throws Exception {
    String arn = await(trainer.submit(spec("ftjob-stop", NOVA)));

    await(trainer.cancel(arn));

    assertEquals(1, fake.requests("POST", "/model-customization-jobs/arn%3Aaws%3Abedrock")
        .stream().filter(r -> r.path().endsWith("/stop")).count());
    TrainerStatus stopping = await(trainer.poll(arn));
    assertEquals(JobStatus.CANCELLED, stopping.status());
    assertEquals("Stopping", stopping.detail().split("/")[0]);
    assertEquals("Stopped", await(trainer.poll(arn)).detail().split("/")[0]);
  }

  @Test
  void cancel_afterCompletion_succeedsAsStopped() throws Exception {
    String arn = await(trainer.submit(spec("ftjob-late", NOVA)));
    fake.job(arn).script(FakeBedrock.patch("Completed", "Completed", "Completed", "Completed")
        .put("outputModelArn", "arn:aws:bedrock:us-east-1:123456789012:custom-model/"
            + "amazon.nova-micro-v1:0:128k/abcdefghijkl"));
    await(trainer.poll(arn));

    await(trainer.cancel(arn));
  }

  @Test
  void cancel_throttled_failsRetryable() throws Exception {
    String arn = await(trainer.submit(spec("ftjob-stop-throttle", NOVA)));
    fake.failNext("POST", "/model-customization-jobs/", 429, "ThrottlingException", null);

    assertTrue(failure(trainer.cancel(arn)).retryable());
  }

  @Test
  void serve_provisioned_createsThroughputAndWaitsForInService() throws Exception {
    await(trainer.close());
    trainer = trainer(Map.of("serve", "provisioned", "model_units", "2"));
    String arn = await(trainer.submit(spec("ftjob-pt", NOVA)));
    TrainerStatus done = new TrainerStatus(JobStatus.SUCCEEDED, "Completed", null, null, null,
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/"
            + "abcdefghijkl");

    assertNull(await(trainer.serve(arn, done, "ft:nova:pt")));
    assertNull(await(trainer.serve(arn, done, "ft:nova:pt")));
    ServedModel served = await(trainer.serve(arn, done, "ft:nova:pt"));

    assertTrue(served.model().startsWith(
        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/"), served.model());
    JsonNode create = fake.requests("POST", "/provisioned-model-throughput").get(0).json();
    assertEquals(2, create.path("modelUnits").asInt());
    assertEquals(done.resultModel(), create.path("modelId").asText());
    assertEquals("gantry-000000000001", create.path("provisionedModelName").asText());
    assertEquals(1, fake.requests("POST", "/provisioned-model-throughput").size());
  }

  @Test
  void serve_deploymentNameTaken_looksItUp() throws Exception {
    String arn = await(trainer.submit(spec("ftjob-taken", NOVA)));
    TrainerStatus done = new TrainerStatus(JobStatus.SUCCEEDED, "Completed", null, null, null,
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/"
            + "abcdefghijkl");
    assertNull(await(trainer.serve(arn, done, "ft:a")));
    fake.failNext("GET", "/model-customization/custom-model-deployments/", 404,
        "ResourceNotFoundException", "Deployment not found.");
    fake.failNext("POST", "/model-customization/custom-model-deployments", 400,
        "ConflictException", "The name is already in use.");
    fake.creatingPolls = 0;

    ServedModel served = await(trainer.serve(arn, done, "ft:a"));

    assertNotNull(served, "the existing deployment, Active");
    assertEquals(2, fake.requests("POST", "/model-customization/custom-model-deployments")
        .size());
  }

  @Test
  void submit_largeFile_streamedWithoutBlockingTheEventLoop() throws Exception {
    TrainingSpec spec = new TrainingSpec("ftjob-large", NOVA, null, null, null,
        chat("large.jsonl", 20_000), null);

    await(trainer.submit(spec));

    assertEquals(20_000, new String(fake.object("ft/ftjob-large/train.jsonl"),
        StandardCharsets.UTF_8).split("\n").length);
  }

  @Test
  void poll_controlPlaneUnreachable_failsRetryable() throws Exception {
    await(trainer.close());
    endpoint = "http://127.0.0.1:1";
    trainer = trainer(Map.of());

    TrainerException e = failure(trainer.poll("arn:aws:bedrock:us-east-1:1:j/x"));

    assertTrue(e.retryable());
    assertTrue(e.getMessage().startsWith("Bedrock GetModelCustomizationJob failed"),
        e.getMessage());
  }

  @Test
  void constructor_providerWithApiKey_refused() {
    ProviderSettings.Bedrock withKey = new ProviderSettings.Bedrock("bedrock-east",
        FakeBedrock.REGION, null, null, null, null, null, SecretRef.literal("bedrock-api-key"),
        Duration.ofSeconds(30), 4);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BedrockTrainer(vertx, withKey, target(Map.of()), Map.of(), CLOCK));

    assertTrue(e.getMessage().contains("SigV4"), e.getMessage());
    assertFalse(e.getMessage().contains("bedrock-api-key"), e.getMessage());
  }

  @Test
  void submit_bearerCredentials_refusedWithoutCalls() throws Exception {
    await(trainer.close());
    trainer = new BedrockTrainer(vertx, provider(), target(Map.of()),
        BedrockCredentials.fixed(new BedrockAuth.Bearer("bedrock-api-key")), CLOCK);

    TrainerException submit = failure(trainer.submit(spec("ftjob-bearer", NOVA)));
    TrainerException poll = failure(trainer.poll("arn:aws:bedrock:us-east-1:1:x/y"));

    assertFalse(submit.retryable());
    assertTrue(submit.getMessage().contains("Bedrock API keys"), submit.getMessage());
    assertTrue(poll.getMessage().contains("Bedrock API keys"), poll.getMessage());
    assertEquals(List.of(), fake.requests());
  }

  @Test
  void constructor_envBearerTokenIgnored_staticKeysUsed() throws Exception {
    await(trainer.close());
    ProviderSettings.Bedrock keys = new ProviderSettings.Bedrock("bedrock-east",
        FakeBedrock.REGION, null, null, SecretRef.literal(AKID), SecretRef.literal(SECRET),
        SecretRef.literal(TOKEN), null, Duration.ofSeconds(30), 4);
    trainer = new BedrockTrainer(vertx, keys, target(Map.of()),
        Map.of(BedrockCredentials.BEARER_TOKEN_VARIABLE, "ignored"), CLOCK);

    assertNotNull(await(trainer.submit(spec("ftjob-env", NOVA))));
  }

  // ---- helpers

  private BedrockTrainer trainer(Map<String, String> extra) {
    return new BedrockTrainer(vertx, provider(), target(extra), BedrockCredentials.fixed(
        new BedrockAuth.SigV4(AwsSessionCredentialsIdentity.create(AKID, SECRET, TOKEN))),
        CLOCK);
  }

  private static ProviderSettings.Bedrock provider() {
    return new ProviderSettings.Bedrock("bedrock-east", FakeBedrock.REGION, null, null, null,
        null, null, null, Duration.ofSeconds(30), 4);
  }

  private FineTuningTarget target(Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(Map.of("role_arn", ROLE,
        "s3_uri", "s3://" + FakeBedrock.BUCKET + "/ft/", "s3_endpoint", endpoint,
        "control_endpoint", endpoint));
    options.putAll(extra);
    return new FineTuningTarget(FineTuningTarget.Backend.BEDROCK, "bedrock-east", NOVA, options,
        null);
  }

  private TrainingSpec spec(String jobId, String baseModel) throws Exception {
    return new TrainingSpec(jobId, baseModel, null, null, null, chat(jobId + ".jsonl", 2), null);
  }

  /** OpenAI chat records with a system prompt and a text-part user message. */
  private Path chat(String name, int records) throws Exception {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < records; i++) {
      out.append(line("question " + i, "answer " + i)).append('\n');
    }
    return Files.writeString(dir.resolve(name), out);
  }

  private static String line(String question, String answer) {
    return "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + question + "\"}]},"
        + "{\"role\":\"assistant\",\"content\":\"" + answer + "\",\"weight\":1}]}";
  }

  private static List<JsonNode> lines(byte[] object) throws Exception {
    assertNotNull(object, "uploaded");
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : new String(object, StandardCharsets.UTF_8).split("\n")) {
      out.add(MAPPER.readTree(line));
    }
    return out;
  }

  private static void assertStatus(JobStatus status, String detail, TrainerStatus actual) {
    assertEquals(status, actual.status(), actual.toString());
    assertEquals(detail, actual.detail());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static TrainerException failure(Future<?> future) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
    assertTrue(e.getCause() instanceof TrainerException, String.valueOf(e.getCause()));
    return (TrainerException) e.getCause();
  }

  /** Collects Vert.x's blocked-thread warnings. */
  static final class BlockedWarnings extends AppenderBase<ILoggingEvent> {
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    static BlockedWarnings install() {
      BlockedWarnings appender = new BlockedWarnings();
      Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      appender.setContext(root.getLoggerContext());
      appender.start();
      root.addAppender(appender);
      return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
      String message = event.getFormattedMessage();
      if (message != null && message.contains("has been blocked for") && !idle(event)) {
        StringBuilder stack = new StringBuilder(message);
        if (event.getThrowableProxy() != null) {
          var frames = event.getThrowableProxy().getStackTraceElementProxyArray();
          for (int i = 0; i < Math.min(25, frames.length); i++) {
            stack.append("\n  at ").append(frames[i].getStackTraceElement());
          }
        }
        warnings.add(stack.toString());
      }
    }

    /** The loop waiting in its selector: the checker ran late on a starved CPU. */
    private static boolean idle(ILoggingEvent event) {
      var proxy = event.getThrowableProxy();
      if (proxy == null || proxy.getStackTraceElementProxyArray().length == 0) {
        return false;
      }
      StackTraceElement top = proxy.getStackTraceElementProxyArray()[0].getStackTraceElement();
      return top.getClassName().startsWith("sun.nio.ch.") && top.getMethodName().contains("wait");
    }

    List<String> uninstall() {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
      stop();
      return List.copyOf(warnings);
    }
  }
}
