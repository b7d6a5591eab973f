package dev.gantry.store;

import static dev.gantry.store.StateStoreContractTest.await;
import static dev.gantry.store.StateStoreContractTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.StateStoreSettings;
import dev.gantry.store.admin.AdminStore;
import dev.gantry.store.admin.AuditEntry;
import dev.gantry.store.admin.RoutingVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin store's contract ({@link AdminStore}) on every state store database: a subclass gives
 * each test a database (or schema) of its own and drops it after.
 */
public abstract class AdminStoreContractTest {

  private static final long T0 = 1_772_000_000_000L;
  private static final String DOC = "{\"providers\":{},\"models\":[]}";

  protected static Vertx vertx;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
  private StateStoreSettings settings;
  private StateStore state;
  private AdminStore store;
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
    state = await(StateStore.open(vertx, settings, Map.of(), clock));
    store = state.admin();
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
  private AdminStore anotherGateway() {
    StateStore other = await(StateStore.open(vertx, settings, Map.of(), clock));
    others.add(other);
    return other.admin();
  }

  // ---- routing

  @Test
  void currentRouting_neverSaved_empty() {
    assertThat(await(store.currentRouting())).isEmpty();
    assertThat(await(store.routing(1))).isEmpty();
    assertThat(await(store.routingHistory(null, 10))).isEmpty();
    assertThat(await(store.auditLog(null, 10, null, null))).isEmpty();
  }

  @Test
  void saveRouting_expectedVersions_savesOneThenTwo_withTheirAuditEntries() {
    Optional<RoutingVersion> v1 = await(store.saveRouting(0, doc(1), "alice", "first", null,
        audit("alice", "routing.update", "r1")));
    clock.advance(Duration.ofSeconds(5));
    Optional<RoutingVersion> v2 = await(store.saveRouting(1, doc(2), "bob", "second", null,
        audit("bob", "routing.update", "r2")));

    RoutingVersion first = new RoutingVersion(1, doc(1), "alice", T0, "first", null);
    RoutingVersion second = new RoutingVersion(2, doc(2), "bob", T0 + 5000, "second", null);
    assertThat(v1).contains(first);
    assertThat(v2).contains(second);
    assertThat(await(store.currentRouting())).contains(second);
    assertThat(await(store.routing(1))).contains(first);
    assertThat(await(store.routing(2))).contains(second);
    assertThat(await(store.routing(3))).isEmpty();
    assertThat(await(store.auditLog(null, 10, null, null))).extracting(AuditEntry::requestId)
        .containsExactly("r2", "r1");
  }

  @Test
  void saveRouting_staleExpectedVersion_emptyAndNothingStored() {
    await(store.saveRouting(0, doc(1), "alice", "first", null, audit("alice", "routing.update",
        "r1")));

    Optional<RoutingVersion> stale = await(store.saveRouting(0, doc(9), "bob", "stale", null,
        audit("bob", "routing.update", "r-stale")));
    Optional<RoutingVersion> ahead = await(store.saveRouting(5, doc(9), "bob", "ahead", null,
        audit("bob", "routing.update", "r-ahead")));

    assertThat(stale).isEmpty();
    assertThat(ahead).isEmpty();
    assertThat(await(store.currentRouting())).map(RoutingVersion::document).contains(doc(1));
    assertThat(await(store.routingHistory(null, 10))).extracting(RoutingVersion::version)
        .containsExactly(1L);
    assertThat(await(store.auditLog(null, 10, null, null))).extracting(AuditEntry::requestId)
        .containsExactly("r1");
  }

  @Test
  void saveRouting_concurrentSameExpectedVersion_exactlyOneWins() {
    AdminStore other = anotherGateway();
    await(store.saveRouting(0, doc(0), "alice", "base", null, audit("alice", "routing.update",
        "base")));
    List<Future<Optional<RoutingVersion>>> saves = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      AdminStore s = i % 2 == 0 ? store : other;
      saves.add(s.saveRouting(1, doc(100 + i), "writer" + i, "writer " + i, null,
          audit("writer" + i, "routing.update", "w" + i)));
    }
    await(Future.all(saves));

