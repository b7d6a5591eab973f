package dev.gantry.sdk.finetuning;

import dev.gantry.sdk.ErrorDetails;
import dev.gantry.sdk.GantryException;
import dev.gantry.sdk.Page;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.RetryPolicy;
import dev.gantry.sdk.TimeoutException;
import dev.gantry.sdk.internal.Pages;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /v1/fine_tuning/jobs}: create, get, cancel, list, events, checkpoints, and
 * {@link #awaitCompletion(String, Duration, Consumer)}. Get it from {@code client.fineTuning()}.
 */
public final class FineTuningService {
  private static final String BASE = "/v1/fine_tuning/jobs";

  private final Transport transport;
  private final Duration pollInterval;

  /**
   * Used by the client.
   *
   * @param pollInterval the wait between polls of {@code awaitCompletion}
   */
  public FineTuningService(Transport transport, Duration pollInterval) {
    this.transport = transport;
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
  }

  /** Creates a job (sending {@code Idempotency-Key} when the request has one). */
  public FineTuningJob create(JobCreateRequest request) {
    return create(request, RequestOptions.none());
  }

  /** {@link #create(JobCreateRequest)} with per-call options. */
  public FineTuningJob create(JobCreateRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    RequestOptions o = request.idempotencyKey() == null ? options
        : options.withHeader("Idempotency-Key", request.idempotencyKey());
    return job(transport.send(Transport.Call.post(BASE, request, o), FineTuningJob.class));
  }

  /** One job; {@link dev.gantry.sdk.NotFoundException} if it is unknown. */
  public FineTuningJob get(String id) {
    return get(id, RequestOptions.none());
  }

  /** One job, with per-call options. */
  public FineTuningJob get(String id, RequestOptions options) {
    return job(transport.send(Transport.Call.get(path(id), options), FineTuningJob.class));
  }

  /** Cancels a job; a job that already ended gives a {@link dev.gantry.sdk.BadRequestException}. */
  public FineTuningJob cancel(String id) {
    return cancel(id, RequestOptions.none());
  }

  /** Cancels a job, with per-call options. */
  public FineTuningJob cancel(String id, RequestOptions options) {
    return job(transport.send(
        new Transport.Call("POST", path(id) + "/cancel", null, options, false),
        FineTuningJob.class));
  }

  /** The first page of the key's jobs, newest first; {@link Page#autoPager()} walks them all. */
  public Page<FineTuningJob> list() {
    return list(null, null, RequestOptions.none());
  }

  /**
   * A page of jobs.
   *
   * @param after the id the page starts after, or null
   * @param limit the page size (1 to 100), or null for the server's (20)
   */
  public Page<FineTuningJob> list(String after, Integer limit, RequestOptions options) {
    return page(BASE, after, limit, options, FineTuningJob.class);
  }

  /** The first page of a job's events, newest first. */
  public Page<JobEvent> events(String id) {
    return events(id, null, null, RequestOptions.none());
  }

  /**
   * A page of a job's events, newest first.
   *
   * @param after the event id the page starts after (older events follow), or null
   * @param limit the page size (1 to 100), or null for the server's (20)
   */
  public Page<JobEvent> events(String id, String after, Integer limit, RequestOptions options) {
    return page(path(id) + "/events", after, limit, options, JobEvent.class);
  }

  /** The first page of a job's checkpoints. */
  public Page<Checkpoint> checkpoints(String id) {
    return checkpoints(id, null, null, RequestOptions.none());
  }

  /** A page of a job's checkpoints. */
  public Page<Checkpoint> checkpoints(String id, String after, Integer limit,
      RequestOptions options) {
    return page(path(id) + "/checkpoints", after, limit, options, Checkpoint.class);
  }

  /**
   * Polls the job until it ends (succeeded, failed or cancelled) and returns it.
   *
   * @throws TimeoutException if it has not ended within {@code timeout}
   */
  public FineTuningJob awaitCompletion(String id, Duration timeout) {
    return awaitCompletion(id, timeout, null);
  }

  /**
   * Polls the job until it ends and returns it, calling {@code onEvent} once for each new event,
   * oldest first (on the calling thread, after each poll of the job; the events of the end are
   * delivered before returning). The wait between polls is the client's poll interval, waited
   * with its {@link RetryPolicy}'s sleeper; time is read from the policy's clock.
   *
   * @param onEvent the callback, or null
   * @throws TimeoutException if it has not ended within {@code timeout}
   */
  public FineTuningJob awaitCompletion(String id, Duration timeout, Consumer<JobEvent> onEvent) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timeout, "timeout");
    RetryPolicy policy = transport.retryPolicy();
    Instant deadline = policy.clock().instant().plus(timeout);
    Set<String> seen = new HashSet<>();
    while (true) {
      FineTuningJob job = get(id);
      if (onEvent != null) {
        deliverNew(id, seen, onEvent);
      }
      if (job.isTerminal()) {
        return job;
      }
      Duration left = Duration.between(policy.clock().instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new TimeoutException(ErrorDetails.local("fine-tuning job " + id
            + " did not end within " + timeout + " (status " + job.status() + ")"), null);
      }
      try {
        policy.sleeper().sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GantryException(ErrorDetails.local("interrupted while waiting for " + id), e);
      }
    }
  }

  /** Reads events newest first down to the first one already seen; delivers the new ones. */
  private void deliverNew(String id, Set<String> seen, Consumer<JobEvent> onEvent) {
    List<JobEvent> fresh = new ArrayList<>();
    for (JobEvent e : events(id, null, 100, RequestOptions.none()).autoPager()) {
      if (seen.contains(e.id())) {
        break;
      }
      fresh.add(e);
    }
    Collections.reverse(fresh);
    for (JobEvent e : fresh) {
      seen.add(e.id());
      onEvent.accept(e);
    }
  }

  private <T> Page<T> page(String path, String after, Integer limit, RequestOptions options,
      Class<T> item) {
    return Pages.fetch(transport, path, after, limit, options, item);
  }

  private static FineTuningJob job(Answer<FineTuningJob> a) {
    return a.body().withHeaders(a.headers());
  }

  private static String path(String id) {
    return BASE + "/" + Urls.segment(id);
  }

  @Override
  public String toString() {
    return "FineTuningService[pollInterval=" + pollInterval + "]";
  }
}
