package dev.gantry.finetune.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.config.FineTuningSettings;
import dev.gantry.finetune.files.FileStorage;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.Trainer;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerStatus;
import dev.gantry.finetune.trainer.TrainingSpec;
import dev.gantry.store.finetune.Checkpoint;
import dev.gantry.store.finetune.FineTuneStore;
import dev.gantry.store.finetune.JobEvent;
import dev.gantry.store.finetune.JobRecord;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives fine-tuning jobs through one state machine for every backend:
 * {@code validating_files → queued → running → succeeded | failed | cancelled}.
 *
 * <p>Each round (every {@code poll_interval}, or a third of the lease if shorter), this gateway
 * leases the non-terminal jobs no live gateway holds ({@link FineTuneStore#lease}: in a cluster
 * exactly one gateway drives a job, and another takes over when its lease runs out), and moves
 * each one step: validates its files (on a worker thread), submits it to its trainer when its team
 * has a free slot ({@code max_running_per_team}; the others wait in Gantry's queue), polls the
 * trainer, records its metrics as events and checkpoints, and on success makes the tuned model
 * callable ({@link Trainer#serve}) and routable ({@link Registrar}). Every transition is a
 * compare-and-set on the job's version, written with its events before anyone can see it; a job
 * changed meanwhile (cancelled through the API by another gateway) is read again next round.
 * A restart resumes every job where the store says it is: submission is idempotent at the
 * backends (the job id is the token), so a crash between submitting and storing the answer does
 * not start a second run.
 */
public final class JobDriver {

  private static final Logger LOG = LoggerFactory.getLogger(JobDriver.class);
  /** The epochs a cost estimate assumes when the job leaves them to the backend. */
  static final int DEFAULT_EPOCHS = 3;
  /** At most this many jobs leased per round. */
  static final int BATCH = 100;
  /**
   * How far back each round reads succeeded jobs before the newest it has seen: a job's
   * {@code finished_at} comes from the clock of the gateway that drove it, and its row may commit
   * a moment later, so a round looks back this far rather than from the last second seen.
   */
  static final long LOOK_BACK_SECONDS = 600;

  private final Vertx vertx;
  private final FineTuneStore store;
  private final FileStorage files;
  private final Function<String, Backend> backends;
  private final Validator validator;
  private final Registrar registrar;
  private final FineTuningSettings settings;
  private final Clock clock;
  private final String owner;
  private final Map<String, Long> polledAt = new ConcurrentHashMap<>();
  private final Map<String, Long> lastStep = new ConcurrentHashMap<>();
  private final Map<String, String> lastDetail = new ConcurrentHashMap<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  /** The newest {@code finished_at} among the succeeded jobs read so far (epoch seconds). */
  private volatile long newestFinished;
  private final Set<String> leased = ConcurrentHashMap.newKeySet();
  private long timer = -1;
  private volatile boolean stopped;
  private boolean running;
  private Future<Void> round = Future.succeededFuture();

  /** Checks a job's data file; runs its blocking work on a worker thread. */
  @FunctionalInterface
  public interface Validator {
    /**
     * @param alias the alias the job tunes (its backend decides the rules, its tokenizer counts)
     * @return the findings; fails only when the file could not be read
     */
    Future<Validation> validate(String alias, Path file);
  }

  /**
   * What validating a file found.
   *
   * @param errors line-numbered messages ({@code line 3: ...}); empty when the file is good
   */
  public record Validation(long examples, long tokens, List<String> errors) {
    public Validation {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Where an alias's jobs run.
   *
   * @param baseModel the backend's id of the model tuned
   * @param pricePerMillionTokens USD per million trained tokens, for the cost estimate, or null
   */
  public record Backend(Trainer trainer, String baseModel, Double pricePerMillionTokens) {}

  /** Makes a tuned model routable by its name (on this gateway). */
  @FunctionalInterface
  public interface Registrar {
    void register(String fineTunedModel, String alias, ServedModel served);
  }

  /**
   * @param backends the backend of an alias (its {@code fine_tuning} target), or null when the
   *     alias has none any more
   * @param owner this gateway's name in leases (unique per process)
   */
  public JobDriver(Vertx vertx, FineTuneStore store, FileStorage files,
      Function<String, Backend> backends, Validator validator, Registrar registrar,
      FineTuningSettings settings, Clock clock, String owner) {
    this.vertx = vertx;
    this.store = store;
    this.files = files;
    this.backends = backends;
    this.validator = validator;
    this.registrar = registrar;
    this.settings = settings;
    this.clock = clock;
    this.owner = owner;
  }

  /** Registers the models of jobs that already succeeded, then drives jobs every round. */
  public Future<Void> start() {
    long every = Math.max(50, Math.min(settings.pollInterval().toMillis(),
        settings.lease().toMillis() / 3));
    return registerSucceeded().onSuccess(v -> {
      timer = vertx.setPeriodic(every, id -> round());
      round();
    });
  }

  /**
   * Stops driving after the round in progress and gives up this gateway's leases, so another
   * gateway takes its jobs over at its next round (a gateway that dies instead loses its leases
   * when they run out).
   */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return round.transform(ar -> {
      List<Future<Void>> released = new ArrayList<>();
      leased.forEach(id -> released.add(store.release(owner, id)));
      leased.clear();
      return Future.join(released).<Void>mapEmpty();
    }).recover(e -> Future.succeededFuture());
  }

  /** One round; rounds never overlap. Public for tests, which drive rounds themselves. */
  public Future<Void> round() {
    if (running || stopped) {
      return round;
    }
    running = true;
    round = registerSucceeded()
        .compose(v -> store.lease(owner, clock.millis(), settings.lease().toMillis(), BATCH))
        .compose(jobs -> {
          leased.clear();
          jobs.forEach(j -> leased.add(j.id()));
          Future<Void> chain = Future.succeededFuture();
          for (JobRecord job : jobs) {
            chain = chain.compose(v -> step(job).recover(e -> {
              LOG.warn("fine-tuning job={} step failed, retried next round: {}", job.id(),
                  e.toString());
              return Future.succeededFuture();
            }));
          }
          return chain;
        })
        .recover(e -> {
          LOG.warn("fine-tuning round failed: {}", e.toString());
          return Future.succeededFuture();
        })
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
    return round;
  }

  /**
   * Makes succeeded jobs' models routable here (models tuned through other gateways too): all of
   * them at start, then each round those finished since the newest seen (less
   * {@link #LOOK_BACK_SECONDS}).
   */
  private Future<Void> registerSucceeded() {
    long since = newestFinished == 0 ? 0 : Math.max(0, newestFinished - LOOK_BACK_SECONDS);
    return store.succeeded(since).map(jobs -> {
      for (JobRecord job : jobs) {
        if (job.finishedAt() != null && job.finishedAt() > newestFinished) {
          newestFinished = job.finishedAt();
        }
        if (job.fineTunedModel() != null && registered.add(job.fineTunedModel())) {
          ServedModel served = JobRequest.served(job.request());
          if (served != null) {
            registrar.register(job.fineTunedModel(), job.model(), served);
          }
        }
      }
      return null;
    });
  }

  private Future<Void> step(JobRecord job) {
    Backend backend = backends.apply(job.model());
    if (backend == null) {
      return fail(job, "model_not_fine_tunable", "The model '" + job.model()
          + "' has no fine_tuning target in this gateway's configuration any more.", "model");
    }
    switch (job.status()) {
      case VALIDATING_FILES:
        return validate(job, backend);
      case QUEUED:
        return submit(job, backend);
      case RUNNING:
        return poll(job, backend.trainer());
      default:
        return store.release(owner, job.id());
    }
  }

  // --- validating_files

  private Future<Void> validate(JobRecord job, Backend backend) {
    JsonNode request = JobRequest.parse(job.request());
    String training = JobRequest.text(request, "training_file");
    String validation = JobRequest.text(request, "validation_file");
    Future<Validation> checked = check(job, training, "training_file");
    Future<Validation> checkedValidation = validation == null ? Future.succeededFuture(null)
        : check(job, validation, "validation_file");
    return Future.all(checked, checkedValidation).compose(all -> {
      Validation t = checked.result();
      Validation v = checkedValidation.result();
      if (!t.errors().isEmpty()) {
        return fail(job, "invalid_training_file", describe(training, t), "training_file");
      }
      if (v != null && !v.errors().isEmpty()) {
        return fail(job, "invalid_validation_file", describe(validation, v), "validation_file");
      }
      Integer asked = JobRequest.hyperparameters(request).epochs();
      int epochs = asked == null ? DEFAULT_EPOCHS : asked;
      long trained = t.tokens() * epochs;
      JsonObject data = new JsonObject().put("examples", t.examples()).put("tokens", t.tokens())
          .put("epochs", epochs).put("estimated_trained_tokens", trained);
      String message = "Files validated: " + t.examples() + " training examples, " + t.tokens()
          + " tokens; about " + trained + " tokens trained over " + epochs + " epoch"
          + (epochs == 1 ? "" : "s") + (asked == null ? " (if the backend picks " + epochs + ")"
          : "");
      if (backend.pricePerMillionTokens() != null) {
        double usd = trained * backend.pricePerMillionTokens() / 1_000_000;
        data.put("estimated_cost_usd", usd);
        message += ", estimated cost $" + String.format(java.util.Locale.ROOT, "%.2f", usd);
      }
      JobRecord queued = with(job, JobStatus.QUEUED);
      return update(job, queued, List.of(event(job, "info", message + ".", "message", data),
          event(job, "info", "Job enqueued. Waiting for jobs ahead to complete.", "message",
              null)));
    });
  }

  private Future<Validation> check(JobRecord job, String fileId, String param) {
    return store.file(job.team(), fileId).compose(found -> found.isEmpty()
        ? Future.succeededFuture(new Validation(0, 0, List.of("file " + fileId
            + " no longer exists")))
        : validator.validate(job.model(), files.path(fileId)));
  }

  private static String describe(String fileId, Validation v) {
    List<String> shown = v.errors().subList(0, Math.min(5, v.errors().size()));
    return "The file " + fileId + " has " + (v.errors().size() >= 100 ? "100 or more"
        : String.valueOf(v.errors().size())) + " error" + (v.errors().size() == 1 ? "" : "s")
        + ": " + String.join("; ", shown) + (v.errors().size() > shown.size() ? "; ..." : "");
  }

  // --- queued

  private Future<Void> submit(JobRecord job, Backend backend) {
    return store.countJobs(job.team(), List.of(JobStatus.RUNNING)).compose(running -> {
      if (running >= settings.maxRunningPerTeam()) {
        return Future.succeededFuture();
      }
      JsonNode request = JobRequest.parse(job.request());
      String training = JobRequest.text(request, "training_file");
      String validation = JobRequest.text(request, "validation_file");
      JsonNode seed = request.get("seed");
      TrainingSpec spec = new TrainingSpec(job.id(), backend.baseModel(), JobRequest.text(request,
          "suffix"), seed == null || !seed.isNumber() ? null : seed.longValue(),
          JobRequest.hyperparameters(request), files.path(training),
          validation == null ? null : files.path(validation));
      return backend.trainer().submit(spec).compose(handle -> {
        JobRecord started = new JobRecord(job.id(), job.team(), job.idempotencyKey(),
            job.model(), job.request(), JobStatus.RUNNING, handle, null, null, null,
            job.createdAt(), null, job.estimatedFinish(), job.version());
        return update(job, started, List.of(event(job, "info", "Fine-tuning job started.",
            "message", new JsonObject().put("backend_job", handle))));
      }, e -> e instanceof TrainerException && ((TrainerException) e).retryable()
          ? record(job, "warn", "The backend could not start the job yet, trying again: "
              + e.getMessage())
          : fail(job, "submission_failed", "The backend refused the job: " + message(e), null));
    });
  }

  // --- running

  private Future<Void> poll(JobRecord job, Trainer trainer) {
    long now = clock.millis();
    Long last = polledAt.get(job.id());
    if (last != null && now - last < settings.pollInterval().toMillis()) {
      return Future.succeededFuture();
    }
    polledAt.put(job.id(), now);
    return trainer.poll(job.providerJobId()).compose(status -> progressed(job, trainer, status),
        e -> e instanceof TrainerException && !((TrainerException) e).retryable()
            ? fail(job, "backend_error", "The backend cannot report on the job: " + message(e),
                null)
            : Future.succeededFuture());
  }

  private Future<Void> progressed(JobRecord job, Trainer trainer, TrainerStatus status) {
    List<JobEvent> events = new ArrayList<>();
    List<Checkpoint> checkpoints = new ArrayList<>();
    long since = lastStep.getOrDefault(job.id(), -1L);
    long newest = since;
    for (TrainerStatus.Metric m : status.metrics()) {
      if (m.step() > since) {
        JsonObject data = new JsonObject().put("step", m.step());
        if (m.trainLoss() != null) {
          data.put("train_loss", m.trainLoss());
        }
        if (m.validLoss() != null) {
          data.put("valid_loss", m.validLoss());
        }
        events.add(event(job, "info", "Step " + m.step() + ": training loss="
            + (m.trainLoss() == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f",
                m.trainLoss())), "metrics", data));
        newest = Math.max(newest, m.step());
      }
      if (m.checkpoint() != null) {
        JsonObject metrics = new JsonObject().put("step", (double) m.step());
        if (m.trainLoss() != null) {
          metrics.put("train_loss", m.trainLoss());
        }
        if (m.validLoss() != null) {
          metrics.put("valid_loss", m.validLoss());
        }
        checkpoints.add(new Checkpoint(job.id(), m.step(), clock.millis() / 1000,
            m.checkpoint(), metrics.encode()));
      }
    }
    String detail = status.detail();
    if (detail != null && !detail.equals(lastDetail.put(job.id(), detail))) {
      events.add(event(job, "info", "Backend status: " + detail, "message", null));
    }
    long stepSeen = newest;
    Future<Void> saved = checkpoints.isEmpty() ? Future.succeededFuture()
        : store.putCheckpoints(checkpoints);
    return saved.compose(v -> switch (status.status()) {
      case FAILED -> fail(job, "training_failed", status.error() == null
          ? "The backend reported the job failed." : status.error(), null, events);
      case CANCELLED -> finish(job, JobStatus.CANCELLED, null, null, null, events,
          "The job was cancelled at the backend.");
      case SUCCEEDED -> succeed(job, trainer, status, events);
      default -> events.isEmpty() ? Future.<Void>succeededFuture()
          : update(job, with(job, JobStatus.RUNNING), events);
    }).onSuccess(v -> lastStep.put(job.id(), stepSeen));
  }

  private Future<Void> succeed(JobRecord job, Trainer trainer, TrainerStatus status,
      List<JobEvent> events) {
    String name = FineTunedNames.of(job);
    return trainer.serve(job.providerJobId(), status, name).compose(served -> {
      if (served == null) {
        polledAt.remove(job.id());
        if (!"serving".equals(lastDetail.put(job.id() + "#serve", "serving"))) {
          events.add(event(job, "info", "Training finished; deploying the tuned model.",
              "message", null));
        }
        return events.isEmpty() ? Future.succeededFuture()
            : update(job, with(job, JobStatus.RUNNING), events);
      }
      registrar.register(name, job.model(), served);
      registered.add(name);
      events.add(event(job, "info", "New fine-tuned model created: " + name, "message", null));
      events.add(event(job, "info", "The job has successfully completed", "message", null));
      JobRecord done = new JobRecord(job.id(), job.team(), job.idempotencyKey(), job.model(),
          JobRequest.withServed(job.request(), served), JobStatus.SUCCEEDED,
          job.providerJobId(), name, status.trainedTokens(), null, job.createdAt(),
          clock.millis() / 1000, null, job.version());
      return update(job, done, events).compose(v -> store.release(owner, job.id()));
    });
  }

  // --- terminal transitions

  private Future<Void> fail(JobRecord job, String code, String message, String param) {
    return fail(job, code, message, param, new ArrayList<>());
  }

  private Future<Void> fail(JobRecord job, String code, String message, String param,
      List<JobEvent> events) {
    JsonObject error = new JsonObject().put("code", code).put("message", message)
        .put("param", param);
    return finish(job, JobStatus.FAILED, error.encode(), null, null, events,
        "Fine-tuning job failed: " + message);
  }

  private Future<Void> finish(JobRecord job, JobStatus status, String error, String model,
      Long tokens, List<JobEvent> events, String message) {
    List<JobEvent> all = new ArrayList<>(events);
    all.add(event(job, status == JobStatus.FAILED ? "error" : "info", message, "message", null));
    JobRecord done = new JobRecord(job.id(), job.team(), job.idempotencyKey(), job.model(),
        job.request(), status, job.providerJobId(), model, tokens, error, job.createdAt(),
        clock.millis() / 1000, null, job.version());
    return update(job, done, all).compose(v -> store.release(owner, job.id()));
  }

  private Future<Void> record(JobRecord job, String level, String message) {
    return update(job, with(job, job.status()), List.of(event(job, level, message, "message",
        null)));
  }

  private Future<Void> update(JobRecord job, JobRecord next, List<JobEvent> events) {
    return store.updateJob(next, job.version(), events).map(updated -> {
      if (updated.isEmpty()) {
        LOG.debug("fine-tuning job={} changed meanwhile; read again next round", job.id());
      }
      return null;
    });
  }

  private static JobRecord with(JobRecord job, JobStatus status) {
    return new JobRecord(job.id(), job.team(), job.idempotencyKey(), job.model(), job.request(),
        status, job.providerJobId(), job.fineTunedModel(), job.trainedTokens(), job.error(),
        job.createdAt(), job.finishedAt(), job.estimatedFinish(), job.version());
  }

  private JobEvent event(JobRecord job, String level, String message, String type,
      JsonObject data) {
    return new JobEvent(0, job.id(), clock.millis() / 1000, level, message, type,
        data == null ? null : data.encode());
  }

  private static String message(Throwable e) {
    return e instanceof TrainerException ? e.getMessage() : e.getClass().getSimpleName();
  }
}
