package dev.gantry.finetune.trainer.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.store.finetune.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GetModelCustomizationJob answers (ISO-8601 timestamps, as the service model says) mapped. */
class JobStatusesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void of_eachStatus_mapsAsProvidersMdSays() throws Exception {
    assertEquals(JobStatus.RUNNING, of("{\"status\":\"InProgress\"}").status());
    assertEquals(JobStatus.QUEUED, of("{\"status\":\"InProgress\",\"statusDetails\":{"
        + "\"validationDetails\":{\"status\":\"NotStarted\"}}}").status());
    assertEquals(JobStatus.VALIDATING_FILES, of("{\"status\":\"InProgress\",\"statusDetails\":{"
        + "\"validationDetails\":{\"status\":\"InProgress\","
        + "\"creationTime\":\"2026-11-21T14:00:00.123456Z\"}}}").status());
    assertEquals(JobStatus.SUCCEEDED, of("{\"status\":\"Completed\"}").status());
    assertEquals(JobStatus.FAILED, of("{\"status\":\"Failed\"}").status());
    assertEquals(JobStatus.CANCELLED, of("{\"status\":\"Stopping\"}").status());
    assertEquals(JobStatus.CANCELLED, of("{\"status\":\"Stopped\"}").status());
    assertEquals(JobStatus.RUNNING, of("{\"status\":\"Paused\"}").status(), "unknown: running");
  }

  @Test
  void of_completed_resultModelAndFinalLosses() throws Exception {
    TrainerStatus status = of("{\"status\":\"Completed\",\"creationTime\":"
        + "\"2026-11-21T14:00:00Z\",\"endTime\":\"2026-11-21T16:01:02.5+00:00\","
        + "\"outputModelArn\":\"arn:aws:bedrock:us-east-1:1:custom-model/m/abc\","
        + "\"trainingMetrics\":{\"trainingLoss\":0.125},"
        + "\"validationMetrics\":[{\"validationLoss\":0.5}]}");

    assertEquals("arn:aws:bedrock:us-east-1:1:custom-model/m/abc", status.resultModel());
    assertEquals(List.of(new TrainerStatus.Metric(0, 0.125, 0.5, null)), status.metrics());
    assertNull(status.error());
  }

  @Test
  void of_failed_sanitizedMessage() throws Exception {
    TrainerStatus status = of("{\"status\":\"Failed\",\"failureMessage\":\"Value 'x' at "
        + "'hyperParameters.epochCount' failed to satisfy constraint:  must be <= 5.\"}");

    assertEquals("Value at 'hyperParameters.epochCount' failed to satisfy constraint: must be "
        + "<= 5", status.error());
    assertEquals("Bedrock reported the job failed without a message.",
        of("{\"status\":\"Failed\"}").error());
  }

  private static TrainerStatus of(String json) throws Exception {
    return JobStatuses.of(MAPPER.readTree(json));
  }
}
