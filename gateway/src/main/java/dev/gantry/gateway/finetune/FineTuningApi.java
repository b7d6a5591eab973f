package dev.gantry.gateway.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.config.ModelAlias;
import dev.gantry.finetune.jobs.JobDriver;
import dev.gantry.finetune.jobs.JobRequest;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.gateway.RequestIds;
import dev.gantry.gateway.Routes;
import dev.gantry.gateway.openai.OpenAiApi;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.routing.ModelCatalog;
import dev.gantry.store.finetune.Checkpoint;
import dev.gantry.store.finetune.FineTuneStore;
import dev.gantry.store.finetune.JobEvent;
import dev.gantry.store.finetune.JobRecord;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * OpenAI's fine-tuning jobs API: {@code POST /v1/fine_tuning/jobs} (idempotent with an
 * {@code Idempotency-Key} header), {@code GET /v1/fine_tuning/jobs?after=&limit=},
 * {@code GET .../{id}}, {@code POST .../{id}/cancel}, {@code GET .../{id}/events} and
 * {@code GET .../{id}/checkpoints}, with OpenAI's objects exactly: timestamps in seconds,
 * {@code fine_tuned_model} only on success, {@code error} only on failure, {@code finished_at} on
 * every terminal status.
 *
 * <p>A job tunes a chat alias that has a {@code fine_tuning} target; the caller's key must be
 * allowed that alias, and the files must be its team's. A new job is stored as
 * {@code validating_files}; the {@link JobDriver} takes it from there. Jobs belong to the caller's
 * team ({@link Owners}): another team's job is "not found", and cannot be cancelled. Admin keys
 * see and cancel every team's jobs under {@code /admin/v1/fine_tuning/jobs} (each with its
 * {@code team}).
 */
public final class FineTuningApi implements Routes {

  private static final String BASE = "/v1/fine_tuning/jobs";
  private static final String ADMIN = "/admin/v1/fine_tuning/jobs";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<KeyRing> keys;
  private final Supplier<ModelCatalog> catalog;
  private final FineTuneStore store;
  private final Function<String, JobDriver.Backend> backends;
  private final Clock clock;

  public FineTuningApi(Supplier<KeyRing> keys, Supplier<ModelCatalog> catalog,
      FineTuneStore store, Function<String, JobDriver.Backend> backends, Clock clock) {
    this.keys = keys;
    this.catalog = catalog;
    this.store = store;
    this.backends = backends;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.post(BASE).handler(ctx -> answer(ctx, this::create));
    router.get(BASE).handler(ctx -> answer(ctx, this::list));
    router.get(BASE + "/:id").handler(ctx -> answer(ctx, (c, key) ->
        find(owner(key), c.pathParam("id")).map(FineTuningApi::json)));
    router.post(BASE + "/:id/cancel").handler(ctx -> answer(ctx, this::cancel));
    router.get(BASE + "/:id/events").handler(ctx -> answer(ctx, this::events));
    router.get(BASE + "/:id/checkpoints").handler(ctx -> answer(ctx, this::checkpoints));
    // Operators see and cancel every team's jobs.
    router.get(ADMIN).handler(ctx -> answer(ctx, (c, key) -> {
      admin(key);
      int limit = Pages.limit(c, 100);
      return store.allJobs(c.request().getParam("after"), limit + 1).map(jobs -> Pages.list(
          jobs, limit, job -> json(job).put("team", job.team()), JobRecord::id));
    }));
    router.get(ADMIN + "/:id").handler(ctx -> answer(ctx, (c, key) -> {
      admin(key);
      return anyJob(c.pathParam("id")).map(job -> json(job).put("team", job.team()));
    }));
    router.get(ADMIN + "/:id/events").handler(ctx -> answer(ctx, (c, key) -> {
      admin(key);
      int limit = Pages.limit(c, 100);
      String after = c.request().getParam("after");
      Long afterSeq = after == null ? null : parseSuffix(after, "ftevent-");
      return anyJob(c.pathParam("id")).compose(job -> store.events(job.id(), afterSeq,
              limit + 1))
          .map(events -> Pages.list(events, limit, FineTuningApi::json,
              e -> "ftevent-" + e.seq()));
    }));
    router.post(ADMIN + "/:id/cancel").handler(ctx -> answer(ctx, (c, key) -> {
      admin(key);
      return anyJob(c.pathParam("id")).compose(job -> cancel(job, 3, false))
          .map(job -> json(job).put("team", job.team()));
    }));
  }

