package dev.gantry.finetune.trainer.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.Trainer;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerHttp;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised tuning of Gemini on Vertex AI (providers.md §3.8), in the project and location of a
 * Vertex provider and with its credentials.
 *
 * <p>{@link #submit}: each data file is converted to Gemini's tuning format
 * ({@link GeminiTuningData}) on a worker thread, streamed to Cloud Storage with the JSON API's
 * simple upload ({@code POST {storage_endpoint}/upload/storage/v1/b/{bucket}/o?uploadType=media
 * &name={prefix}/{jobId}/train.jsonl}), then {@code POST {locationUrl}/tuningJobs} starts the
 * job, labelled {@code gantry-job: <job id, lower-case>} and described with the exact id. A
 * second submit of the same job id (a driver that died before storing the handle) finds that job
 * by its label ({@code tuningJobs?filter=labels.gantry-job=...}) and returns it instead of
 * starting another. {@link #poll}: {@code GET /v1/{name}}, every state mapped by
 * {@link TuningJobs}. {@link #cancel}: {@code POST /v1/{name}:cancel}; a job that already ended
 * counts as cancelled. {@link #serve}: the tuned model's endpoint, as a deployment of the same
 * provider with the options {@code endpoint: <endpoint id>} and {@code api: gemini}, which the
 * Vertex adapter calls at {@code .../endpoints/{id}:generateContent}.
 *
 * <p>Target options: {@code gcs_uri} (required, {@code gs://bucket/prefix}),
 * {@code storage_endpoint} (default {@code https://storage.googleapis.com}), {@code adapter_size}
 * (1, 2, 4, 8, 16 or 32; default Vertex's). OpenAI's {@code batch_size} and {@code seed} have
 * no Vertex equivalent and are not sent. Conversion runs on the {@value #POOL} worker pool.
 */
public final class VertexTrainer implements Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(VertexTrainer.class);
  private static final String DEFAULT_STORAGE = "https://storage.googleapis.com";
  private static final Pattern HANDLE =
      Pattern.compile("projects/[^/?#:]+/locations/[^/?#:]+/tuningJobs/[^/?#:]+");
  private static final String JSONL = "application/jsonl";
  /** The worker pool (shared by name) on which training data is converted. */
  public static final String POOL = "gantry-finetune-data";
  private static final int POOL_SIZE = 2;
  /** The most list pages read when looking for an earlier submission. */
  private static final int MAX_PAGES = 20;

  private final Vertx vertx;
  private final ProviderSettings.Vertex provider;
  private final TrainerHttp http;
  private final String bucket;
  private final String prefix;
  private final String storageEndpoint;
  private final String adapterSize;
  private final boolean ownsCredentials;
  private final VertexCredentials credentials;
  /** Where data files are converted (blocking file I/O). */
  private final WorkerExecutor workers;

  /**
   * @param provider the Vertex provider named by the target (project, location, endpoint)
   * @param target a {@code vertex} fine-tuning target
   * @param credentials the provider's credentials (shared with its adapter; not closed here)
   * @throws IllegalArgumentException when {@code gcs_uri} or {@code adapter_size} is invalid
   */
  public VertexTrainer(Vertx vertx, ProviderSettings.Vertex provider, FineTuningTarget target,
      VertexCredentials credentials) {
    this(vertx, provider, target, credentials, false);
  }

  /**
   * With credentials created from the provider's settings, closed with this trainer.
   *
   * @param env where {@code env:} secrets are read
   * @throws IllegalStateException when the configured credentials cannot be read
   */
  public VertexTrainer(Vertx vertx, ProviderSettings.Vertex provider, FineTuningTarget target,
      Map<String, String> env) {
    this(vertx, provider, target, VertexCredentials.create(vertx, provider, env), true);
  }

  private VertexTrainer(Vertx vertx, ProviderSettings.Vertex provider, FineTuningTarget target,
      VertexCredentials credentials, boolean ownsCredentials) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.ownsCredentials = ownsCredentials;
    String gcs = target.option("gcs_uri", "");
    if (!gcs.startsWith("gs://") || gcs.length() == 5) {
      throw new IllegalArgumentException("fine_tuning.gcs_uri must be gs://bucket/prefix");
    }
    String path = gcs.substring(5);
    int slash = path.indexOf('/');
    this.bucket = slash < 0 ? path : path.substring(0, slash);
    this.prefix = slash < 0 ? "" : path.substring(slash + 1).replaceAll("^/+|/+$", "");
    this.storageEndpoint = target.option("storage_endpoint", DEFAULT_STORAGE)
        .replaceAll("/+$", "");
    String size = target.options().get("adapter_size");
    this.adapterSize = size == null ? null : TuningJobs.adapterSize(size);
    this.http = new TrainerHttp(vertx, new GoogleApi(credentials),
        Math.max(2, provider.maxConnections()), provider.timeout());
    this.workers = vertx.createSharedWorkerExecutor(POOL, POOL_SIZE);
  }

  @Override
  public Future<String> submit(TrainingSpec spec) {
    return findExisting(spec.jobId(), null, 0)
        .compose(existing -> existing != null ? Future.succeededFuture(existing) : create(spec));
  }

  @Override
  public Future<TrainerStatus> poll(String handle) {
    return job(handle).map(TuningJobs::status);
  }

  @Override
  public Future<Void> cancel(String handle) {
    if (!HANDLE.matcher(handle).matches()) {
      return Future.failedFuture(badHandle());
    }
    return http.exchange("Cancelling the Vertex AI tuning job", HttpMethod.POST,
            apiUrl(handle) + ":cancel", GeminiTuningData.JSON.createObjectNode())
        .compose(r -> r.ok() ? Future.<Void>succeededFuture() : endedOrFail(handle, r));
  }

  @Override
  public Future<ServedModel> serve(String handle, TrainerStatus succeeded,
      String fineTunedModel) {
    return job(handle).map(this::deployment);
  }

  @Override
  public Future<Void> close() {
    return Future.join(http.close(), workers.close(),
        ownsCredentials ? credentials.close() : Future.succeededFuture()).mapEmpty();
  }

  /** The tuned model's endpoint as a deployment, or null while Vertex has not named it yet. */
  private ServedModel deployment(JsonNode job) {
    JsonNode tuned = job.path("tunedModel");
    String endpoint = TuningJobs.text(tuned, "endpoint");
    if (endpoint == null) {
      return null;
    }
    String model = TuningJobs.text(tuned, "model");
    return new ServedModel(provider.name(), model != null ? model
        : job.path("baseModel").asText(""), Map.of("endpoint",
        endpoint.substring(endpoint.lastIndexOf('/') + 1), "api", "gemini"));
  }

  /** A cancel Vertex refused is fine when the job had already ended. */
  private Future<Void> endedOrFail(String handle, TrainerHttp.Response refused) {
    if (refused.status() != 400 && refused.status() != 409) {
      return Future.failedFuture(http.error("Cancelling the Vertex AI tuning job", refused));
    }
    return poll(handle).compose(status -> status.status().terminal() ? Future.succeededFuture()
        : Future.failedFuture(http.error("Cancelling the Vertex AI tuning job", refused)));
  }

  private Future<JsonNode> job(String handle) {
    if (!HANDLE.matcher(handle).matches()) {
      return Future.failedFuture(badHandle());
    }
    return http.json("Reading the Vertex AI tuning job", HttpMethod.GET, apiUrl(handle), null);
  }

  /** The tuning job an earlier submit of this job id started, or null. */
  private Future<String> findExisting(String jobId, String pageToken, int page) {
    String filter = "labels." + TuningJobs.LABEL + "=\"" + TuningJobs.label(jobId) + "\"";
    String url = provider.locationUrl() + "/tuningJobs?filter=" + encode(filter)
        + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
    return http.json("Listing Vertex AI tuning jobs", HttpMethod.GET, url, null)
        .compose(list -> {
          String found = TuningJobs.submittedAs(list, jobId);
          String next = TuningJobs.text(list, "nextPageToken");
          return found != null || next == null || page + 1 >= MAX_PAGES
              ? Future.succeededFuture(found) : findExisting(jobId, next, page + 1);
        });
  }

  private Future<String> create(TrainingSpec spec) {
    Future<String> validation = spec.validationFile() == null ? Future.succeededFuture(null)
        : upload(spec.jobId(), "validation.jsonl", spec.validationFile());
    return upload(spec.jobId(), "train.jsonl", spec.trainingFile())
        .compose(training -> validation.compose(valid -> startJob(spec, training, valid)));
  }

  private Future<String> startJob(TrainingSpec spec, String trainingUri, String validationUri) {
    ObjectNode body = TuningJobs.createRequest(spec, trainingUri, validationUri, adapterSize);
    return http.json("Creating the Vertex AI tuning job", HttpMethod.POST,
            provider.locationUrl() + "/tuningJobs", body)
        .map(job -> {
          String name = job.path("name").asText("");
          if (!HANDLE.matcher(name).matches()) {
            throw new TrainerException("Vertex AI created a tuning job without a name.", false);
          }
          LOG.info("vertex tuning job created job={} name={} provider={}", spec.jobId(), name,
              provider.name());
          return name;
        });
  }

  /** Converts on a worker thread, streams the result to GCS, and returns its gs:// URI. */
  private Future<String> upload(String jobId, String fileName, Path source) {
    String object = (prefix.isEmpty() ? "" : prefix + "/") + jobId + "/" + fileName;
    String url = storageEndpoint + "/upload/storage/v1/b/" + encode(bucket)
        + "/o?uploadType=media&name=" + encode(object);
    String what = fileName.startsWith("validation") ? "validation" : "training";
    return workers.executeBlocking(() -> convert(source, what), false)
        .recover(e -> Future.failedFuture(e instanceof TrainerException ? e
            : new TrainerException("Reading the " + what + " data failed: "
                + e.getClass().getSimpleName(), true, e)))
        .compose(converted -> http.upload("Uploading " + fileName + " to Cloud Storage",
                HttpMethod.POST, url, converted, JSONL).map(GoogleApi::json)
            .eventually(() -> vertx.fileSystem().delete(converted.toString())))
        .map(stored -> "gs://" + bucket + "/" + object);
  }

  /** Blocking: the Gemini version of a data file, in a temporary file. */
  private static Path convert(Path source, String what) throws IOException {
    Path converted = Files.createTempFile("gantry-vertex-", ".jsonl");
    try {
      GeminiTuningData.convert(source, converted);
      return converted;
    } catch (IllegalArgumentException e) {
      Files.deleteIfExists(converted);
      throw new TrainerException("The " + what + " data cannot be converted for Vertex AI: "
          + e.getMessage(), false, e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(converted);
      throw e;
    }
  }

  private String apiUrl(String name) {
    return provider.baseUrl().replaceAll("/+$", "") + "/v1/" + name;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static TrainerException badHandle() {
    return new TrainerException("Not a Vertex AI tuning job name.", false);
  }
}
