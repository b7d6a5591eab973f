package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.sdk.finetuning.FineTuningJob;
import dev.gantry.sdk.finetuning.JobCreateRequest;
import dev.gantry.sdk.finetuning.JobEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FineTuningTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestServer server = new TestServer();
  private final FakeTime time = new FakeTime();
  private final List<Duration> slept = new ArrayList<>();
  private final GantryClient client = GantryClient.builder().baseUrl(server.url())
      .apiKey("sk-secret").maxRetries(0).pollInterval(Duration.ofSeconds(2))
      .retryPolicy(RetryPolicy.builder().clock(time).sleeper(d -> {
        slept.add(d);
        time.advance(d);
      }).build())
      .build();

  @AfterEach
  void stop() {
    server.close();
  }

  static String job(String id, String status) {
    return "{\"id\":\"" + id + "\",\"object\":\"fine_tuning.job\",\"created_at\":1700000000,"
        + "\"finished_at\":" + (status.equals("succeeded") ? "1700000100" : "null") + ","
        + "\"model\":\"fast\",\"fine_tuned_model\":"
        + (status.equals("succeeded") ? "\"ft:fast:support:abc\"" : "null") + ","
        + "\"organization_id\":\"team-a\",\"status\":\"" + status + "\","
        + "\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":\"auto\","
        + "\"learning_rate_multiplier\":0.5},\"training_file\":\"file-1\","
        + "\"validation_file\":null,\"result_files\":[],\"trained_tokens\":null,\"error\":null,"
        + "\"seed\":42,\"estimated_finish\":null,\"integrations\":[],\"metadata\":{\"k\":\"v\"},"
        + "\"user_provided_suffix\":\"support\"}";
  }

  static String event(int n) {
    return "{\"object\":\"fine_tuning.job.event\",\"id\":\"ftevent-" + n + "\",\"created_at\":"
        + (1700000000 + n) + ",\"level\":\"info\",\"message\":\"event " + n
        + "\",\"type\":\"message\",\"data\":{}}";
  }

  /** A page of events, newest first: {@code newest} down to {@code oldest}. */
  static String events(int newest, int oldest, boolean hasMore) {
    String data = IntStream.iterate(newest, i -> i >= oldest, i -> i - 1)
        .mapToObj(FineTuningTest::event).collect(Collectors.joining(","));
    return "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":" + hasMore
        + (newest >= oldest ? ",\"first_id\":\"ftevent-" + newest + "\",\"last_id\":\"ftevent-"
        + oldest + "\"" : "") + "}";
  }

  @Test
  void create_sendsBodyAndIdempotencyKey() throws IOException {
    server.thenJson(200, job("ftjob-1", "validating_files"), "x-request-id", "req-c");
    FineTuningJob j = client.fineTuning().create(JobCreateRequest.builder().model("fast")
        .trainingFile("file-1").validationFile("file-2").suffix("support").seed(42).nEpochs(3)
        .batchSize(8).learningRateMultiplier(0.5).metadata("k", "v")
        .idempotencyKey("train-1").build());
    assertThat(j.id()).isEqualTo("ftjob-1");
    assertThat(j.status()).isEqualTo("validating_files");
    assertThat(j.isTerminal()).isFalse();
    assertThat(j.hyperparameters().nEpochs()).isEqualTo(3);
    assertThat(j.hyperparameters().batchSize()).isEqualTo("auto");
    assertThat(j.metadata()).containsEntry("k", "v");
    assertThat(j.headers().requestId()).contains("req-c");
    TestServer.Seen s = server.seen.get(0);
    assertThat(s.path()).isEqualTo("/v1/fine_tuning/jobs");
    assertThat(s.header("Idempotency-Key")).isEqualTo("train-1");
    JsonNode b = JSON.readTree(s.body());
    assertThat(b.get("model").asText()).isEqualTo("fast");
    assertThat(b.get("training_file").asText()).isEqualTo("file-1");
    assertThat(b.get("validation_file").asText()).isEqualTo("file-2");
    assertThat(b.get("suffix").asText()).isEqualTo("support");
    assertThat(b.get("seed").asLong()).isEqualTo(42);
    assertThat(b.at("/hyperparameters/n_epochs").asInt()).isEqualTo(3);
    assertThat(b.at("/hyperparameters/batch_size").asInt()).isEqualTo(8);
    assertThat(b.at("/hyperparameters/learning_rate_multiplier").asDouble()).isEqualTo(0.5);
    assertThat(b.at("/metadata/k").asText()).isEqualTo("v");
    assertThat(b.has("idempotency_key")).isFalse();
  }

  @Test
  void create_withoutKey_sendsNoHeaderAndNoNulls() throws IOException {
    server.thenJson(200, job("ftjob-1", "queued"));
    client.fineTuning().create(JobCreateRequest.builder().model("fast").trainingFile("f").build());
    assertThat(server.seen.get(0).header("Idempotency-Key")).isNull();
    JsonNode b = JSON.readTree(server.seen.get(0).body());
    assertThat(b.size()).isEqualTo(2);
  }

  @Test
  void list_autoPagerFollowsAfterAcrossThreePages() {
    server.thenJson(200, "{\"object\":\"list\",\"data\":[" + job("ftjob-5", "running") + ","
            + job("ftjob-4", "queued") + "],\"has_more\":true,\"first_id\":\"ftjob-5\","
            + "\"last_id\":\"ftjob-4\"}")
        .thenJson(200, "{\"object\":\"list\",\"data\":[" + job("ftjob-3", "failed") + ","
            + job("ftjob-2", "succeeded") + "],\"has_more\":true,\"first_id\":\"ftjob-3\","
            + "\"last_id\":\"ftjob-2\"}")
        .thenJson(200, "{\"object\":\"list\",\"data\":[" + job("ftjob-1", "cancelled")
            + "],\"has_more\":false,\"first_id\":\"ftjob-1\",\"last_id\":\"ftjob-1\"}");
    Page<FineTuningJob> first = client.fineTuning().list(null, 2, RequestOptions.none());
    assertThat(first.data()).hasSize(2);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.lastId()).contains("ftjob-4");
    List<String> ids = new ArrayList<>();
    first.autoPager().forEach(j -> ids.add(j.id()));
    assertThat(ids).containsExactly("ftjob-5", "ftjob-4", "ftjob-3", "ftjob-2", "ftjob-1");
    assertThat(server.seen).extracting(TestServer.Seen::path).containsExactly(
        "/v1/fine_tuning/jobs?limit=2", "/v1/fine_tuning/jobs?after=ftjob-4&limit=2",
        "/v1/fine_tuning/jobs?after=ftjob-2&limit=2");
  }

  @Test
  void getCancelEventsCheckpoints_paths() {
    server.thenJson(200, job("ftjob-1", "running"))
        .thenJson(200, job("ftjob-1", "cancelled"))
        .thenJson(200, events(3, 1, false))
        .thenJson(200, "{\"object\":\"list\",\"data\":[{\"object\":\"fine_tuning.job.checkpoint\","
            + "\"id\":\"ftckpt-ftjob-1-10\",\"created_at\":1,\"fine_tuned_model_checkpoint\":"
            + "\"ft:fast:x:ckpt-step-10\",\"fine_tuning_job_id\":\"ftjob-1\",\"step_number\":10,"
            + "\"metrics\":{\"train_loss\":0.5}}],\"has_more\":false}");
    assertThat(client.fineTuning().get("ftjob-1").status()).isEqualTo("running");
    FineTuningJob c = client.fineTuning().cancel("ftjob-1");
    assertThat(c.isTerminal()).isTrue();
    assertThat(client.fineTuning().events("ftjob-1").data()).extracting(JobEvent::message)
        .containsExactly("event 3", "event 2", "event 1");
    var ckpt = client.fineTuning().checkpoints("ftjob-1").data().get(0);
    assertThat(ckpt.stepNumber()).isEqualTo(10);
    assertThat(ckpt.metrics()).containsEntry("train_loss", 0.5);
    assertThat(server.seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "GET /v1/fine_tuning/jobs/ftjob-1", "POST /v1/fine_tuning/jobs/ftjob-1/cancel",
        "GET /v1/fine_tuning/jobs/ftjob-1/events", "GET /v1/fine_tuning/jobs/ftjob-1/checkpoints");
  }

  @Test
  void awaitCompletion_pollsUntilSucceeded() {
    server.thenJson(200, job("ftjob-1", "validating_files"))
        .thenJson(200, job("ftjob-1", "running"))
        .thenJson(200, job("ftjob-1", "succeeded"));
    FineTuningJob done = client.fineTuning().awaitCompletion("ftjob-1", Duration.ofMinutes(5));
    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.fineTunedModelName()).contains("ft:fast:support:abc");
    assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(server.seen).hasSize(3);
  }

  @Test
  void awaitCompletion_timesOut() {
    server.thenJson(200, job("ftjob-1", "running"));
    assertThatThrownBy(() -> client.fineTuning().awaitCompletion("ftjob-1", Duration.ofSeconds(5)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("ftjob-1").hasMessageContaining("running");
    assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofSeconds(1));
    assertThat(server.seen).hasSize(4);
  }

  @Test
  void awaitCompletion_deliversEachEventOnceOldestFirst() {
    server.thenJson(200, job("ftjob-1", "queued"))
        .thenJson(200, events(2, 1, false))
        .thenJson(200, job("ftjob-1", "running"))
        // events 3..5 new, on two pages; stops at the already-seen event 2
        .thenJson(200, events(5, 4, true))
        .thenJson(200, events(3, 2, true))
        .thenJson(200, job("ftjob-1", "running"))
        .thenJson(200, events(5, 5, true))
        .thenJson(200, job("ftjob-1", "succeeded"))
        .thenJson(200, events(6, 5, true));
    List<String> got = new ArrayList<>();
    FineTuningJob done = client.fineTuning().awaitCompletion("ftjob-1", Duration.ofMinutes(1),
        e -> got.add(e.id()));
    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(got).containsExactly("ftevent-1", "ftevent-2", "ftevent-3", "ftevent-4",
        "ftevent-5", "ftevent-6");
    assertThat(server.seen.get(4).path())
        .isEqualTo("/v1/fine_tuning/jobs/ftjob-1/events?after=ftevent-4&limit=100");
    assertThat(server.seen).hasSize(9);
  }

  @Test
  void errorsAreMapped() {
    server.thenError(404, "invalid_request_error", "not_found", "No fine-tuning job 'x'")
        .thenError(400, "invalid_request_error", null, "The job is succeeded and cannot be cancelled.")
        .thenError(401, "authentication_error", "invalid_api_key", "bad key");
    assertThatThrownBy(() -> client.fineTuning().get("x")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.fineTuning().cancel("x"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("cannot be cancelled");
    assertThatThrownBy(() -> client.fineTuning().awaitCompletion("x", Duration.ofSeconds(1)))
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-secret"));
  }

  /** A clock the fake sleeper moves. */
  static final class FakeTime extends Clock {
    private final AtomicLong nanos = new AtomicLong(1_700_000_000_000_000_000L);

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(0, nanos.get());
    }
  }
}
