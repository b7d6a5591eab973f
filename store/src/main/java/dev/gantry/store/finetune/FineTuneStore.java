package dev.gantry.store.finetune;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The fine-tuning broker's persistence. Every read and write is scoped by {@code team} where a
 * client asks (a team never sees another's files or jobs); the job driver's methods are not.
 * Every method is non-blocking (JDBC on worker threads); a failure fails the future with a
 * {@link dev.gantry.store.StoreException}.
 */
public interface FineTuneStore {

  // --- files

  Future<Void> addFile(FileRecord file);

  Future<Optional<FileRecord>> file(String team, String id);

  /** The team's files, newest first, at most {@code limit}, those created before {@code after}'s. */
  Future<List<FileRecord>> files(String team, String after, int limit);

  /** Removes the file's record; false when the team has no such file. */
  Future<Boolean> deleteFile(String team, String id);

  // --- jobs

  /**
   * Stores a new job, with its first event. With an idempotency key already used by the team,
   * stores nothing and returns the earlier job.
   */
  Future<JobRecord> createJob(JobRecord job, JobEvent created);

  Future<Optional<JobRecord>> job(String team, String id);

  /**
   * Every team's jobs (for operators), newest first, at most {@code limit}, those created before
   * {@code after}'s.
   */
  Future<List<JobRecord>> allJobs(String after, int limit);

  /** A job of any team (for operators). */
  Future<Optional<JobRecord>> anyJob(String id);

  /** The team's jobs, newest first, at most {@code limit}, those created before {@code after}'s. */
  Future<List<JobRecord>> jobs(String team, String after, int limit);

  /**
   * Replaces the job's request, status and results (not its id, team, idempotency key, model or
   * creation time) when its stored version is {@code expectedVersion} (the new record's version
   * is {@code expectedVersion + 1}), appending {@code events} in the same transaction: a
   * transition is stored before anyone can see it. Empty when the version moved on (another
   * writer won) or the stored job is terminal.
   */
  Future<Optional<JobRecord>> updateJob(JobRecord job, long expectedVersion,
      List<JobEvent> events);

  /** The job's events, newest first, at most {@code limit}, those older than {@code afterSeq}. */
  Future<List<JobEvent>> events(String jobId, Long afterSeq, int limit);

  /** Adds or replaces checkpoints (by job and step). */
  Future<Void> putCheckpoints(List<Checkpoint> checkpoints);

  /** The job's checkpoints, newest step first, at most {@code limit}, older than {@code afterStep}. */
  Future<List<Checkpoint>> checkpoints(String jobId, Long afterStep, int limit);

  /** How many of the team's jobs are in one of {@code statuses}. */
  Future<Integer> countJobs(String team, List<JobStatus> statuses);

  // --- the driver

  /**
   * Leases up to {@code max} non-terminal jobs whose lease is free or expired (or already
   * {@code owner}'s) to {@code owner} until {@code nowMillis + leaseMillis}, atomically: two
   * gateways never hold one job's lease at once. Returns the jobs now leased to {@code owner},
   * oldest first.
   */
  Future<List<JobRecord>> lease(String owner, long nowMillis, long leaseMillis, int max);

  /** Gives a job's lease up (when it became terminal, or the gateway stops). */
  Future<Void> release(String owner, String jobId);

  /**
   * The succeeded jobs with a fine-tuned model that finished at or after
   * {@code finishedSinceSeconds} (0: all of them), oldest first, to make their models routable.
   */
  Future<List<JobRecord>> succeeded(long finishedSinceSeconds);
}