    List<RoutingVersion> winners = new ArrayList<>();
    saves.forEach(f -> f.result().ifPresent(winners::add));
    assertThat(winners).hasSize(1);
    RoutingVersion winner = winners.get(0);
    assertThat(winner.version()).isEqualTo(2);
    assertThat(await(store.currentRouting())).contains(winner);
    assertThat(await(other.routingHistory(null, 10))).extracting(RoutingVersion::version)
        .containsExactly(2L, 1L);
    assertThat(await(store.auditLog(null, 10, null, null))).extracting(AuditEntry::actor)
        .containsExactly(winner.author(), "alice");
  }

  @Test
  void routingHistory_pagedBeforeVersion_newestFirst() {
    for (int v = 1; v <= 7; v++) {
      await(store.saveRouting(v - 1, doc(v), "alice", "v" + v, null,
          audit("alice", "routing.update", "r" + v)));
    }

    List<Long> seen = new ArrayList<>();
    Long before = null;
    for (int page = 0; page < 10; page++) {
      List<RoutingVersion> got = await(store.routingHistory(before, 3));
      assertThat(got.size()).isLessThanOrEqualTo(3);
      if (got.isEmpty()) {
        break;
      }
      got.forEach(r -> seen.add(r.version()));
      before = got.get(got.size() - 1).version();
    }

    assertThat(seen).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(await(store.routingHistory(4L, 10))).extracting(RoutingVersion::summary)
        .containsExactly("v3", "v2", "v1");
    assertThat(await(store.routingHistory(1L, 10))).isEmpty();
    assertThat(failure(store.routingHistory(null, 0)))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID));
  }

  @Test
  void saveRouting_rollbackOf_storedAndReadBack() {
    await(store.saveRouting(0, doc(1), "alice", "v1", null, audit("alice", "routing.update",
        "r1")));
    await(store.saveRouting(1, doc(2), "alice", "v2", null, audit("alice", "routing.update",
        "r2")));

    RoutingVersion restored = await(store.saveRouting(2, doc(1), "bob", "rollback to 1", 1L,
        audit("bob", "routing.rollback", "r3"))).orElseThrow();

    assertThat(restored.rollbackOf()).isEqualTo(1L);
    assertThat(await(store.currentRouting())).contains(restored);
    assertThat(await(store.routing(2)).orElseThrow().rollbackOf()).isNull();
  }

  @Test
  void saveRouting_rollbackOfUnknownVersion_notFound_nothingStored() {
    await(store.saveRouting(0, doc(1), "alice", "v1", null, audit("alice", "routing.update",
        "r1")));

    assertThat(failure(store.saveRouting(1, doc(2), "bob", "rollback", 42L,
        audit("bob", "routing.rollback", "r2"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
    assertThat(await(store.currentRouting())).map(RoutingVersion::version).contains(1L);
    assertThat(await(store.auditLog(null, 10, null, null))).hasSize(1);
  }

  @Test
  void saveRouting_invalidArguments_refused() {
    assertThat(failure(store.saveRouting(-1, DOC, "alice", "s", null,
        audit("alice", "routing.update", "r")))).isInstanceOf(StoreException.class);
    assertThat(failure(store.saveRouting(0, DOC, "alice", "s", null, null)))
        .isInstanceOf(StoreException.class);
    assertThat(failure(store.saveRouting(0, null, "alice", "s", null,
        audit("alice", "routing.update", "r")))).isInstanceOf(StoreException.class);
    assertThat(failure(store.saveRouting(0, DOC, "a".repeat(500), "s", null,
        audit("alice", "routing.update", "r"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID));
    assertThat(await(store.currentRouting())).isEmpty();
    assertThat(await(store.auditLog(null, 10, null, null))).isEmpty();
  }

  @Test
  void saveRouting_aboutOneMegabyteDocument_roundTrips() {
    StringBuilder models = new StringBuilder("{\"providers\":{},\"models\":[");
    for (int i = 0; models.length() < 1_100_000; i++) {
      models.append(i == 0 ? "" : ",").append("{\"alias\":\"model-").append(i)
          .append("\",\"deployments\":[{\"provider\":\"p\",\"model\":\"m-é-").append(i)
          .append("\",\"weight\":1}]}");
    }
    String big = models.append("]}").toString();
    AuditEntry entry = new AuditEntry(0, T0, "alice", "routing.update", null, DOC, big, "r1");

    await(store.saveRouting(0, big, "alice", "big", null, entry));

    assertThat(await(store.currentRouting())).map(RoutingVersion::document).contains(big);
    assertThat(await(store.routing(1))).map(RoutingVersion::document).contains(big);
    assertThat(await(store.auditLog(null, 1, null, null))).extracting(AuditEntry::after)
        .containsExactly(big);
  }

  // ---- audit

  @Test
  void audit_appended_readBackWithStoreAssignedIncreasingSeq() {
    AuditEntry entry = new AuditEntry(999, T0 + 7, "alice", "keys.create", "key-1",
        null, "{\"name\":\"k\",\"key\":\"***\"}", "req-1");

    await(store.audit(entry));
    await(store.audit(audit("bob", "cache.purge", "req-2")));

    List<AuditEntry> log = await(store.auditLog(null, 10, null, null));
    assertThat(log).hasSize(2);
    assertThat(log.get(0).seq()).isGreaterThan(log.get(1).seq());
    assertThat(log.get(1)).isEqualTo(new AuditEntry(log.get(1).seq(), T0 + 7, "alice",
        "keys.create", "key-1", null, "{\"name\":\"k\",\"key\":\"***\"}", "req-1"));
    assertThat(log.get(0).requestId()).isEqualTo("req-2");
  }

  @Test
  void auditLog_pagedBeforeSeq_newestFirst() {
    for (int i = 1; i <= 7; i++) {
      await(store.audit(audit("alice", "models.update", "r" + i)));
    }

    List<String> seen = new ArrayList<>();
    Long before = null;
    for (int page = 0; page < 10; page++) {
      List<AuditEntry> got = await(store.auditLog(before, 3, null, null));
      assertThat(got.size()).isLessThanOrEqualTo(3);
      if (got.isEmpty()) {
        break;
      }
      got.forEach(e -> seen.add(e.requestId()));
      before = got.get(got.size() - 1).seq();
    }

    assertThat(seen).containsExactly("r7", "r6", "r5", "r4", "r3", "r2", "r1");
    assertThat(failure(store.auditLog(null, 0, null, null)))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void auditLog_byActionPrefixAndActor_wildcardsTakenLiterally() {
    await(store.audit(audit("alice", "models.update", "r1")));
    await(store.audit(audit("bob", "models.delete", "r2")));
    await(store.audit(audit("alice", "keys.create", "r3")));
    await(store.audit(audit("alice", "modelsXupdate", "r4")));
    await(store.audit(audit("bob", "cache_purge", "r5")));
    await(store.audit(audit("bob", "cacheXpurge", "r6")));
    await(store.audit(audit("carol", "100%.done", "r7")));
    await(store.audit(audit("carol", "100x.done", "r8")));

    assertThat(requestIds(null, "models.", null)).containsExactly("r2", "r1");
    assertThat(requestIds(null, "models.", "alice")).containsExactly("r1");
    assertThat(requestIds(null, null, "alice")).containsExactly("r4", "r3", "r1");
    assertThat(requestIds(null, "cache_", null)).containsExactly("r5");
    assertThat(requestIds(null, "100%", null)).containsExactly("r7");
    assertThat(requestIds(null, "", null)).hasSize(8);
    assertThat(requestIds(null, "nothing", null)).isEmpty();
    assertThat(requestIds(null, "models.", "carol")).isEmpty();
    List<AuditEntry> newest = await(store.auditLog(null, 1, "models", null));
    assertThat(newest).extracting(AuditEntry::requestId).containsExactly("r4");
    assertThat(await(store.auditLog(newest.get(0).seq(), 10, "models", "alice")))
        .extracting(AuditEntry::requestId).containsExactly("r1");
  }

  @Test
  void audit_valueLongerThanItsColumn_invalid() {
    assertThat(failure(store.audit(new AuditEntry(0, T0, "alice", "x".repeat(500), null, null,
        null, "r1"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID));
    assertThat(await(store.auditLog(null, 10, null, null))).isEmpty();
  }

  // ---- helpers

  private List<String> requestIds(Long before, String actionPrefix, String actor) {
    List<String> out = new ArrayList<>();
    await(store.auditLog(before, 100, actionPrefix, actor)).forEach(e -> out.add(e.requestId()));
    return out;
  }

  private static String doc(int n) {
    return "{\"providers\":{},\"models\":[{\"alias\":\"m" + n + "\"}]}";
  }

  private static AuditEntry audit(String actor, String action, String requestId) {
    return new AuditEntry(0, T0, actor, action, "chat", "{\"before\":1}", "{\"after\":2}",
        requestId);
  }
}
