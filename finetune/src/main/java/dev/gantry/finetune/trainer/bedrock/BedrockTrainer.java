package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.bedrock.BedrockErrors;
import dev.gantry.adapters.bedrock.auth.BedrockAuth;
import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.adapters.bedrock.auth.BedrockSigner;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.PathSegment;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.Trainer;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Runs fine-tuning jobs as Bedrock model customization jobs (providers.md §2), in the region and
 * with the credentials of a Bedrock provider, and the options of its {@link FineTuningTarget}:
 * {@code role_arn}, {@code s3_uri}, {@code s3_endpoint}, {@code control_endpoint},
 * {@code customization_type} ({@code FINE_TUNING} only), {@code data_format}, {@code serve} and
 * {@code model_units}.
 *
 * <ul>
 *   <li>{@link #submit}: finds a job already named after the job id (a driver calling again), else
 *       converts the training and validation files to the model's format on the
 *       {@value #POOL} worker pool, PUTs them to {@code <s3_uri>/<jobId>/train.jsonl} and
 *       {@code validation.jsonl} (SigV4, signing name {@code s3}), and calls
 *       CreateModelCustomizationJob with the job id as name and {@code clientRequestToken},
 *       output to {@code <s3_uri>/<jobId>/output/}. Answers the job ARN.</li>
 *   <li>{@link #poll}: GetModelCustomizationJob, mapped by {@link JobStatuses}.</li>
 *   <li>{@link #cancel}: StopModelCustomizationJob; a job that has already ended counts as
 *       stopped.</li>
 *   <li>{@link #serve}: an on-demand custom model deployment ({@code serve: deployment}), or
 *       provisioned throughput of {@code model_units} ({@code serve: provisioned}), named
 *       {@code gantry-<job ARN id>}: looked up first, created when absent, {@code null} until
 *       Active (InService), then the deployment's (provisioned model's) ARN.</li>
 * </ul>
 *
 * <p>Bedrock API keys are not accepted: S3 and the control plane take SigV4 only. Bedrock has no
 * seed hyperparameter, so a job's seed is not sent. The S3 bucket must be in the provider's region
 * (Bedrock reads it from there).
 */
public final class BedrockTrainer implements Trainer {

  /** The worker pool (shared by name) on which data is converted and hashed. */
  public static final String POOL = "gantry-bedrock-data";

  private static final Logger LOG = LoggerFactory.getLogger(BedrockTrainer.class);
  private static final int POOL_SIZE = 2;
  private static final String JOBS = "/model-customization-jobs";
  private static final String DEPLOYMENTS = "/model-customization/custom-model-deployments";
  private static final String PROVISIONED = "/provisioned-model-throughput";

  private final Vertx vertx;
  private final String providerName;
  private final TrainerOptions options;
  private final BedrockCredentials credentials;
  private final boolean ownsCredentials;
  private final WorkerExecutor worker;
  private final HttpTransport transport;
  private final HttpClient s3Client;
  private final ControlPlane controlPlane;
  private final S3Upload s3;

  /**
   * A trainer with the provider's own credentials (static keys, a profile, else AWS's default
   * chain; never {@code AWS_BEARER_TOKEN_BEDROCK}). Reads {@code file:} secrets: build it at
   * startup.
   *
   * @param env where {@code env:} secrets and the AWS shared files' variables are read
   * @param clock signs requests ({@code x-amz-date})
   * @throws IllegalArgumentException when the provider has an API key, or an option is invalid
   */
  public BedrockTrainer(Vertx vertx, ProviderSettings.Bedrock provider, FineTuningTarget target,
      Map<String, String> env, Clock clock) {
    this(vertx, provider, TrainerOptions.of(provider, target),
        sigV4Credentials(vertx, provider, env), true, clock);
  }

  /**
   * A trainer with given credentials (tests, or credentials shared with the provider's adapter);
   * {@link #close()} leaves them open.
   *
   * @throws IllegalArgumentException when an option is invalid
   */
  public BedrockTrainer(Vertx vertx, ProviderSettings.Bedrock provider, FineTuningTarget target,
      BedrockCredentials credentials, Clock clock) {
    this(vertx, provider, TrainerOptions.of(provider, target), credentials, false, clock);
  }

  private BedrockTrainer(Vertx vertx, ProviderSettings.Bedrock provider, TrainerOptions options,
      BedrockCredentials credentials, boolean ownsCredentials, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.providerName = provider.name();
    this.options = options;
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.ownsCredentials = ownsCredentials;
    Objects.requireNonNull(clock, "clock");
    this.worker = vertx.createSharedWorkerExecutor(POOL, POOL_SIZE);
    this.transport = new HttpTransport(vertx, options.controlEndpoint(), 4, provider.timeout());
    this.s3Client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(4));
    BedrockSigner signer = new BedrockSigner(credentials, provider.region(), clock);
    this.controlPlane = new ControlPlane(options.controlEndpoint(), credentials, signer, transport,
        provider.timeout());
    this.s3 = new S3Upload(vertx, s3Client, options, provider.region(), clock,
        provider.timeout());
  }

  @Override
  public Future<String> submit(TrainingSpec spec) {
    Map<String, String> hyperparameters;
    try {
      hyperparameters = BedrockHyperparameters.of(spec.baseModel(), spec.hyperparameters());
    } catch (TrainerException e) {
      return Future.failedFuture(e);
    }
    if (spec.seed() != null) {
      LOG.debug("bedrock fine-tuning takes no seed job={}", spec.jobId());
    }
    return existingJob(spec.jobId()).compose(arn -> arn != null ? Future.succeededFuture(arn)
        : uploadAndCreate(spec, hyperparameters));
  }

  @Override
  public Future<TrainerStatus> poll(String handle) {
    return controlPlane.call("GetModelCustomizationJob", HttpMethod.GET, jobPath(handle), null)
        .map(JobStatuses::of);
  }

  @Override
  public Future<Void> cancel(String handle) {
    return controlPlane.send("StopModelCustomizationJob", HttpMethod.POST,
            jobPath(handle) + "/stop", null)
        .compose(response -> response.ok() ? Future.<Void>succeededFuture()
            : stopRefused(handle, response));
  }

  @Override
  public Future<ServedModel> serve(String handle, TrainerStatus succeeded,
      String fineTunedModel) {
    if (succeeded.resultModel() == null) {
      return Future.failedFuture(new TrainerException("The Bedrock job reported no custom model "
          + "to serve.", false));
    }
    Serving serving = new Serving(ResourceNames.servingName(handle), succeeded.resultModel(),
        fineTunedModel);
    return options.provisioned() ? serveProvisioned(serving) : serveDeployment(serving);
  }

  @Override
  public Future<Void> close() {
    Future<Void> closed = Future.all(transport.close(), s3Client.close(), worker.close())
        .mapEmpty();
    return ownsCredentials ? closed.eventually(credentials::close) : closed;
  }

  // ---- submit

  /** The ARN of the job named after this job id, or null when there is none. */
  private Future<String> existingJob(String jobId) {
    return controlPlane.send("GetModelCustomizationJob", HttpMethod.GET,
            jobPath(ResourceNames.jobName(jobId)), null)
        .compose(response -> TrainerErrors.notFound(response) ? Future.succeededFuture(null)
            : ControlPlane.json("GetModelCustomizationJob", response).map(BedrockTrainer::jobArn));
  }

  private Future<String> uploadAndCreate(TrainingSpec spec, Map<String, String> hyperparameters) {
    DataFormat format = options.format(spec.baseModel());
    return sigV4().compose(identity -> uploadAll(spec, format, identity))
        .compose(uploads -> createJob(spec, hyperparameters, uploads));
  }

  private Future<Uploads> uploadAll(TrainingSpec spec, DataFormat format,
      AwsCredentialsIdentity identity) {
    Future<String> training = upload(spec.jobId(), "train.jsonl", spec.trainingFile(), format,
        identity, "training");
    if (spec.validationFile() == null) {
      return training.map(uri -> new Uploads(uri, null));
    }
    return training.compose(uri -> upload(spec.jobId(), "validation.jsonl",
        spec.validationFile(), format, identity, "validation")
        .map(validation -> new Uploads(uri, validation)));
  }

  /** Converts and signs on the worker, then streams the file to S3; answers its s3:// URI. */
  private Future<String> upload(String jobId, String name, Path file, DataFormat format,
      AwsCredentialsIdentity identity, String what) {
    String key = options.key(jobId, name);
    return worker.<S3Upload.SignedPut>executeBlocking(
            () -> prepare(key, file, format, identity, what), false)
        .compose(put -> s3.put(put).eventually(() -> delete(put.file())))
        .map(v -> options.s3Uri(jobId, name))
        .onSuccess(uri -> LOG.info("bedrock fine-tuning data uploaded job={} file={} uri={}",
            jobId, name, uri));
  }

  /** Blocking: the converted temporary file, signed for its PUT. */
  private S3Upload.SignedPut prepare(String key, Path file, DataFormat format,
      AwsCredentialsIdentity identity, String what) {
    TrainingData.Converted converted = TrainingData.convert(file, format, what);
    try {
      return s3.sign(key, converted.file(), converted.bytes(), identity);
    } catch (RuntimeException e) {
      TrainingData.deleteQuietly(converted.file());
      throw new TrainerException("The gateway could not sign the upload of the " + what
          + " data.", false, e);
    }
  }

  private Future<String> createJob(TrainingSpec spec, Map<String, String> hyperparameters,
      Uploads uploads) {
    String jobName = ResourceNames.jobName(spec.jobId());
    ControlPlaneWire.CreateJob body = new ControlPlaneWire.CreateJob(jobName,
        ResourceNames.customModelName(spec.jobId(), spec.suffix()), options.roleArn(),
        ResourceNames.token(spec.jobId()), spec.baseModel(), options.customizationType(),
        new ControlPlaneWire.S3Location(uploads.training()),
        uploads.validation() == null ? null : new ControlPlaneWire.ValidationData(
            List.of(new ControlPlaneWire.S3Location(uploads.validation()))),
        new ControlPlaneWire.S3Location(options.s3Uri(spec.jobId(), "output/")),
        hyperparameters.isEmpty() ? null : hyperparameters);
    return controlPlane.send("CreateModelCustomizationJob", HttpMethod.POST, JOBS, body)
        .compose(response -> created(spec.jobId(), response))
        .onSuccess(arn -> LOG.info("bedrock fine-tuning job created job={} arn={}",
            spec.jobId(), arn));
  }

  /** The new job's ARN; on a conflict (the name exists), the existing job's. */
  private Future<String> created(String jobId, UpstreamResponse response) {
    if (response.ok() || !TrainerErrors.alreadyExists(response)) {
      return ControlPlane.json("CreateModelCustomizationJob", response)
          .map(BedrockTrainer::jobArn);
    }
    return existingJob(jobId).compose(arn -> arn != null ? Future.succeededFuture(arn)
        : Future.failedFuture(TrainerErrors.controlPlane("CreateModelCustomizationJob",
            response)));
  }

  // ---- cancel

  /** Stopping a job that has ended is refused; that counts as stopped. */
  private Future<Void> stopRefused(String handle, UpstreamResponse response) {
    TrainerException refused = TrainerErrors.controlPlane("StopModelCustomizationJob", response);
    if (refused.retryable()) {
      return Future.failedFuture(refused);
    }
    return poll(handle).compose(status -> status.status().terminal()
        ? Future.<Void>succeededFuture() : Future.failedFuture(refused));
  }

  // ---- serve

  private Future<ServedModel> serveDeployment(Serving serving) {
    String path = DEPLOYMENTS + "/" + PathSegment.encode(serving.name());
    return controlPlane.send("GetCustomModelDeployment", HttpMethod.GET, path, null)
        .compose(response -> TrainerErrors.notFound(response) ? createDeployment(serving)
            : ControlPlane.json("GetCustomModelDeployment", response).map(this::deployment));
  }

  private Future<ServedModel> createDeployment(Serving serving) {
    ControlPlaneWire.CreateDeployment body = new ControlPlaneWire.CreateDeployment(
        serving.name(), serving.modelArn(), "Gantry fine-tuned model " + serving.model(),
        ResourceNames.token(serving.name()));
    return controlPlane.send("CreateCustomModelDeployment", HttpMethod.POST, DEPLOYMENTS, body)
        .compose(response -> !response.ok() && TrainerErrors.alreadyExists(response)
            ? serveDeployment(serving)
            : created("CreateCustomModelDeployment", serving, response,
                "customModelDeploymentArn"));
  }

  /** Created (still Creating): null; else the answer's error. */
  private Future<ServedModel> created(String operation, Serving serving,
      UpstreamResponse response, String arnField) {
    return ControlPlane.json(operation, response)
        .onSuccess(created -> LOG.info("bedrock serving created operation={} name={} arn={}",
            operation, serving.name(), created.path(arnField).asText()))
        .map(created -> (ServedModel) null);
  }

  /** Active: the deployment; Creating: null; Failed: a failure. */
  private ServedModel deployment(JsonNode deployment) {
    String status = deployment.path("status").asText("");
    if (status.equals("Active")) {
      return new ServedModel(providerName,
          deployment.path("customModelDeploymentArn").asText(), Map.of());
    }
    if (status.equals("Failed")) {
      throw servingFailed("custom model deployment", deployment);
    }
    return null;
  }

  private Future<ServedModel> serveProvisioned(Serving serving) {
    String path = PROVISIONED + "/" + PathSegment.encode(serving.name());
    return controlPlane.send("GetProvisionedModelThroughput", HttpMethod.GET, path, null)
        .compose(response -> TrainerErrors.notFound(response) ? createProvisioned(serving)
            : ControlPlane.json("GetProvisionedModelThroughput", response)
                .map(this::provisioned));
  }

  private Future<ServedModel> createProvisioned(Serving serving) {
    ControlPlaneWire.CreateProvisioned body = new ControlPlaneWire.CreateProvisioned(
        ResourceNames.token(serving.name()), options.modelUnits(), serving.name(),
        serving.modelArn());
    return controlPlane.send("CreateProvisionedModelThroughput", HttpMethod.POST, PROVISIONED,
            body)
        .compose(response -> !response.ok() && TrainerErrors.alreadyExists(response)
            ? serveProvisioned(serving)
            : created("CreateProvisionedModelThroughput", serving, response,
                "provisionedModelArn"));
  }

  /** InService: the provisioned model; Creating or Updating: null; Failed: a failure. */
  private ServedModel provisioned(JsonNode throughput) {
    String status = throughput.path("status").asText("");
    if (status.equals("InService")) {
      return new ServedModel(providerName, throughput.path("provisionedModelArn").asText(),
          Map.of());
    }
    if (status.equals("Failed")) {
      throw servingFailed("provisioned throughput", throughput);
    }
    return null;
  }

  // ---- helpers

  private Future<AwsCredentialsIdentity> sigV4() {
    return credentials.current()
        .recover(t -> Future.failedFuture(TrainerErrors.other("AWS credentials", t)))
        .compose(auth -> auth instanceof BedrockAuth.SigV4
            ? Future.succeededFuture(((BedrockAuth.SigV4) auth).credentials())
            : Future.failedFuture(new TrainerException(TrainerErrors.BEARER_REFUSED, false)));
  }

  private Future<Void> delete(Path file) {
    return vertx.fileSystem().delete(file.toString()).otherwiseEmpty();
  }

  private static String jobPath(String jobIdentifier) {
    return JOBS + "/" + PathSegment.encode(jobIdentifier);
  }

  private static String jobArn(JsonNode job) {
    JsonNode arn = job.get("jobArn");
    if (arn == null || !arn.isTextual() || arn.textValue().isBlank()) {
      throw new TrainerException("Bedrock answered without a job ARN.", true);
    }
    return arn.textValue();
  }

  private static TrainerException servingFailed(String what, JsonNode resource) {
    String message = BedrockErrors.sanitize(resource.path("failureMessage").asText(null));
    return new TrainerException("Bedrock could not create the " + what
        + (message == null ? "." : ": " + message + "."), false);
  }

  private static BedrockCredentials sigV4Credentials(Vertx vertx,
      ProviderSettings.Bedrock provider, Map<String, String> env) {
    if (provider.apiKey() != null) {
      throw new IllegalArgumentException("Bedrock provider " + provider.name()
          + " cannot run fine-tuning jobs with its apiKey: " + TrainerErrors.BEARER_REFUSED);
    }
    Map<String, String> withoutBearer = new HashMap<>(env);
    withoutBearer.remove(BedrockCredentials.BEARER_TOKEN_VARIABLE);
    return BedrockCredentials.create(vertx, provider, withoutBearer);
  }

  /** The s3:// URIs of a job's data. */
  private record Uploads(String training, String validation) {}

  /**
   * What serving a job needs.
   *
   * @param name the deployment's (provisioned model's) name, also its idempotency token
   * @param modelArn the custom model
   * @param model the name clients call it by
   */
  private record Serving(String name, String modelArn, String model) {}
}
