package dev.gantry.finetune.trainer.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.store.finetune.JobStatus;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TuningJobsTest {

  @ParameterizedTest
  @CsvSource({
      "JOB_STATE_QUEUED, QUEUED",
      "JOB_STATE_PENDING, QUEUED",
      "JOB_STATE_RUNNING, RUNNING",
      "JOB_STATE_UPDATING, RUNNING",
      "JOB_STATE_PAUSED, RUNNING",
      "JOB_STATE_SUCCEEDED, SUCCEEDED",
      "JOB_STATE_PARTIALLY_SUCCEEDED, SUCCEEDED",
      "JOB_STATE_FAILED, FAILED",
      "JOB_STATE_EXPIRED, FAILED",
      "JOB_STATE_CANCELLING, CANCELLED",
      "JOB_STATE_CANCELLED, CANCELLED",
      "JOB_STATE_UNSPECIFIED, QUEUED",
      "JOB_STATE_SOMETHING_NEW, QUEUED"})
  void status_everyJobState_mapsToOpenAiStatus(String state, JobStatus expected)
      throws IOException {
    TrainerStatus status = TuningJobs.status(json("{\"state\":\"" + state + "\"}"));

    assertThat(status.status()).isEqualTo(expected);
    assertThat(status.detail()).isEqualTo(state);
  }

  @Test
  void status_unknownStateAfterStart_isRunning() throws IOException {
    assertThat(TuningJobs.status(json("{\"state\":\"JOB_STATE_NEW\","
        + "\"startTime\":\"2026-11-21T14:00:00Z\"}")).status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void status_expiredWithoutError_saysExpired() throws IOException {
    TrainerStatus status = TuningJobs.status(json("{\"state\":\"JOB_STATE_EXPIRED\"}"));

    assertThat(status.error()).isEqualTo("The Vertex AI tuning job expired.");
  }

  @Test
  void status_succeededWithoutEndpoint_resultIsTunedModel() throws IOException {
    TrainerStatus status = TuningJobs.status(json("{\"state\":\"JOB_STATE_SUCCEEDED\","
        + "\"tunedModel\":{\"model\":\"projects/1/locations/l/models/7@1\"},"
        + "\"tuningDataStats\":{\"supervisedTuningDataStats\":{\"totalBillableTokenCount\":42}}}"));

    assertThat(status.resultModel()).isEqualTo("projects/1/locations/l/models/7@1");
    assertThat(status.trainedTokens()).isEqualTo(42L);
  }

  @Test
  void status_checkpointsWithoutEndpoint_areNamedByModelAndId() throws IOException {
    TrainerStatus status = TuningJobs.status(json("{\"state\":\"JOB_STATE_RUNNING\","
        + "\"tunedModel\":{\"model\":\"m\",\"checkpoints\":[{\"checkpointId\":\"2\","
        + "\"epoch\":\"2\",\"step\":\"20\"},{\"checkpointId\":\"1\",\"epoch\":\"1\","
        + "\"step\":\"10\"}]}}"));

    assertThat(status.metrics()).containsExactly(
        new TrainerStatus.Metric(10, null, null, "m@checkpoint-1"),
        new TrainerStatus.Metric(20, null, null, "m@checkpoint-2"));
  }

  @Test
  void label_mixedCaseAndSymbols_isLabelSafe() {
    assertThat(TuningJobs.label("ftjob-AbC.12")).isEqualTo("ftjob-abc_12");
    assertThat(TuningJobs.label("x".repeat(80))).hasSize(63);
  }

  @Test
  void adapterSize_unknownSize_isRefused() {
    assertThat(TuningJobs.adapterSize("16")).isEqualTo("ADAPTER_SIZE_SIXTEEN");
    assertThatThrownBy(() -> TuningJobs.adapterSize("3"))
        .hasMessage("adapter_size must be 1, 2, 4, 8, 16 or 32");
  }

  private static JsonNode json(String text) throws IOException {
    return GeminiTuningData.JSON.readTree(text);
  }
}
