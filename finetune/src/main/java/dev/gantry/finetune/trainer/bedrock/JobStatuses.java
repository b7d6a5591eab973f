package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.bedrock.BedrockErrors;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.store.finetune.JobStatus;
import java.util.List;

/**
 * A {@code GetModelCustomizationJob} answer as a {@link TrainerStatus} (providers.md §2):
 *
 * <table>
 *   <caption>Bedrock status → OpenAI status</caption>
 *   <tr><td>InProgress, {@code statusDetails.validationDetails} InProgress</td>
 *       <td>validating_files</td></tr>
 *   <tr><td>InProgress, no stage started yet (all NotStarted)</td><td>queued</td></tr>
 *   <tr><td>InProgress otherwise (data processing, training), or a status this code does not
 *       know</td><td>running</td></tr>
 *   <tr><td>Completed</td><td>succeeded, with {@code outputModelArn}</td></tr>
 *   <tr><td>Failed</td><td>failed, with {@code failureMessage}</td></tr>
 *   <tr><td>Stopping, Stopped</td><td>cancelled</td></tr>
 * </table>
 *
 * <p>The detail is {@code <status>[/<stage>]}, the stage being the latest of validation,
 * dataProcessing and training that has started. Bedrock reports only final losses
 * ({@code trainingMetrics.trainingLoss}, {@code validationMetrics[].validationLoss}) and no steps,
 * so there is at most one metric, at step 0. Timestamps (ISO-8601 strings) are not needed here.
 */
final class JobStatuses {

  private static final List<String> STAGES = List.of("training", "dataProcessing", "validation");

  private JobStatuses() {}

  static TrainerStatus of(JsonNode job) {
    String status = job.path("status").asText("");
    JsonNode details = job.path("statusDetails");
    String stage = currentStage(details);
    String detail = stage == null ? status : status + "/" + stage;
    List<TrainerStatus.Metric> metrics = metrics(job);
    switch (status) {
      case "Completed":
        return new TrainerStatus(JobStatus.SUCCEEDED, detail, null, null, metrics,
            text(job, "outputModelArn"));
      case "Failed":
        String message = BedrockErrors.sanitize(text(job, "failureMessage"));
        return new TrainerStatus(JobStatus.FAILED, detail,
            message == null ? "Bedrock reported the job failed without a message." : message,
            null, metrics, null);
      case "Stopping":
      case "Stopped":
        return new TrainerStatus(JobStatus.CANCELLED, detail, null, null, metrics, null);
      case "InProgress":
        return new TrainerStatus(inProgress(details), detail, null, null, metrics, null);
      default:
        return new TrainerStatus(JobStatus.RUNNING, detail, null, null, metrics, null);
    }
  }

  private static JobStatus inProgress(JsonNode details) {
    if ("InProgress".equals(stageStatus(details, "validation"))) {
      return JobStatus.VALIDATING_FILES;
    }
    return currentStage(details) == null && details.isObject() && !details.isEmpty()
        ? JobStatus.QUEUED : JobStatus.RUNNING;
  }

  /** The latest stage that has started, or null. */
  private static String currentStage(JsonNode details) {
    for (String stage : STAGES) {
      String status = stageStatus(details, stage);
      if (status != null && !status.equals("NotStarted")) {
        return stage;
      }
    }
    return null;
  }

  private static String stageStatus(JsonNode details, String stage) {
    JsonNode status = details.path(stage + "Details").path("status");
    return status.isTextual() ? status.textValue() : null;
  }

  private static List<TrainerStatus.Metric> metrics(JsonNode job) {
    JsonNode train = job.path("trainingMetrics").path("trainingLoss");
    JsonNode valid = job.path("validationMetrics").path(0).path("validationLoss");
    if (!train.isNumber() && !valid.isNumber()) {
      return List.of();
    }
    return List.of(new TrainerStatus.Metric(0, train.isNumber() ? train.doubleValue() : null,
        valid.isNumber() ? valid.doubleValue() : null, null));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
  }
}
