package dev.gantry.finetune.trainer.selfhosted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.Trainer;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerHttp;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training on a team's own GPUs through the trainer service contract of {@code finetune/README.md}
 * ("Self-hosted trainer contract"), serving the LoRA adapter it produces from a vLLM server.
 *
 * <p>{@link #submit}: when the trainer already knows the job id ({@code GET /v1/jobs/{id}}), that
 * job is the answer; else the data files are streamed as they are (OpenAI chat JSONL) with
 * {@code PUT /v1/files/{jobId}-train.jsonl} (and {@code -validation.jsonl}), then
 * {@code POST /v1/jobs} starts the job under Gantry's job id, which the trainer treats as an
 * idempotency key. {@link #poll}: {@code GET /v1/jobs/{id}}. {@link #cancel}:
 * {@code POST /v1/jobs/{id}/cancel}. {@link #serve}: the job's {@code lora} artifact is loaded
 * into the vLLM provider with {@code POST {base}/load_lora_adapter {lora_name, lora_path}} (vLLM
 * started with {@code VLLM_ALLOW_RUNTIME_LORA_UPDATING=True}); vLLM's "has already been loaded"
 * answer counts as loaded. The deployment is that provider with the adapter's name as model.
 *
 * <p>Every call to the trainer carries {@code Authorization: Bearer <api_key>} when the target
 * has one; calls to vLLM carry the provider's own key, auth header and extra headers.
 */
public final class SelfHostedTrainer implements Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(SelfHostedTrainer.class);
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final String JSONL = "application/jsonl";
  /** Connections to the trainer, and to vLLM. */
  private static final int CONNECTIONS = 4;

  private final ProviderSettings.OpenAi vllm;
  private final String trainerUrl;
  private final String vllmUrl;
  private final TrainerHttp trainer;
  private final TrainerHttp server;

  /**
   * @param target a {@code trainer} fine-tuning target: option {@code trainer_url} (required),
   *     {@code apiKey} sent to the trainer as a bearer token
   * @param vllm the OpenAI-compatible vLLM provider the target names, which serves the adapters
   * @param env where {@code env:} secrets are read
   * @throws IllegalArgumentException without {@code trainer_url}
   * @throws IllegalStateException when a key cannot be read (naming where, never the value)
   */
  public SelfHostedTrainer(Vertx vertx, FineTuningTarget target, ProviderSettings.OpenAi vllm,
      Map<String, String> env) {
    Objects.requireNonNull(vertx, "vertx");
    this.vllm = Objects.requireNonNull(vllm, "vllm");
    String url = target.option("trainer_url", "");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("fine_tuning.trainer_url must be an http(s) URL");
    }
    this.trainerUrl = url.replaceAll("/+$", "");
    this.vllmUrl = vllm.baseUrl().replaceAll("/+$", "");
    MultiMap trainerHeaders = MultiMap.caseInsensitiveMultiMap();
    if (target.apiKey() != null) {
      trainerHeaders.add(HttpHeaders.AUTHORIZATION, "Bearer " + secret(target.apiKey(), env,
          "fine_tuning.api_key"));
    }
    this.trainer = new TrainerHttp(vertx, new BearerApi(trainerHeaders), CONNECTIONS,
        Duration.ofMinutes(10));
    MultiMap vllmHeaders = MultiMap.caseInsensitiveMultiMap();
    vllm.headers().forEach(vllmHeaders::add);
    if (vllm.apiKey() != null) {
      String key = secret(vllm.apiKey(), env, "providers." + vllm.name() + ".api_key");
      vllmHeaders.set(vllm.authHeader(), "authorization".equalsIgnoreCase(vllm.authHeader())
          ? "Bearer " + key : key);
    }
    this.server = new TrainerHttp(vertx, new BearerApi(vllmHeaders), CONNECTIONS,
        vllm.timeout());
  }

  @Override
  public Future<String> submit(TrainingSpec spec) {
    if (!JOB_ID.matcher(spec.jobId()).matches()) {
      return Future.failedFuture(new TrainerException("A job id must be 1 to 128 letters, "
          + "digits, '.', '_' or '-'.", false));
    }
    return trainer.exchange("Reading the trainer's job", HttpMethod.GET, jobUrl(spec.jobId()),
            null)
        .compose(r -> {
          if (r.ok()) {
            return Future.succeededFuture(spec.jobId());
          }
          return r.status() == 404 ? start(spec)
              : Future.failedFuture(trainer.error("Reading the trainer's job", r));
        });
  }

  @Override
  public Future<TrainerStatus> poll(String handle) {
    return job(handle).map(SelfHostedTrainer::status);
  }

  @Override
  public Future<Void> cancel(String handle) {
    if (!JOB_ID.matcher(handle).matches()) {
      return Future.failedFuture(badHandle());
    }
    return trainer.json("Cancelling the trainer's job", HttpMethod.POST,
        jobUrl(handle) + "/cancel", null).mapEmpty();
  }

  @Override
  public Future<ServedModel> serve(String handle, TrainerStatus succeeded,
      String fineTunedModel) {
    return job(handle).compose(job -> load(job, fineTunedModel));
  }

  @Override
  public Future<Void> close() {
    return Future.join(trainer.close(), server.close()).mapEmpty();
  }

  private Future<String> start(TrainingSpec spec) {
    String training = spec.jobId() + "-train.jsonl";
    String validation = spec.validationFile() == null ? null
        : spec.jobId() + "-validation.jsonl";
    Future<Void> uploads = upload(training, spec.trainingFile());
    if (validation != null) {
      uploads = uploads.compose(v -> upload(validation, spec.validationFile()));
    }
    return uploads
        .compose(v -> trainer.json("Starting the trainer's job", HttpMethod.POST,
            trainerUrl + "/v1/jobs", jobRequest(spec, training, validation)))
        .map(job -> {
          LOG.info("trainer job started job={} trainer={}", spec.jobId(), trainerUrl);
          return spec.jobId();
        });
  }

  private Future<Void> upload(String name, Path file) {
    return trainer.upload("Uploading " + name + " to the trainer", HttpMethod.PUT,
        trainerUrl + "/v1/files/" + encode(name), file, JSONL).mapEmpty();
  }

  /** The {@code POST /v1/jobs} body; only the hyperparameters asked for are sent. */
  static ObjectNode jobRequest(TrainingSpec spec, String training, String validation) {
    ObjectNode body = BearerApi.JSON.createObjectNode();
    body.put("id", spec.jobId());
    body.put("base_model", spec.baseModel());
    body.put("training_file", training);
    if (validation != null) {
      body.put("validation_file", validation);
    }
    if (spec.suffix() != null) {
      body.put("suffix", spec.suffix());
    }
    if (spec.seed() != null) {
      body.put("seed", spec.seed());
    }
    ObjectNode hyper = body.putObject("hyperparameters");
    TrainingSpec.Hyperparameters h = spec.hyperparameters();
    if (h.epochs() != null) {
      hyper.put("n_epochs", h.epochs());
    }
    if (h.batchSize() != null) {
      hyper.put("batch_size", h.batchSize());
    }
    if (h.learningRateMultiplier() != null) {
      hyper.put("learning_rate_multiplier", h.learningRateMultiplier());
    }
    return body;
  }

  /** A trainer job as Gantry's status; an unknown status word is reported as running. */
  static TrainerStatus status(JsonNode job) {
    String word = job.path("status").asText("");
    JobStatus status;
    switch (word) {
      case "queued":
        status = JobStatus.QUEUED;
        break;
      case "succeeded":
        status = JobStatus.SUCCEEDED;
        break;
      case "failed":
        status = JobStatus.FAILED;
        break;
      case "cancelled":
        status = JobStatus.CANCELLED;
        break;
      default:
        status = JobStatus.RUNNING;
    }
    String error = null;
    if (status == JobStatus.FAILED) {
      JsonNode e = job.path("error");
      error = e.isTextual() ? e.textValue() : e.path("message").asText("");
      error = error.isEmpty() ? "The trainer reported the job failed." : error;
    }
    JsonNode tokens = job.get("trained_tokens");
    Long trained = tokens != null && tokens.canConvertToLong() ? tokens.longValue() : null;
    String artifact = status == JobStatus.SUCCEEDED ? text(job.path("artifact"), "path") : null;
    return new TrainerStatus(status, word, error, trained, metrics(job.path("metrics")), artifact);
  }

  private static List<TrainerStatus.Metric> metrics(JsonNode metrics) {
    List<TrainerStatus.Metric> out = new ArrayList<>();
    for (JsonNode m : metrics) {
      out.add(new TrainerStatus.Metric(m.path("step").asLong(0), number(m.get("train_loss")),
          number(m.get("valid_loss")), text(m, "checkpoint")));
    }
    out.sort((a, b) -> Long.compare(a.step(), b.step()));
    return out;
  }

  /** Loads the job's LoRA adapter into vLLM under the fine-tuned model's name. */
  private Future<ServedModel> load(JsonNode job, String fineTunedModel) {
    JsonNode artifact = job.path("artifact");
    String path = text(artifact, "path");
    if (!"succeeded".equals(job.path("status").asText()) || path == null) {
      return Future.failedFuture(new TrainerException("The trainer's job has no artifact to "
          + "serve.", false));
    }
    if (!"lora".equals(artifact.path("type").asText())) {
      return Future.failedFuture(new TrainerException("The trainer produced a full model; only "
          + "LoRA adapters can be loaded into vLLM.", false));
    }
    ObjectNode body = BearerApi.JSON.createObjectNode();
    body.put("lora_name", fineTunedModel);
    body.put("lora_path", path);
    String what = "Loading the LoRA adapter into " + vllm.name();
    return server.exchange(what, HttpMethod.POST, vllmUrl + "/load_lora_adapter", body)
        .compose(r -> {
          if (r.ok() || (r.status() == 400
              && BearerApi.errorMessage(r).contains("already been loaded"))) {
            LOG.info("lora adapter loaded model={} provider={}", fineTunedModel, vllm.name());
            return Future.succeededFuture(new ServedModel(vllm.name(), fineTunedModel, Map.of()));
          }
          if (r.status() == 404) {
            return Future.failedFuture(new TrainerException(what + " failed: HTTP 404 (start "
                + "vLLM with VLLM_ALLOW_RUNTIME_LORA_UPDATING=True and --enable-lora).", false));
          }
          return Future.failedFuture(server.error(what, r));
        });
  }

  private Future<JsonNode> job(String handle) {
    if (!JOB_ID.matcher(handle).matches()) {
      return Future.failedFuture(badHandle());
    }
    return trainer.json("Reading the trainer's job", HttpMethod.GET, jobUrl(handle), null);
  }

  private String jobUrl(String id) {
    return trainerUrl + "/v1/jobs/" + encode(id);
  }

  private static Double number(JsonNode value) {
    return value != null && value.isNumber() ? value.doubleValue() : null;
  }

  private static String text(JsonNode parent, String field) {
    JsonNode v = parent.get(field);
    return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String secret(SecretRef ref, Map<String, String> env, String where) {
    try {
      return ref.resolve(env);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    }
  }

  private static TrainerException badHandle() {
    return new TrainerException("Not a trainer job id.", false);
  }
}
