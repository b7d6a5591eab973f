package dev.gantry.store;

import static dev.gantry.store.StateStoreContractTest.await;
import static dev.gantry.store.StateStoreContractTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.StateStoreSettings;
import dev.gantry.store.finetune.Checkpoint;
import dev.gantry.store.finetune.FileRecord;
import dev.gantry.store.finetune.FineTuneStore;
import dev.gantry.store.finetune.JobEvent;
import dev.gantry.store.finetune.JobRecord;
import dev.gantry.store.finetune.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning store's contract ({@link FineTuneStore}) on every state store database: a
 * subclass gives each test a database (or schema) of its own and drops it after.
 */
public abstract class FineTuneStoreContractTest {

  private static final long T0 = 1_772_000_000L;
  private static final long NOW_MS = T0 * 1000;
  private static final String REQUEST = "{\"training_file\":\"file-a\",\"suffix\":\"x\"}";

  protected static Vertx vertx;

  private StateStoreSettings settings;
  private StateStore state;
  private FineTuneStore store;
  private final List<StateStore> others = new ArrayList<>();

  /** A fresh, empty database for one test. */
  protected abstract TestDatabase database();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void open() throws Exception {
    settings = database().create();
    state = await(StateStore.open(vertx, settings, Map.of(), Clock.systemUTC()));
    store = state.fineTuning();
  }

  @AfterEach
  void close() throws Exception {
    for (StateStore other : others) {
      await(other.close());
    }
    if (state != null) {
      await(state.close());
    }
    database().drop();
  }

  /** A second gateway's store on the same database. */
  private FineTuneStore anotherGateway() {
    StateStore other = await(StateStore.open(vertx, settings, Map.of(), Clock.systemUTC()));
    others.add(other);
    return other.fineTuning();
  }

  // ---- files

  @Test
  void files_addGetDelete_onlyTheOwningTeamSeesThem() {
    FileRecord a = file("file-a", "t1", T0);
    FileRecord b = file("file-b", "t1", T0 + 1);
    FileRecord c = file("file-c", "key:app", T0 + 2);
    await(store.addFile(a));
    await(store.addFile(b));
    await(store.addFile(c));

    assertThat(await(store.file("t1", "file-a"))).contains(a);
    assertThat(await(store.file("key:app", "file-a"))).isEmpty();
    assertThat(await(store.files("t1", null, 10))).containsExactly(b, a);
    assertThat(await(store.files("key:app", null, 10))).containsExactly(c);
    assertThat(await(store.deleteFile("key:app", "file-a"))).isFalse();
    assertThat(await(store.deleteFile("t1", "file-a"))).isTrue();
    assertThat(await(store.deleteFile("t1", "file-a"))).isFalse();
    assertThat(await(store.file("t1", "file-a"))).isEmpty();
    assertThat(await(store.files("t1", null, 10))).containsExactly(b);
  }

  @Test
  void addFile_idTaken_conflict() {
    await(store.addFile(file("file-a", "t1", T0)));

    assertThat(failure(store.addFile(file("file-a", "t2", T0))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CONFLICT));
  }