  private Future<JobRecord> anyJob(String id) {
    return store.anyJob(id).map(found -> found.orElseThrow(() ->
        Owners.notFound("fine-tuning job", id)));
  }

  /** Refuses keys that are not admin keys (a gateway without keys has only operators). */
  private static void admin(Optional<ApiKey> key) {
    dev.gantry.gateway.admin.AdminAuth.check(key);
  }

  // --- create

  private Future<JsonObject> create(RoutingContext ctx, Optional<ApiKey> key) {
    String owner = owner(key);
    JsonNode body = Json.parse(ctx.body().buffer());
    if (!body.isObject()) {
      throw GatewayException.invalid("The body must be a JSON object.", null);
    }
    String model = required(body, "model");
    String training = required(body, "training_file");
    String validation = optionalText(body, "validation_file");
    ModelAlias alias = catalog.get().alias(model)
        .filter(a -> key.isEmpty() || key.get().allows(a.name()))
        .orElseThrow(() -> GatewayException.modelNotFound(model));
    if (alias.fineTuning() == null) {
      throw GatewayException.invalid("The model '" + model + "' cannot be fine-tuned through"
          + " this gateway (it has no fine_tuning target).", "model");
    }
    String suffix = optionalText(body, "suffix");
    if (suffix != null && !suffix.matches("[A-Za-z0-9._-]{1,64}")) {
      throw GatewayException.invalid("'suffix' must be 1 to 64 letters, digits, '.', '_' or"
          + " '-'.", "suffix");
    }
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put("training_file", training);
    if (validation != null) {
      request.put("validation_file", validation);
    }
    if (suffix != null) {
      request.put("suffix", suffix);
    }
    request.put("seed", seed(body));
    ObjectNode hyperparameters = hyperparameters(body);
    ObjectNode method = request.putObject("method");
    method.put("type", "supervised");
    method.putObject("supervised").set("hyperparameters", hyperparameters);
    JsonNode metadata = body.get("metadata");
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject() || metadata.size() > 16) {
        throw GatewayException.invalid("'metadata' must be an object of at most 16 string"
            + " pairs.", "metadata");
      }
      metadata.fields().forEachRemaining(e -> {
        if (!e.getValue().isTextual()) {
          throw GatewayException.invalid("'metadata' values must be strings.", "metadata");
        }
      });
      request.set("metadata", metadata);
    }
    String idempotencyKey = ctx.request().getHeader("idempotency-key");
    Future<Void> files = ownFile(owner, training, "training_file")
        .compose(v -> validation == null ? Future.succeededFuture()
            : ownFile(owner, validation, "validation_file"));
    return files.compose(v -> {
      long now = clock.millis() / 1000;
      String id = "ftjob-" + RequestIds.newId("").substring(0, 24);
      JobRecord job = new JobRecord(id, owner, idempotencyKey, alias.name(), request.toString(),
          JobStatus.VALIDATING_FILES, null, null, null, null, now, null, null, 0);
      JobEvent created = new JobEvent(0, id, now, "info", "Created fine-tuning job: " + id,
          "message", null);
      return store.createJob(job, created);
    }).map(FineTuningApi::json);
  }

  private Future<Void> ownFile(String owner, String id, String param) {
    return store.file(owner, id).compose(found -> found.isPresent() ? Future.succeededFuture()
        : Future.failedFuture(GatewayException.invalid("No file with id '" + id + "' (upload it"
            + " with POST /v1/files, purpose fine-tune).", param)));
  }

  private static long seed(JsonNode body) {
    JsonNode seed = body.get("seed");
    if (seed == null || seed.isNull()) {
      return RANDOM.nextInt(Integer.MAX_VALUE);
    }
    if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
      throw GatewayException.invalid("'seed' must be a whole number.", "seed");
    }
    return seed.longValue();
  }

  /** The supervised hyperparameters ({@code method} wins over the legacy field); auto = absent. */
  private static ObjectNode hyperparameters(JsonNode body) {
    JsonNode method = body.get("method");
    JsonNode given = body.get("hyperparameters");
    if (method != null && !method.isNull()) {
      String type = method.path("type").asText("supervised");
      if (!type.equals("supervised")) {
        throw GatewayException.unsupported("Only method type 'supervised' is supported, not '"
            + type + "'.", "method.type");
      }
      JsonNode hp = method.path("supervised").path("hyperparameters");
      if (!hp.isMissingNode() && !hp.isNull()) {
        given = hp;
      }
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (given == null || given.isNull()) {
      return out;
    }
    number(given, out, "n_epochs", true, 1, 50);
    number(given, out, "batch_size", true, 1, 256);
    number(given, out, "learning_rate_multiplier", false, 0, 10);
    return out;
  }

  private static void number(JsonNode given, ObjectNode out, String field, boolean whole,
      double min, double max) {
    JsonNode v = given.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().equals("auto"))) {
      return;
    }
    if (!v.isNumber() || (whole && !v.isIntegralNumber()) || v.doubleValue() <= min - (whole
        ? 1 : 0) || v.doubleValue() > max) {
      throw GatewayException.invalid("'" + field + "' must be \"auto\" or a " + (whole
          ? "whole number from " + (long) min : "number above " + min) + " to " + (long) max
          + ".", "hyperparameters." + field);
    }
    out.set(field, v);
  }

  // --- read

  private Future<JsonObject> list(RoutingContext ctx, Optional<ApiKey> key) {
    int limit = Pages.limit(ctx, 100);
    return store.jobs(owner(key), ctx.request().getParam("after"), limit + 1)
        .map(jobs -> Pages.list(jobs, limit, FineTuningApi::json, JobRecord::id));
  }

  private Future<JobRecord> find(String owner, String id) {
    return store.job(owner, id).map(found -> found.orElseThrow(() ->
        Owners.notFound("fine-tuning job", id)));
  }

  private Future<JsonObject> events(RoutingContext ctx, Optional<ApiKey> key) {
    int limit = Pages.limit(ctx, 100);
    String after = ctx.request().getParam("after");
    Long afterSeq = after == null ? null : parseSuffix(after, "ftevent-");
    return find(owner(key), ctx.pathParam("id"))
        .compose(job -> store.events(job.id(), afterSeq, limit + 1))
        .map(events -> Pages.list(events, limit, FineTuningApi::json, e -> "ftevent-" + e.seq()));
  }

  private Future<JsonObject> checkpoints(RoutingContext ctx, Optional<ApiKey> key) {
    int limit = Pages.limit(ctx, 100);
    String after = ctx.request().getParam("after");
    return find(owner(key), ctx.pathParam("id")).compose(job -> store.checkpoints(job.id(),
            after == null ? null : parseSuffix(after, "ftckpt-" + job.id() + "-"), limit + 1))
        .map(list -> Pages.list(list, limit, FineTuningApi::json, FineTuningApi::checkpointId));
  }

  private static Long parseSuffix(String id, String prefix) {
    try {
      return Long.parseLong(id.startsWith(prefix) ? id.substring(prefix.length()) : id);
    } catch (NumberFormatException e) {
      throw GatewayException.invalid("'after' must be an id of this list.", "after");
    }
  }

  // --- cancel

  private Future<JsonObject> cancel(RoutingContext ctx, Optional<ApiKey> key) {
    return find(owner(key), ctx.pathParam("id")).compose(job -> cancel(job, 3, false))
        .map(FineTuningApi::json);
  }

  /**
   * Stops the job at its backend (when it was submitted, once) and stores it cancelled; a job
   * changed meanwhile by its driver is read again and stored cancelled again, up to
   * {@code attempts} times. A job the driver stored cancelled meanwhile (it saw the backend stop
   * it, after this stop) is the answer: it is cancelled, as asked.
   */
  private Future<JobRecord> cancel(JobRecord job, int attempts, boolean stopped) {
    if (job.status().terminal()) {
      return Future.failedFuture(new GatewayException(ErrorKind.INVALID_REQUEST, "The job is "
          + job.status().wire() + " and cannot be cancelled.", null, -1, null));
    }
    JobDriver.Backend backend = backends.apply(job.model());
    boolean submitted = job.providerJobId() != null && backend != null;
    Future<Void> stopping = stopped || !submitted ? Future.succeededFuture()
        : backend.trainer().cancel(job.providerJobId());
    return stopping.compose(v -> {
      long now = clock.millis() / 1000;
      JobRecord cancelled = new JobRecord(job.id(), job.team(), job.idempotencyKey(),
          job.model(), job.request(), JobStatus.CANCELLED, job.providerJobId(), null, null, null,
          job.createdAt(), now, null, job.version());
      return store.updateJob(cancelled, job.version(), List.of(new JobEvent(0, job.id(), now,
          "info", "Fine-tuning job cancelled.", "message", null)));
    }).compose(updated -> updated.isPresent() ? Future.succeededFuture(updated.get())
        : attempts <= 1 ? Future.failedFuture(new GatewayException(ErrorKind.CONFLICT,
            "The job changed while it was being cancelled; try again.", null, -1, null))
        : find(job.team(), job.id()).compose(fresh -> fresh.status() == JobStatus.CANCELLED
            ? Future.succeededFuture(fresh) : cancel(fresh, attempts - 1, stopped || submitted)));
  }

  // --- objects

  static JsonObject json(JobRecord job) {
    ObjectNode request = JobRequest.visible(job.request());
    JsonObject visible = new JsonObject(request.toString());
    JsonObject hyperparameters = new JsonObject().put("n_epochs", "auto")
        .put("batch_size", "auto").put("learning_rate_multiplier", "auto");
    JsonObject method = visible.getJsonObject("method", new JsonObject().put("type",
        "supervised"));
    JsonObject given = method.getJsonObject("supervised", new JsonObject())
        .getJsonObject("hyperparameters", new JsonObject());
    hyperparameters.mergeIn(given);
    method.put("supervised", new JsonObject().put("hyperparameters", hyperparameters.copy()));
    JsonObject out = new JsonObject().put("id", job.id()).put("object", "fine_tuning.job")
        .put("created_at", job.createdAt()).put("finished_at", job.finishedAt())
        .put("model", job.model()).put("fine_tuned_model", job.fineTunedModel())
        .put("organization_id", job.team()).put("status", job.status().wire())
        .put("hyperparameters", hyperparameters)
        .put("training_file", visible.getString("training_file"))
        .put("validation_file", visible.getString("validation_file"))
        .put("result_files", new io.vertx.core.json.JsonArray())
        .put("trained_tokens", job.trainedTokens())
        .put("error", job.error() == null ? null : new JsonObject(job.error()))
        .put("seed", visible.getLong("seed", 0L))
        .put("estimated_finish", job.estimatedFinish())
        .put("integrations", new io.vertx.core.json.JsonArray())
        .put("metadata", visible.getJsonObject("metadata"))
        .put("method", method)
        .put("user_provided_suffix", visible.getString("suffix"));
    return out;
  }

  static JsonObject json(JobEvent e) {
    return new JsonObject().put("object", "fine_tuning.job.event").put("id", "ftevent-" + e.seq())
        .put("created_at", e.createdAt()).put("level", e.level()).put("message", e.message())
        .put("type", e.type()).put("data", e.data() == null ? new JsonObject()
            : new JsonObject(e.data()));
  }

  static JsonObject json(Checkpoint c) {
    return new JsonObject().put("object", "fine_tuning.job.checkpoint").put("id", checkpointId(c))
        .put("created_at", c.createdAt()).put("fine_tuned_model_checkpoint", c.model())
        .put("fine_tuning_job_id", c.jobId()).put("step_number", c.step())
        .put("metrics", c.metrics() == null ? new JsonObject() : new JsonObject(c.metrics()));
  }

  private static String checkpointId(Checkpoint c) {
    return "ftckpt-" + c.jobId() + "-" + c.step();
  }

  // --- plumbing

  private static String owner(Optional<ApiKey> key) {
    return Owners.of(key);
  }

  private static String required(JsonNode body, String field) {
    String value = optionalText(body, field);
    if (value == null || value.isEmpty()) {
      throw GatewayException.invalid("Missing required parameter: '" + field + "'.", field);
    }
    return value;
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw GatewayException.invalid("'" + field + "' must be a string.", field);
    }
    return v.asText();
  }

  @FunctionalInterface
  private interface Work {
    Future<JsonObject> apply(RoutingContext ctx, Optional<ApiKey> key);
  }

  private void answer(RoutingContext ctx, Work work) {
    JsonAnswers.answer(ctx, () -> work.apply(ctx, Authenticate.verify(keys.get(),
        OpenAiApi.presentedKey(ctx.request()))));
  }
}
