package dev.gantry.finetune.trainer.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import dev.gantry.store.finetune.JobStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Vertex AI {@code TuningJob} bodies, both ways (providers.md §3.8): the create request, and a
 * job read back as a {@link TrainerStatus}. Pure.
 *
 * <p>Every {@code JobState} is mapped: QUEUED, PENDING → queued; RUNNING, UPDATING, PAUSED →
 * running (a paused job is neither done nor waiting for capacity); SUCCEEDED,
 * PARTIALLY_SUCCEEDED → succeeded; FAILED, EXPIRED → failed (with the job's error, or "the job
 * expired"); CANCELLING, CANCELLED → cancelled. An unknown or unspecified state is running once
 * the job has a {@code startTime}, else queued, so a new enum value never ends a job.
 */
final class TuningJobs {

  /** The label naming Gantry's job id on the tuning job. */
  static final String LABEL = "gantry-job";

  private static final Map<Integer, String> ADAPTER_SIZES = Map.of(1, "ADAPTER_SIZE_ONE",
      2, "ADAPTER_SIZE_TWO", 4, "ADAPTER_SIZE_FOUR", 8, "ADAPTER_SIZE_EIGHT",
      16, "ADAPTER_SIZE_SIXTEEN", 32, "ADAPTER_SIZE_THIRTY_TWO");

  private TuningJobs() {}

  /**
   * {@code POST .../tuningJobs} body. int64 fields are strings (proto3 JSON).
   *
   * @param validationUri or null
   * @param adapterSize an {@code ADAPTER_SIZE_*} name ({@link #adapterSize(String)}), or null for
   *     Vertex's default
   */
  static ObjectNode createRequest(TrainingSpec spec, String trainingUri, String validationUri,
      String adapterSize) {
    ObjectNode body = GeminiTuningData.JSON.createObjectNode();
    body.put("baseModel", spec.baseModel());
    ObjectNode tuning = body.putObject("supervisedTuningSpec");
    tuning.put("trainingDatasetUri", trainingUri);
    if (validationUri != null) {
      tuning.put("validationDatasetUri", validationUri);
    }
    ObjectNode hyper = GeminiTuningData.JSON.createObjectNode();
    TrainingSpec.Hyperparameters h = spec.hyperparameters();
    if (h.epochs() != null) {
      hyper.put("epochCount", Long.toString(h.epochs()));
    }
    if (h.learningRateMultiplier() != null) {
      hyper.put("learningRateMultiplier", h.learningRateMultiplier());
    }
    if (adapterSize != null) {
      hyper.put("adapterSize", adapterSize);
    }
    if (!hyper.isEmpty()) {
      tuning.set("hyperParameters", hyper);
    }
    body.put("tunedModelDisplayName", spec.suffix() != null ? spec.suffix() : spec.jobId());
    body.put("description", description(spec.jobId()));
    body.putObject("labels").put(LABEL, label(spec.jobId()));
    return body;
  }

  /** The description that names the exact job id (labels are lower-case). */
  static String description(String jobId) {
    return "Gantry fine-tuning job " + jobId;
  }

  /**
   * The job id as a label value: lower-case letters, digits, {@code -} and {@code _}, at most 63
   * characters. Ids differing only in case share a label; {@link #description} tells them apart.
   */
  static String label(String jobId) {
    StringBuilder label = new StringBuilder();
    for (char c : jobId.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean safe = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      label.append(safe ? c : '_');
    }
    return label.length() > 63 ? label.substring(0, 63) : label.toString();
  }

  /**
   * The {@code ADAPTER_SIZE_*} name of the option {@code adapter_size}.
   *
   * @throws IllegalArgumentException for a size Vertex does not have
   */
  static String adapterSize(String size) {
    String name;
    try {
      name = ADAPTER_SIZES.get(Integer.parseInt(size.trim()));
    } catch (NumberFormatException e) {
      name = null;
    }
    if (name == null) {
      throw new IllegalArgumentException("adapter_size must be 1, 2, 4, 8, 16 or 32");
    }
    return name;
  }

  /**
   * The name of the job in a {@code tuningJobs} list page that Gantry started for this job id
   * (its label and its exact description), or null.
   */
  static String submittedAs(JsonNode page, String jobId) {
    for (JsonNode job : page.path("tuningJobs")) {
      if (label(jobId).equals(job.path("labels").path(LABEL).asText())
          && description(jobId).equals(job.path("description").asText())) {
        return text(job, "name");
      }
    }
    return null;
  }

  /** A {@code TuningJob} as Gantry's status. */
  static TrainerStatus status(JsonNode job) {
    String state = job.path("state").asText("JOB_STATE_UNSPECIFIED");
    JobStatus status = status(state, job.hasNonNull("startTime"));
    String error = null;
    if (status == JobStatus.FAILED) {
      error = job.path("error").path("message").asText("");
      if (error.isEmpty()) {
        error = "JOB_STATE_EXPIRED".equals(state) ? "The Vertex AI tuning job expired."
            : "The Vertex AI tuning job failed.";
      }
    }
    JsonNode tuned = job.path("tunedModel");
    String result = null;
    if (status == JobStatus.SUCCEEDED) {
      result = text(tuned, "endpoint");
      result = result != null ? result : text(tuned, "model");
    }
    return new TrainerStatus(status, state, error, trainedTokens(job), checkpoints(tuned),
        result);
  }

  static JobStatus status(String state, boolean started) {
    switch (state) {
      case "JOB_STATE_QUEUED":
      case "JOB_STATE_PENDING":
        return JobStatus.QUEUED;
      case "JOB_STATE_RUNNING":
      case "JOB_STATE_UPDATING":
      case "JOB_STATE_PAUSED":
        return JobStatus.RUNNING;
      case "JOB_STATE_SUCCEEDED":
      case "JOB_STATE_PARTIALLY_SUCCEEDED":
        return JobStatus.SUCCEEDED;
      case "JOB_STATE_FAILED":
      case "JOB_STATE_EXPIRED":
        return JobStatus.FAILED;
      case "JOB_STATE_CANCELLING":
      case "JOB_STATE_CANCELLED":
        return JobStatus.CANCELLED;
      default:
        return started ? JobStatus.RUNNING : JobStatus.QUEUED;
    }
  }

  /** {@code tuningDataStats.supervisedTuningDataStats.totalBillableTokenCount}, when given. */
  private static Long trainedTokens(JsonNode job) {
    JsonNode count = job.path("tuningDataStats").path("supervisedTuningDataStats")
        .path("totalBillableTokenCount");
    return int64(count);
  }

  /** Each checkpoint as a metric at its step, named by its endpoint (else its id). */
  private static List<TrainerStatus.Metric> checkpoints(JsonNode tuned) {
    List<TrainerStatus.Metric> metrics = new ArrayList<>();
    for (JsonNode checkpoint : tuned.path("checkpoints")) {
      Long step = int64(checkpoint.get("step"));
      String name = text(checkpoint, "endpoint");
      if (name == null) {
        String id = text(checkpoint, "checkpointId");
        String model = text(tuned, "model");
        name = id == null || model == null ? id : model + "@checkpoint-" + id;
      }
      metrics.add(new TrainerStatus.Metric(step == null ? 0 : step, null, null, name));
    }
    metrics.sort((a, b) -> Long.compare(a.step(), b.step()));
    return metrics;
  }

  /** An int64 as proto3 JSON writes it (a string) or as a number; null when absent or bad. */
  static Long int64(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return value.longValue();
    }
    try {
      return new BigDecimal(value.asText()).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  static String text(JsonNode parent, String field) {
    JsonNode v = parent.get(field);
    return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
  }
}
