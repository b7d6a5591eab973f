package dev.gantry.store.internal;

import dev.gantry.store.StoreException;
import dev.gantry.store.finetune.JobRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's leases on jobs ({@code ft_jobs.lease_owner}, {@code lease_until}). A lease is
 * claimed job by job with one compare-and-set {@code UPDATE} whose condition is re-checked under
 * the row's lock: of two gateways claiming one job, exactly one changes the row. A lease is free
 * once {@code lease_until} is reached.
 */
final class JobLeases {

  /** Candidates fetched per lease wanted: some may be taken by another gateway meanwhile. */
  private static final int CANDIDATES_PER_LEASE = 2;

  private static final String CLAIMABLE = "status NOT IN " + JdbcFineTuneStore.TERMINAL
      + " AND (lease_owner IS NULL OR lease_until <= ? OR lease_owner = ?)";
  private static final String CANDIDATES = "SELECT id FROM ft_jobs WHERE " + CLAIMABLE
      + " ORDER BY created_at, id FETCH FIRST ? ROWS ONLY";
  private static final String CLAIM = "UPDATE ft_jobs SET lease_owner = ?, lease_until = ?"
      + " WHERE id = ? AND " + CLAIMABLE;

  private final Pool pool;

  JobLeases(Pool pool) {
    this.pool = pool;
  }

  /** One call's claim: who, when, until when, and how many jobs at most. */
  private record Claim(String owner, long now, long until, int max, List<String> claimed) {}

  /**
   * Claims (or renews) up to {@code max} of the oldest claimable jobs; returns those this call
   * holds, as stored. A job an owner holds beyond the oldest {@code max} is not renewed.
   */
  Future<List<JobRecord>> lease(String owner, long nowMillis, long leaseMillis, int max) {
    if (owner == null || owner.isBlank() || leaseMillis < 1 || max < 0) {
      return Future.failedFuture(StoreException.invalid(
          "a lease needs an owner, a duration of at least 1 ms and a maximum of at least 0"));
    }
    if (max == 0) {
      return Future.succeededFuture(List.of());
    }
    Claim claim = new Claim(owner, nowMillis, nowMillis + leaseMillis, max, new ArrayList<>());
    long wanted = Math.min((long) max * CANDIDATES_PER_LEASE, Integer.MAX_VALUE);
    return pool.preparedQuery(CANDIDATES).execute(Tuple.of(nowMillis, owner, (int) wanted))
        .compose(rows -> claimEach(claim, ids(rows), 0))
        .compose(this::leased);
  }

  /** Claims the candidates from {@code next} on, one at a time, until {@code max} are held. */
  private Future<Claim> claimEach(Claim claim, List<String> candidates, int next) {
    if (claim.claimed().size() == claim.max() || next == candidates.size()) {
      return Future.succeededFuture(claim);
    }
    String id = candidates.get(next);
    return pool.withTransaction(conn -> conn.preparedQuery(CLAIM)
            .execute(Tuple.of(claim.owner(), claim.until(), id, claim.now(), claim.owner())))
        .compose(rows -> {
          if (rows.rowCount() == 1) {
            claim.claimed().add(id);
          }
          return claimEach(claim, candidates, next + 1);
        });
  }

  /** The claimed jobs as stored, oldest first. */
  private Future<List<JobRecord>> leased(Claim claim) {
    if (claim.claimed().isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Object> values = new ArrayList<>();
    values.add(claim.owner());
    values.addAll(claim.claimed());
    return pool.preparedQuery(JdbcFineTuneStore.SELECT_JOB + " WHERE lease_owner = ? AND id IN ("
            + JdbcFineTuneStore.placeholders(claim.claimed().size()) + ") ORDER BY created_at, id")
        .execute(Tuple.from(values))
        .map(rows -> JdbcFineTuneStore.all(rows, JdbcFineTuneStore::job));
  }

  Future<Void> release(String owner, String jobId) {
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE ft_jobs"
            + " SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")
            .execute(Tuple.of(jobId, owner)))
        .mapEmpty();
  }

  private static List<String> ids(RowSet<Row> rows) {
    List<String> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(row.getString(0)));
    return out;
  }
}
