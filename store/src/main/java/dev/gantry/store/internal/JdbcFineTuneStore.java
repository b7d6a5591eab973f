package dev.gantry.store.internal;

import dev.gantry.store.StoreException;
import dev.gantry.store.finetune.Checkpoint;
import dev.gantry.store.finetune.FileRecord;
import dev.gantry.store.finetune.FineTuneStore;
import dev.gantry.store.finetune.JobEvent;
import dev.gantry.store.finetune.JobRecord;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link FineTuneStore} over {@code ft_files}, {@code ft_jobs}, {@code ft_job_events} and
 * {@code ft_checkpoints}. A job and the events of its change share a transaction; an update is a
 * compare-and-set on the version, and a lease a compare-and-set per job on its lease columns, so
 * the database decides between writers and between gateways. Leases ({@link JobLeases}) never
 * change a job's version. Every write runs in {@code withTransaction}, even a single statement:
 * vertx-jdbc-client 5.0.8 leaves a pooled connection without auto-commit after a transaction
 * (vert-x3/vertx-jdbc-client#356), so a bare write there would never be committed.
 */
final class JdbcFineTuneStore implements FineTuneStore {

  /** Attempts of a write that lost a race to insert the same new row. */
  private static final int ATTEMPTS = 5;

  /** The terminal statuses as an SQL list of literals, e.g. {@code ('succeeded', ...)}. */
  static final String TERMINAL = Stream.of(JobStatus.values()).filter(JobStatus::terminal)
      .map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", ", "(", ")"));

  private static final String FILE_COLUMNS = "id, team, filename, purpose, bytes, created_at,"
      + " sha256";
  static final String JOB_COLUMNS = "id, team, idempotency_key, model, request, status,"
      + " provider_job_id, fine_tuned_model, trained_tokens, error, created_at, finished_at,"
      + " estimated_finish, version";
  static final String SELECT_JOB = "SELECT " + JOB_COLUMNS + " FROM ft_jobs";
  private static final String INSERT_JOB = "INSERT INTO ft_jobs (" + JOB_COLUMNS + ") VALUES ("
      + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /**
   * What was asked (id, team, idempotency key, model, created_at) never changes; the request may
   * gain what the driver records (the tuned model's deployment).
   */
  private static final String UPDATE_JOB = "UPDATE ft_jobs SET request = ?, status = ?,"
      + " provider_job_id = ?, fine_tuned_model = ?, trained_tokens = ?, error = ?, finished_at = ?,"
      + " estimated_finish = ?, version = ? WHERE id = ? AND team = ? AND version = ?"
      + " AND status NOT IN " + TERMINAL;
  private static final String INSERT_EVENT = "INSERT INTO ft_job_events (job_id, created_at,"
      + " level, message, type, data) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String EVENT_COLUMNS = "seq, job_id, created_at, level, message, type,"
      + " data";
  private static final String FILES_FIRST = firstPage("ft_files", FILE_COLUMNS);
  private static final String FILES_AFTER = pageAfter("ft_files", FILE_COLUMNS);
  private static final String JOBS_FIRST = firstPage("ft_jobs", JOB_COLUMNS);
  private static final String JOBS_AFTER = pageAfter("ft_jobs", JOB_COLUMNS);
  private static final String ALL_JOBS_FIRST = SELECT_JOB
      + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
  private static final String ALL_JOBS_AFTER = "SELECT " + Stream.of(JOB_COLUMNS.split(","))
      .map(c -> "t." + c.trim()).collect(Collectors.joining(", "))
      + " FROM ft_jobs t JOIN ft_jobs a ON a.id = ? WHERE (t.created_at < a.created_at"
      + " OR (t.created_at = a.created_at AND t.id < a.id))"
      + " ORDER BY t.created_at DESC, t.id DESC FETCH FIRST ? ROWS ONLY";

  private final Pool pool;
  private final Dialect dialect;
  private final JobLeases leases;

  JdbcFineTuneStore(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.leases = new JobLeases(pool);
  }

  // --- files

  @Override
  public Future<Void> addFile(FileRecord f) {
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO ft_files ("
                + FILE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(Tuple.of(f.id(), f.team(), f.filename(), f.purpose(), f.bytes(),
                f.createdAt(), f.sha256())))
        .recover(refused(StoreException.conflict("a file with id '" + f.id()
            + "' already exists")))
        .mapEmpty();
  }

  @Override
  public Future<Optional<FileRecord>> file(String team, String id) {
    return pool.preparedQuery("SELECT " + FILE_COLUMNS + " FROM ft_files"
            + " WHERE id = ? AND team = ?")
        .execute(Tuple.of(id, team))
        .map(rows -> all(rows, JdbcFineTuneStore::file).stream().findFirst());
  }

  @Override
  public Future<List<FileRecord>> files(String team, String after, int limit) {
    return page(FILES_FIRST, FILES_AFTER, team, after, limit)
        .map(rows -> all(rows, JdbcFineTuneStore::file));
  }

  @Override
  public Future<Boolean> deleteFile(String team, String id) {
    return pool.withTransaction(conn -> conn.preparedQuery(
            "DELETE FROM ft_files WHERE id = ? AND team = ?").execute(Tuple.of(id, team)))
        .map(rows -> rows.rowCount() > 0);
  }

  // --- jobs

  @Override
  public Future<JobRecord> createJob(JobRecord job, JobEvent created) {
    return checked(Collections.singletonList(created))
        .compose(ok -> create(job, created, ATTEMPTS));
  }

  /** The team's earlier job of the same idempotency key, else a new one. */
  private Future<JobRecord> create(JobRecord job, JobEvent created, int attempts) {
    return byIdempotencyKey(job)
        .compose(earlier -> earlier.isPresent() ? Future.succeededFuture(earlier.get())
            : insertOrReadBack(job, created, attempts))
        .recover(refused(StoreException.conflict("a job with id '" + job.id()
            + "' already exists")));
  }

  /**
   * Inserts the job; losing the race to the unique idempotency key starts over, which reads the
   * winner's job back (or retries a clash not yet visible).
   */
  private Future<JobRecord> insertOrReadBack(JobRecord job, JobEvent created, int attempts) {
    return insert(job, created)
        .recover(error -> job.idempotencyKey() != null && attempts > 1
            && Failures.UNIQUE_VIOLATION.equals(Failures.sqlState(error))
            ? create(job, created, attempts - 1) : Future.failedFuture(error));
  }

  private Future<Optional<JobRecord>> byIdempotencyKey(JobRecord job) {
    if (job.idempotencyKey() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(SELECT_JOB + " WHERE team = ? AND idempotency_key = ?")
        .execute(Tuple.of(job.team(), job.idempotencyKey()))
        .map(rows -> all(rows, JdbcFineTuneStore::job).stream().findFirst());
  }

  private Future<JobRecord> insert(JobRecord job, JobEvent created) {
    Tuple values = Tuple.from(Arrays.<Object>asList(job.id(), job.team(), job.idempotencyKey(),
        job.model(), job.request(), job.status().wire(), job.providerJobId(),
        job.fineTunedModel(), job.trainedTokens(), job.error(), job.createdAt(), job.finishedAt(),
        job.estimatedFinish(), job.version()));
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT_JOB).execute(values)
        .compose(done -> addEvents(conn, job.id(), List.of(created))))
        .map(job);
  }

  @Override
  public Future<Optional<JobRecord>> job(String team, String id) {
    return pool.preparedQuery(SELECT_JOB + " WHERE id = ? AND team = ?")
        .execute(Tuple.of(id, team))
        .map(rows -> all(rows, JdbcFineTuneStore::job).stream().findFirst());
  }

  @Override
  public Future<List<JobRecord>> allJobs(String after, int limit) {
    if (limit < 1) {
      return Future.failedFuture(StoreException.invalid("limit must be at least 1"));
    }
    return (after == null ? pool.preparedQuery(ALL_JOBS_FIRST).execute(Tuple.of(limit))
        : pool.preparedQuery(ALL_JOBS_AFTER).execute(Tuple.of(after, limit)))
        .map(rows -> all(rows, JdbcFineTuneStore::job));
  }

  @Override
  public Future<Optional<JobRecord>> anyJob(String id) {
    return pool.preparedQuery(SELECT_JOB + " WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> all(rows, JdbcFineTuneStore::job).stream().findFirst());
  }

  @Override
  public Future<List<JobRecord>> jobs(String team, String after, int limit) {
    return page(JOBS_FIRST, JOBS_AFTER, team, after, limit)
        .map(rows -> all(rows, JdbcFineTuneStore::job));
  }

  /**
   * {@inheritDoc} The job's id and team name the row; what was asked (idempotency key, model,
   * created_at) is kept as stored, the request replaced (the driver adds to it). Returns the row
   * as stored.
   */
  @Override
  public Future<Optional<JobRecord>> updateJob(JobRecord job, long expectedVersion,
      List<JobEvent> events) {
    return checked(events)
        .compose(ok -> pool.withTransaction(conn -> replace(conn, job, expectedVersion, events)))
        .recover(refused(null));
  }

  /** The compare-and-set, then (only if it changed the row) the events and the stored row. */
  private static Future<Optional<JobRecord>> replace(SqlConnection conn, JobRecord job,
      long expectedVersion, List<JobEvent> events) {
    return conn.preparedQuery(UPDATE_JOB)
        .execute(Tuple.from(Arrays.<Object>asList(job.request(), job.status().wire(),
            job.providerJobId(),
            job.fineTunedModel(), job.trainedTokens(), job.error(), job.finishedAt(),
            job.estimatedFinish(), expectedVersion + 1, job.id(), job.team(), expectedVersion)))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(Optional.empty())
            : addEvents(conn, job.id(), events).compose(none -> stored(conn, job.id())));
  }

  private static Future<Optional<JobRecord>> stored(SqlConnection conn, String id) {
    return conn.preparedQuery(SELECT_JOB + " WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> all(rows, JdbcFineTuneStore::job).stream().findFirst());
  }

  /** Appends the events to the job; their own job id and seq are not read (the store numbers). */
  private static Future<Void> addEvents(SqlConnection conn, String jobId, List<JobEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(events.size());
    for (JobEvent e : events) {
      batch.add(Tuple.of(jobId, e.createdAt(), e.level(), e.message(), e.type(), e.data()));
    }
    return conn.preparedQuery(INSERT_EVENT).executeBatch(batch).mapEmpty();
  }

  @Override
  public Future<List<JobEvent>> events(String jobId, Long afterSeq, int limit) {
    return newestFirst("SELECT " + EVENT_COLUMNS + " FROM ft_job_events WHERE job_id = ?", "seq",
        jobId, afterSeq, limit)
        .map(rows -> all(rows, JdbcFineTuneStore::event));
  }

  @Override
  public Future<Void> putCheckpoints(List<Checkpoint> checkpoints) {
    if (checkpoints.isEmpty()) {
      return Future.succeededFuture();
    }
    // One write per (job, step), the last given winning, in key order: concurrent batches lock
    // rows in the same order (no deadlock).
    Map<List<Object>, Checkpoint> byKey = new TreeMap<>(Comparator
        .comparing((List<Object> k) -> (String) k.get(0)).thenComparing(k -> (Long) k.get(1)));
    for (Checkpoint c : checkpoints) {
      byKey.put(List.of(c.jobId(), c.step()), c);
    }
    List<Tuple> batch = new ArrayList<>(byKey.size());
    for (Checkpoint c : byKey.values()) {
      batch.add(Tuple.of(c.jobId(), c.step(), c.createdAt(), c.model(), c.metrics()));
    }
    return putCheckpoints(batch, ATTEMPTS);
  }

  private Future<Void> putCheckpoints(List<Tuple> batch, int attempts) {
    return pool.withTransaction(conn -> conn.preparedQuery(dialect.putCheckpoint())
            .executeBatch(batch))
        .<Void>mapEmpty()
        .recover(error -> attempts > 1 && Failures.UNIQUE_VIOLATION.equals(
            Failures.sqlState(error)) ? putCheckpoints(batch, attempts - 1)
            : Future.failedFuture(error))
        .recover(error -> Failures.FOREIGN_KEY_VIOLATION.equals(Failures.sqlState(error))
            || Failures.FOREIGN_KEY_MISSING.equals(Failures.sqlState(error))
            ? Future.failedFuture(StoreException.notFound(
                "a checkpoint names a job that does not exist"))
            : Future.failedFuture(error))
        .recover(refused(null));
  }

  @Override
  public Future<List<Checkpoint>> checkpoints(String jobId, Long afterStep, int limit) {
    return newestFirst("SELECT job_id, step, created_at, model, metrics FROM ft_checkpoints"
        + " WHERE job_id = ?", "step", jobId, afterStep, limit)
        .map(rows -> all(rows, row -> new Checkpoint(row.getString(0),
            Columns.longOf(row.getValue(1)), Columns.longOf(row.getValue(2)), row.getString(3),
            row.getString(4))));
  }

  @Override
  public Future<Integer> countJobs(String team, List<JobStatus> statuses) {
    if (statuses.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Object> values = new ArrayList<>();
    values.add(team);
    new LinkedHashSet<>(statuses).forEach(s -> values.add(s.wire()));
    return pool.preparedQuery("SELECT COUNT(*) FROM ft_jobs WHERE team = ? AND status IN ("
            + placeholders(values.size() - 1) + ")")
        .execute(Tuple.from(values))
        .map(rows -> (int) Columns.longOf(rows.iterator().next().getValue(0)));
  }

  // --- the driver

  @Override
  public Future<List<JobRecord>> lease(String owner, long nowMillis, long leaseMillis, int max) {
    return leases.lease(owner, nowMillis, leaseMillis, max);
  }

  @Override
  public Future<Void> release(String owner, String jobId) {
    return leases.release(owner, jobId);
  }

  @Override
  public Future<List<JobRecord>> succeeded(long finishedSinceSeconds) {
    return pool.preparedQuery(SELECT_JOB + " WHERE status = ? AND finished_at >= ?"
            + " AND fine_tuned_model IS NOT NULL ORDER BY finished_at, id")
        .execute(Tuple.of(JobStatus.SUCCEEDED.wire(), finishedSinceSeconds))
        .map(rows -> all(rows, JdbcFineTuneStore::job));
  }

  // --- helpers

  /** The team's rows, newest first: the first page, or the page after the row {@code after}. */
  private Future<RowSet<Row>> page(String first, String afterSql, String team, String after,
      int limit) {
    if (limit < 1) {
      return Future.failedFuture(StoreException.invalid("limit must be at least 1"));
    }
    return after == null ? pool.preparedQuery(first).execute(Tuple.of(team, limit))
        : pool.preparedQuery(afterSql).execute(Tuple.of(team, after, limit));
  }

  private static String firstPage(String table, String columns) {
    return "SELECT " + columns + " FROM " + table + " WHERE team = ?"
        + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
  }

  /** Rows created before the row {@code after} (by created_at, then id); none if it is unknown. */
  private static String pageAfter(String table, String columns) {
    String prefixed = Stream.of(columns.split(",")).map(c -> "t." + c.trim())
        .collect(Collectors.joining(", "));
    return "SELECT " + prefixed + " FROM " + table + " t JOIN " + table + " a ON a.team = t.team"
        + " WHERE t.team = ? AND a.id = ? AND (t.created_at < a.created_at"
        + " OR (t.created_at = a.created_at AND t.id < a.id))"
        + " ORDER BY t.created_at DESC, t.id DESC FETCH FIRST ? ROWS ONLY";
  }

  /** A job's rows by descending {@code column}, below {@code after} unless it is null. */
  private Future<RowSet<Row>> newestFirst(String select, String column, String jobId, Long after,
      int limit) {
    if (limit < 1) {
      return Future.failedFuture(StoreException.invalid("limit must be at least 1"));
    }
    String order = " ORDER BY " + column + " DESC FETCH FIRST ? ROWS ONLY";
    return after == null ? pool.preparedQuery(select + order).execute(Tuple.of(jobId, limit))
        : pool.preparedQuery(select + " AND " + column + " < ?" + order)
            .execute(Tuple.of(jobId, after, limit));
  }

  private static Future<Void> checked(List<JobEvent> events) {
    for (JobEvent e : events) {
      if (e == null || e.level() == null || e.message() == null || e.type() == null) {
        return Future.failedFuture(StoreException.invalid(
            "an event needs a level, a message and a type"));
      }
    }
    return Future.succeededFuture();
  }

  /**
   * A mapper for {@code Future.recover}: a unique violation becomes {@code clash} (unless null),
   * a value longer than its column an invalid request; anything else passes.
   */
  private static <T> Function<Throwable, Future<T>> refused(StoreException clash) {
    return error -> {
      String state = Failures.sqlState(error);
      if (clash != null && Failures.UNIQUE_VIOLATION.equals(state)) {
        return Future.failedFuture(clash);
      }
      if (Failures.STRING_TOO_LONG.equals(state)) {
        return Future.failedFuture(StoreException.invalid(
            "a value is longer than the store keeps"));
      }
      return Future.failedFuture(error);
    };
  }

  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(map.apply(row)));
    return out;
  }

  private static FileRecord file(Row row) {
    return new FileRecord(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
        Columns.longOf(row.getValue(4)), Columns.longOf(row.getValue(5)), row.getString(6));
  }

  static JobRecord job(Row row) {
    return new JobRecord(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
        row.getString(4), JobStatus.fromWire(row.getString(5)), row.getString(6),
        row.getString(7), Columns.longOrNull(row, 8), row.getString(9),
        Columns.longOf(row.getValue(10)), Columns.longOrNull(row, 11),
        Columns.longOrNull(row, 12), Columns.longOf(row.getValue(13)));
  }

  private static JobEvent event(Row row) {
    return new JobEvent(Columns.longOf(row.getValue(0)), row.getString(1),
        Columns.longOf(row.getValue(2)), row.getString(3), row.getString(4), row.getString(5),
        row.getString(6));
  }
}