  @Test
  void addFile_valueLongerThanItsColumn_invalid() {
    FileRecord longName = new FileRecord("file-a", "t1", "x".repeat(2000), "fine-tune", 1, T0,
        null);

    assertThat(failure(store.addFile(longName)))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID));
    assertThat(await(store.files("t1", null, 10))).isEmpty();
  }

  @Test
  void files_pagedAfterLastId_newestFirstWithIdBreakingTies() {
    // Three files share a second: the id orders them (descending).
    List<String> ids = List.of("file-1", "file-2", "file-3", "file-4", "file-5");
    long[] created = {T0, T0 + 5, T0 + 5, T0 + 5, T0 + 9};
    for (int i = 0; i < ids.size(); i++) {
      await(store.addFile(file(ids.get(i), "t1", created[i])));
    }
    await(store.addFile(file("file-9", "t2", T0 + 7)));

    List<String> seen = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 10; page++) {
      List<FileRecord> got = await(store.files("t1", after, 2));
      assertThat(got.size()).isLessThanOrEqualTo(2);
      if (got.isEmpty()) {
        break;
      }
      got.forEach(f -> seen.add(f.id()));
      after = got.get(got.size() - 1).id();
    }

    assertThat(seen).containsExactly("file-5", "file-4", "file-3", "file-2", "file-1");
    assertThat(await(store.files("t1", "file-9", 10))).isEmpty();
    assertThat(await(store.files("t1", "file-unknown", 10))).isEmpty();
    assertThat(failure(store.files("t1", null, 0))).isInstanceOf(StoreException.class);
  }

  // ---- jobs

  @Test
  void createJob_roundTrips_withItsFirstEvent_onlyForItsTeam() {
    JobRecord job = new JobRecord("ftjob-1", "t1", "idem-1", "base", REQUEST,
        JobStatus.VALIDATING_FILES, "arn:job/1", "ft:base:x", 1234L, "{\"code\":\"c\"}", T0,
        T0 + 60, T0 + 3600, 0);

    JobRecord created = await(store.createJob(job, event("Job created", T0)));

    assertThat(created).isEqualTo(job);
    assertThat(await(store.job("t1", "ftjob-1"))).contains(job);
    assertThat(await(store.job("t2", "ftjob-1"))).isEmpty();
    List<JobEvent> events = await(store.events("ftjob-1", null, 10));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).seq()).isPositive();
    assertThat(events.get(0)).isEqualTo(new JobEvent(events.get(0).seq(), "ftjob-1", T0, "info",
        "Job created", "message", null));
  }

  @Test
  void createJob_idempotencyKeyUsedByTeam_returnsEarlierJob_storesNothing() {
    JobRecord first = await(store.createJob(job("ftjob-1", "t1", "k", T0), event("one", T0)));

    JobRecord again = await(store.createJob(job("ftjob-2", "t1", "k", T0 + 1),
        event("two", T0 + 1)));
    JobRecord otherTeam = await(store.createJob(job("ftjob-3", "t2", "k", T0 + 2),
        event("three", T0 + 2)));
    await(store.createJob(job("ftjob-4", "t1", null, T0 + 3), event("four", T0 + 3)));
    await(store.createJob(job("ftjob-5", "t1", null, T0 + 4), event("five", T0 + 4)));

    assertThat(again).isEqualTo(first);
    assertThat(otherTeam.id()).isEqualTo("ftjob-3");
    assertThat(await(store.job("t1", "ftjob-2"))).isEmpty();
    assertThat(await(store.events("ftjob-2", null, 10))).isEmpty();
    assertThat(await(store.events("ftjob-1", null, 10))).extracting(JobEvent::message)
        .containsExactly("one");
    assertThat(await(store.jobs("t1", null, 10))).extracting(JobRecord::id)
        .containsExactly("ftjob-5", "ftjob-4", "ftjob-1");
  }

  @Test
  void createJob_concurrentSameIdempotencyKey_storesOneJob() {
    FineTuneStore other = anotherGateway();
    List<Future<JobRecord>> creates = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      FineTuneStore s = i % 2 == 0 ? store : other;
      creates.add(s.createJob(job("ftjob-" + i, "t1", "same", T0 + i), event("e" + i, T0)));
    }
    await(Future.all(creates));

    Set<String> returned = new HashSet<>();
    creates.forEach(f -> returned.add(f.result().id()));
    assertThat(returned).hasSize(1);
    String id = returned.iterator().next();
    assertThat(await(store.jobs("t1", null, 100))).extracting(JobRecord::id).containsExactly(id);
    assertThat(await(store.events(id, null, 100))).hasSize(1);
  }

  @Test
  void createJob_idTaken_conflict() {
    await(store.createJob(job("ftjob-1", "t1", null, T0), event("one", T0)));

    assertThat(failure(store.createJob(job("ftjob-1", "t2", null, T0), event("two", T0))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CONFLICT));
  }

  @Test
  void createJob_eventWithoutMessage_invalid_storesNothing() {
    JobEvent noMessage = new JobEvent(0, null, T0, "info", null, "message", null);

    assertThat(failure(store.createJob(job("ftjob-1", "t1", null, T0), noMessage)))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID));
    assertThat(await(store.job("t1", "ftjob-1"))).isEmpty();
  }

  @Test
  void jobs_pagedAfterLastId_newestFirst_onlyTheTeams() {
    for (int i = 1; i <= 7; i++) {
      await(store.createJob(job("ftjob-" + i, "t1", null, T0 + i / 2), event("c", T0)));
    }
    await(store.createJob(job("ftjob-x", "t2", null, T0 + 2), event("c", T0)));

    List<String> seen = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 10; page++) {
      List<JobRecord> got = await(store.jobs("t1", after, 3));
      if (got.isEmpty()) {
        break;
      }
      got.forEach(j -> seen.add(j.id()));
      after = got.get(got.size() - 1).id();
    }

    assertThat(seen).containsExactly("ftjob-7", "ftjob-6", "ftjob-5", "ftjob-4", "ftjob-3",
        "ftjob-2", "ftjob-1");
    assertThat(await(store.jobs("t2", null, 10))).extracting(JobRecord::id)
        .containsExactly("ftjob-x");
    assertThat(await(store.jobs("t2", "ftjob-7", 10))).isEmpty();
  }

  @Test
  void updateJob_expectedVersion_replacesStateAndAppendsEvents() {
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", "k", T0), event("created", T0)));
    JobRecord running = new JobRecord("ftjob-1", "t1", "k", "base", REQUEST, JobStatus.RUNNING,
        "arn:job/1", null, null, null, T0, null, T0 + 600, 0);

    Optional<JobRecord> updated = await(store.updateJob(running, job.version(),
        List.of(event("submitted", T0 + 1), event("running", T0 + 2))));

    JobRecord expected = new JobRecord("ftjob-1", "t1", "k", "base", REQUEST, JobStatus.RUNNING,
        "arn:job/1", null, null, null, T0, null, T0 + 600, job.version() + 1);
    assertThat(updated).contains(expected);
    assertThat(await(store.job("t1", "ftjob-1"))).contains(expected);
    assertThat(await(store.events("ftjob-1", null, 10))).extracting(JobEvent::message)
        .containsExactly("running", "submitted", "created");
  }

  @Test
  void updateJob_replacesTheRequest_soWhatTheDriverAddsIsSeenByEveryGateway() {
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", null, T0), event("created", T0)));
    String served = "{\"training_file\":\"file-1\",\"gantry_served\":{\"provider\":\"p\"}}";
    JobRecord done = new JobRecord("ftjob-1", "t1", null, "base", served, JobStatus.SUCCEEDED,
        "arn:job/1", "ft:base:t1::1", 10L, null, T0, T0 + 5, null, 0);

    await(store.updateJob(done, job.version(), List.of()));

    assertThat(await(store.succeeded(0))).extracting(JobRecord::request).containsExactly(served);
  }

  @Test
  void allJobs_andAnyJob_seeEveryTeam_newestFirst() {
    await(store.createJob(job("ftjob-1", "t1", null, T0), event("a", T0)));
    await(store.createJob(job("ftjob-2", "t2", null, T0 + 1), event("b", T0 + 1)));
    await(store.createJob(job("ftjob-3", "t1", null, T0 + 2), event("c", T0 + 2)));

    assertThat(await(store.allJobs(null, 2))).extracting(JobRecord::id)
        .containsExactly("ftjob-3", "ftjob-2");
    assertThat(await(store.allJobs("ftjob-2", 10))).extracting(JobRecord::id)
        .containsExactly("ftjob-1");
    assertThat(await(store.anyJob("ftjob-2"))).map(JobRecord::team).contains("t2");
    assertThat(await(store.anyJob("ftjob-9"))).isEmpty();
  }

  @Test
  void updateJob_staleVersion_emptyAndNothingStored() {
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", null, T0), event("created", T0)));
    JobRecord queued = withStatus(job, JobStatus.QUEUED, null);
    await(store.updateJob(queued, 0, List.of(event("queued", T0))));

    Optional<JobRecord> stale = await(store.updateJob(withStatus(job, JobStatus.RUNNING, null), 0,
        List.of(event("stale", T0))));

    assertThat(stale).isEmpty();
    assertThat(await(store.job("t1", "ftjob-1"))).map(JobRecord::status)
        .contains(JobStatus.QUEUED);
    assertThat(await(store.events("ftjob-1", null, 10))).extracting(JobEvent::message)
        .containsExactly("queued", "created");
  }

  @Test
  void updateJob_concurrentSameVersion_exactlyOneWins() {
    FineTuneStore other = anotherGateway();
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", null, T0), event("created", T0)));
    List<Future<Optional<JobRecord>>> updates = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      FineTuneStore s = i % 2 == 0 ? store : other;
      updates.add(s.updateJob(withStatus(job, JobStatus.RUNNING, "arn:" + i), job.version(),
          List.of(event("writer " + i, T0))));
    }
    await(Future.all(updates));

    List<JobRecord> winners = new ArrayList<>();
    updates.forEach(u -> u.result().ifPresent(winners::add));
    assertThat(winners).hasSize(1);
    assertThat(winners.get(0).version()).isEqualTo(job.version() + 1);
    assertThat(await(store.job("t1", "ftjob-1"))).contains(winners.get(0));
    assertThat(await(store.events("ftjob-1", null, 100))).extracting(JobEvent::message)
        .containsExactly("writer " + winners.get(0).providerJobId().substring(4), "created");
  }

  @Test
  void updateJob_storedJobTerminal_refused() {
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", null, T0), event("created", T0)));
    JobRecord done = await(store.updateJob(withStatus(job, JobStatus.SUCCEEDED, null), 0,
        List.of(event("done", T0)))).orElseThrow();

    Optional<JobRecord> after = await(store.updateJob(withStatus(done, JobStatus.CANCELLED, null),
        done.version(), List.of(event("cancelled", T0))));

    assertThat(after).isEmpty();
    assertThat(await(store.job("t1", "ftjob-1"))).contains(done);
    assertThat(await(store.events("ftjob-1", null, 10))).extracting(JobEvent::message)
        .containsExactly("done", "created");
  }

  @Test
  void updateJob_otherTeamsRecord_refused() {
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", null, T0), event("created", T0)));
    JobRecord foreign = new JobRecord("ftjob-1", "t2", null, "base", REQUEST,
        JobStatus.CANCELLED, null, null, null, null, T0, T0, null, job.version());

    assertThat(await(store.updateJob(foreign, job.version(), List.of()))).isEmpty();
    assertThat(await(store.job("t1", "ftjob-1"))).contains(job);
  }

  @Test
  void events_pagedAfterSeq_newestFirst_perJob() {
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", null, T0), event("e0", T0)));
    await(store.createJob(job("ftjob-2", "t1", null, T0), event("other", T0)));
    List<JobEvent> more = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      more.add(event("e" + i, T0 + i));
    }
    await(store.updateJob(withStatus(job, JobStatus.RUNNING, null), 0, more));

    List<String> seen = new ArrayList<>();
    Long after = null;
    for (int page = 0; page < 10; page++) {
      List<JobEvent> got = await(store.events("ftjob-1", after, 4));
      if (got.isEmpty()) {
        break;
      }
      got.forEach(e -> seen.add(e.message()));
      after = got.get(got.size() - 1).seq();
    }

    assertThat(seen).containsExactly("e6", "e5", "e4", "e3", "e2", "e1", "e0");
    assertThat(await(store.events("ftjob-1", null, 100))).extracting(JobEvent::seq)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
  }

  @Test
  void putCheckpoints_upsertsByJobAndStep_pagedNewestStepFirst() {
    await(store.createJob(job("ftjob-1", "t1", null, T0), event("c", T0)));
    await(store.createJob(job("ftjob-2", "t1", null, T0), event("c", T0)));
    await(store.putCheckpoints(List.of(checkpoint("ftjob-1", 10, "m10"),
        checkpoint("ftjob-1", 20, "m20"), checkpoint("ftjob-2", 10, "other"))));

    await(store.putCheckpoints(List.of(checkpoint("ftjob-1", 20, "m20b"),
        checkpoint("ftjob-1", 30, "m30"), checkpoint("ftjob-1", 30, "m30b"))));
    await(store.putCheckpoints(List.of()));

    List<Checkpoint> first = await(store.checkpoints("ftjob-1", null, 2));
    assertThat(first).extracting(Checkpoint::model).containsExactly("m30b", "m20b");
    assertThat(first.get(0)).isEqualTo(checkpoint("ftjob-1", 30, "m30b"));
    assertThat(await(store.checkpoints("ftjob-1", 20L, 2))).extracting(Checkpoint::model)
        .containsExactly("m10");
    assertThat(await(store.checkpoints("ftjob-2", null, 10))).extracting(Checkpoint::model)
        .containsExactly("other");
    assertThat(failure(store.putCheckpoints(List.of(checkpoint("ftjob-9", 1, "m")))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
  }

  @Test
  void countJobs_inStatuses_ofTheTeamOnly() {
    JobRecord a = await(store.createJob(job("ftjob-1", "t1", null, T0), event("c", T0)));
    await(store.createJob(job("ftjob-2", "t1", null, T0), event("c", T0)));
    await(store.createJob(job("ftjob-3", "t1", null, T0), event("c", T0)));
    await(store.createJob(job("ftjob-4", "t2", null, T0), event("c", T0)));
    await(store.updateJob(withStatus(a, JobStatus.RUNNING, null), 0, List.of()));

    assertThat(await(store.countJobs("t1", List.of(JobStatus.QUEUED)))).isEqualTo(2);
    assertThat(await(store.countJobs("t1", List.of(JobStatus.QUEUED, JobStatus.RUNNING,
        JobStatus.QUEUED)))).isEqualTo(3);
    assertThat(await(store.countJobs("t1", List.of(JobStatus.SUCCEEDED)))).isZero();
    assertThat(await(store.countJobs("t1", List.of()))).isZero();
    assertThat(await(store.countJobs("t2", List.of(JobStatus.QUEUED)))).isEqualTo(1);
  }

  // ---- the driver

  @Test
  void lease_freeJobs_oldestFirstUpToMax_skippingTerminal() {
    for (int i = 1; i <= 5; i++) {
      await(store.createJob(job("ftjob-" + i, "t" + (i % 2), null, T0 + i), event("c", T0)));
    }
    JobRecord first = await(store.job("t1", "ftjob-1")).orElseThrow();
    await(store.updateJob(withStatus(first, JobStatus.FAILED, null), 0, List.of()));

    List<JobRecord> a = await(store.lease("gw-a", NOW_MS, 30_000, 3));
    List<JobRecord> b = await(store.lease("gw-b", NOW_MS, 30_000, 10));
    List<JobRecord> renewed = await(store.lease("gw-a", NOW_MS + 1000, 30_000, 10));

    assertThat(a).extracting(JobRecord::id).containsExactly("ftjob-2", "ftjob-3", "ftjob-4");
    assertThat(a.get(0)).isEqualTo(await(store.job("t0", "ftjob-2")).orElseThrow());
    assertThat(b).extracting(JobRecord::id).containsExactly("ftjob-5");
    assertThat(renewed).extracting(JobRecord::id).containsExactly("ftjob-2", "ftjob-3",
        "ftjob-4");
    assertThat(await(store.lease("gw-b", NOW_MS + 1000, 30_000, 0))).isEmpty();
    assertThat(failure(store.lease(" ", NOW_MS, 30_000, 1))).isInstanceOf(StoreException.class);
  }

  @Test
  void lease_doesNotChangeTheVersion() {
    JobRecord job = await(store.createJob(job("ftjob-1", "t1", null, T0), event("c", T0)));

    await(store.lease("gw-a", NOW_MS, 30_000, 1));

    assertThat(await(store.updateJob(withStatus(job, JobStatus.RUNNING, null), job.version(),
        List.of()))).isPresent();
  }

  @Test
  void lease_twoGatewaysConcurrently_neverHoldOneJobAtOnce() throws Exception {
    FineTuneStore other = anotherGateway();
    for (int i = 0; i < 20; i++) {
      await(store.createJob(job(String.format("ftjob-%02d", i), "t1", null, T0 + i),
          event("c", T0)));
    }

    for (int round = 0; round < 4; round++) {
      // Every lease of the round before has expired: all jobs are up for grabs again.
      long now = NOW_MS + round * 60_000L;
      List<Future<List<JobRecord>>> byA = new ArrayList<>();
      List<Future<List<JobRecord>>> byB = new ArrayList<>();
      for (int call = 0; call < 8; call++) {
        byA.add(store.lease("gw-a", now, 30_000, 4));
        byB.add(other.lease("gw-b", now, 30_000, 4));
      }
      await(Future.all(new ArrayList<>(byA)));
      await(Future.all(new ArrayList<>(byB)));

      Set<String> heldByA = ids(byA);
      Set<String> heldByB = ids(byB);
      assertThat(heldByA).doesNotContainAnyElementsOf(heldByB);
      assertThat(heldByA.size() + heldByB.size()).isPositive().isLessThanOrEqualTo(20);
      Map<String, String> owners = leaseOwners();
      heldByA.forEach(id -> assertThat(owners).containsEntry(id, "gw-a"));
      heldByB.forEach(id -> assertThat(owners).containsEntry(id, "gw-b"));
    }
  }

  @Test
  void lease_expired_takenOverByAnother() {
    await(store.createJob(job("ftjob-1", "t1", null, T0), event("c", T0)));
    FineTuneStore other = anotherGateway();

    assertThat(await(store.lease("gw-a", NOW_MS, 1000, 5))).hasSize(1);
    assertThat(await(other.lease("gw-b", NOW_MS + 999, 1000, 5))).isEmpty();
    assertThat(await(other.lease("gw-b", NOW_MS + 1000, 1000, 5))).extracting(JobRecord::id)
        .containsExactly("ftjob-1");
    assertThat(await(store.lease("gw-a", NOW_MS + 1500, 1000, 5))).isEmpty();
  }

  @Test
  void release_freesTheLease_onlyForItsOwner() {
    await(store.createJob(job("ftjob-1", "t1", null, T0), event("c", T0)));
    await(store.lease("gw-a", NOW_MS, 30_000, 5));

    await(store.release("gw-b", "ftjob-1"));
    List<JobRecord> stillHeld = await(store.lease("gw-b", NOW_MS + 1, 30_000, 5));
    await(store.release("gw-a", "ftjob-1"));
    List<JobRecord> freed = await(store.lease("gw-b", NOW_MS + 2, 30_000, 5));

    assertThat(stillHeld).isEmpty();
    assertThat(freed).extracting(JobRecord::id).containsExactly("ftjob-1");
  }

  @Test
  void succeeded_everySucceededJobWithItsModel_acrossTeams() {
    JobRecord a = await(store.createJob(job("ftjob-1", "t1", null, T0), event("c", T0)));
    JobRecord b = await(store.createJob(job("ftjob-2", "t2", null, T0 + 1), event("c", T0)));
    JobRecord c = await(store.createJob(job("ftjob-3", "t2", null, T0 + 2), event("c", T0)));
    JobRecord doneA = await(store.updateJob(withStatus(a, JobStatus.SUCCEEDED, null, "ft:a"), 0,
        List.of())).orElseThrow();
    JobRecord doneB = await(store.updateJob(withStatus(b, JobStatus.SUCCEEDED, null, "ft:b"), 0,
        List.of())).orElseThrow();
    await(store.updateJob(withStatus(c, JobStatus.FAILED, null), 0, List.of()));

    assertThat(await(store.succeeded(0))).containsExactly(doneA, doneB);
    assertThat(await(store.succeeded(doneB.finishedAt()))).as("finished since")
        .containsExactly(doneB);
    assertThat(await(store.succeeded(doneB.finishedAt() + 1))).isEmpty();
  }

  // ---- helpers

  private static FileRecord file(String id, String team, long createdAt) {
    return new FileRecord(id, team, id + ".jsonl", "fine-tune", 1024, createdAt,
        "ab".repeat(32));
  }

  private static JobRecord job(String id, String team, String idempotencyKey, long createdAt) {
    return new JobRecord(id, team, idempotencyKey, "base", REQUEST, JobStatus.QUEUED, null, null,
        null, null, createdAt, null, null, 0);
  }

  private static JobRecord withStatus(JobRecord j, JobStatus status, String providerJobId) {
    return withStatus(j, status, providerJobId, null);
  }

  private static JobRecord withStatus(JobRecord j, JobStatus status, String providerJobId,
      String fineTunedModel) {
    return new JobRecord(j.id(), j.team(), j.idempotencyKey(), j.model(), j.request(), status,
        providerJobId, fineTunedModel, fineTunedModel == null ? null : 42L, null, j.createdAt(),
        status.terminal() ? j.createdAt() + 100 : null, null, j.version());
  }

  private static JobEvent event(String message, long at) {
    return new JobEvent(0, null, at, "info", message, "message", null);
  }

  private static Checkpoint checkpoint(String jobId, long step, String model) {
    return new Checkpoint(jobId, step, T0 + step, model, "{\"step\":" + step + "}");
  }

  private static Set<String> ids(List<Future<List<JobRecord>>> leases) {
    Set<String> out = new HashSet<>();
    leases.forEach(f -> f.result().forEach(j -> out.add(j.id())));
    return out;
  }

  /** Every job's lease owner, read past the store. */
  private Map<String, String> leaseOwners() throws Exception {
    Map<String, String> out = new HashMap<>();
    try (Connection c = database().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, lease_owner FROM ft_jobs")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }
}
