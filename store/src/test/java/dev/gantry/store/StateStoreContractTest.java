package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.config.Limits;
import dev.gantry.config.StateStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every state store database shares (style.md convention 6): a subclass gives each
 * test a database (or schema) of its own and drops it after.
 */
public abstract class StateStoreContractTest {

  private static final LocalDate D1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2026, 3, 2);
  private static final LocalDate D3 = LocalDate.of(2026, 3, 3);

  protected static Vertx vertx;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private StateStore store;

  /** A fresh, empty database for one test. */
  protected abstract StateStoreSettings newDatabase() throws Exception;

  /** A plain JDBC connection to the database {@link #newDatabase} returned last. */
  protected abstract Connection rawConnection() throws Exception;

  /** Drops what {@link #newDatabase} made. */
  protected abstract void dropDatabase() throws Exception;

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
    store = await(StateStore.open(vertx, newDatabase(), Map.of(), clock));
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      await(store.close());
    }
    dropDatabase();
  }

  // ---- keys

  @Test
  void create_returnsPlaintextOnce_storesOnlyItsHash() throws Exception {
    IssuedKey issued = await(store.keys().create(KeySpec.named("app")));

    assertThat(issued.plaintext()).matches("gk-[A-Za-z0-9_-]{43}");
    assertThat(issued.key().keyHash()).isEqualTo(sha256(issued.plaintext()));
    assertThat(issued.key().keyPrefix()).isEqualTo(issued.plaintext().substring(0, 8));
    assertThat(issued.toString()).doesNotContain(issued.plaintext());
    assertThat(await(store.keys().get(issued.key().id()))).contains(issued.key());
    assertThat(rawTableText("virtual_keys")).contains(issued.key().keyHash())
        .doesNotContain(issued.plaintext());
  }

  @Test
  void create_fullSpec_roundTrips() {
    await(store.teams().create(TeamSpec.named("search")));
    KeySpec spec = new KeySpec("svc-1", "search", List.of("chat", "embed"),
        new Limits(60L, 1000L, null, null, 4L, null),
        new Budget(new BigDecimal("12.5"), Budget.Period.MONTH, true),
        Instant.parse("2026-06-01T00:00:00Z"), Map.of("owner", "ana", "ticket", "OPS-1"));

    StoredKey key = await(store.keys().create(spec)).key();

    assertThat(key.name()).isEqualTo("svc-1");
    assertThat(key.team()).isEqualTo("search");
    assertThat(key.models()).containsExactly("chat", "embed");
    assertThat(key.limits()).isEqualTo(spec.limits());
    assertThat(key.budget()).isEqualTo(spec.budget());
    assertThat(key.expiresAt()).isEqualTo(spec.expiresAt());
    assertThat(key.metadata()).isEqualTo(spec.metadata());
    assertThat(key.createdAt()).isEqualTo(clock.instant());
    assertThat(key.revokedAt()).isNull();
    assertThat(key.allows("chat")).isTrue();
    assertThat(key.allows("other")).isFalse();
  }

  @Test
  void findByHash_usableKey_findsIt_elseEmpty() {
    IssuedKey issued = await(store.keys().create(KeySpec.named("app")));

    assertThat(await(store.keys().findByHash(sha256(issued.plaintext()))))
        .map(StoredKey::id).contains(issued.key().id());
    assertThat(await(store.keys().findByHash(sha256("gk-not-a-key")))).isEmpty();
    assertThat(failure(store.keys().findByHash("ABC"))).hasMessageContaining("64 lower-case hex");
  }

  @Test
  void rotate_newPlaintext_oldOneStopsWorking() throws Exception {
    IssuedKey first = await(store.keys().create(KeySpec.named("app")));

    IssuedKey second = await(store.keys().rotate(first.key().id()));

    assertThat(second.plaintext()).isNotEqualTo(first.plaintext());
    assertThat(second.key().id()).isEqualTo(first.key().id());
    assertThat(second.key().version()).isGreaterThan(first.key().version());
    assertThat(await(store.keys().findByHash(sha256(first.plaintext())))).isEmpty();
    assertThat(await(store.keys().findByHash(sha256(second.plaintext())))).isPresent();
    assertThat(rawTableText("virtual_keys")).doesNotContain(sha256(first.plaintext()));
  }

  @Test
  void revoke_keyStopsWorking_andCannotBeRotated() {
    IssuedKey issued = await(store.keys().create(KeySpec.named("app")));
    clock.advance(Duration.ofMinutes(5));

    StoredKey revoked = await(store.keys().revoke(issued.key().id()));

    assertThat(revoked.revokedAt()).isEqualTo(clock.instant());
    assertThat(revoked.usableAt(clock.instant())).isFalse();
    assertThat(await(store.keys().findByHash(sha256(issued.plaintext())))).isEmpty();
    assertThat(await(store.keys().revoke(issued.key().id())).revokedAt())
        .isEqualTo(revoked.revokedAt());
    assertThat(failure(store.keys().rotate(issued.key().id())))
        .hasFieldOrPropertyWithValue("reason", StoreException.Reason.CONFLICT);
  }

  @Test
  void findByHash_afterExpiry_empty() {
    KeySpec spec = new KeySpec("temp", null, List.of(), null, null,
        clock.instant().plus(Duration.ofHours(1)), Map.of());
    IssuedKey issued = await(store.keys().create(spec));
    assertThat(await(store.keys().findByHash(sha256(issued.plaintext())))).isPresent();

    clock.advance(Duration.ofHours(1));

    assertThat(await(store.keys().findByHash(sha256(issued.plaintext())))).isEmpty();
    assertThat(await(store.keys().get(issued.key().id()))).isPresent();
  }

  @Test
  void create_badSpecs_failWithClearErrors() {
    await(store.keys().create(KeySpec.named("app")));

    assertThat(failure(store.keys().create(KeySpec.named("app"))))
        .hasMessage("a key named 'app' already exists")
        .hasFieldOrPropertyWithValue("reason", StoreException.Reason.CONFLICT);
    assertThat(failure(store.keys().create(new KeySpec("k", "nope", null, null, null, null,
        null)))).hasMessage("unknown team 'nope'")
        .hasFieldOrPropertyWithValue("reason", StoreException.Reason.INVALID);
    assertThat(failure(store.keys().create(KeySpec.named("has space"))))
        .hasMessageStartingWith("key name must be");
    assertThat(failure(store.keys().create(new KeySpec("k", null, null,
        new Limits(0L, null, null, null, null, null), null, null, null))))
        .hasMessage("limits must be whole numbers of at least 1");
    assertThat(failure(store.keys().create(new KeySpec("k", null, null, null, null,
        clock.instant(), null)))).hasMessage("expires_at must be in the future");
    assertThat(failure(store.keys().create(new KeySpec("k", null, List.of("a", "a"), null, null,
        null, null)))).hasMessage("models lists 'a' twice");
    assertThatThrownBy(() -> new Budget(BigDecimal.ZERO, Budget.Period.DAY, true))
        .isInstanceOf(StoreException.class).hasMessage("budget usd must be more than 0");
    assertThatThrownBy(() -> new Budget(new BigDecimal("0.0000001"), Budget.Period.DAY, true))
        .hasMessage("budget usd takes at most 6 decimals");
    assertThatThrownBy(() -> Budget.Period.of("week"))
        .hasMessage("budget period must be day or month, not 'week'");
    assertThat(await(store.keys().list())).extracting(StoredKey::name).containsExactly("app");
  }

  @Test
  void update_replacesSpec_andChecksNameAndTeam() {
    StoredKey a = await(store.keys().create(KeySpec.named("a"))).key();
    await(store.keys().create(KeySpec.named("b")));
    await(store.teams().create(TeamSpec.named("t")));
    clock.advance(Duration.ofMinutes(1));

    StoredKey updated = await(store.keys().update(a.id(), new KeySpec("a2", "t", List.of("chat"),
        null, new Budget(BigDecimal.ONE, Budget.Period.DAY, false), null, Map.of("k", "v"))));

    assertThat(updated.name()).isEqualTo("a2");
    assertThat(updated.team()).isEqualTo("t");
    assertThat(updated.budget().hard()).isFalse();
    assertThat(updated.keyHash()).isEqualTo(a.keyHash());
    assertThat(updated.updatedAt()).isAfter(a.updatedAt());
    assertThat(failure(store.keys().update(a.id(), KeySpec.named("b"))))
        .hasMessage("a key named 'b' already exists");
    assertThat(failure(store.keys().update(a.id(), new KeySpec("a2", "zz", null, null, null,
        null, null)))).hasMessage("unknown team 'zz'");
    assertThat(failure(store.keys().update("missing", KeySpec.named("x"))))
        .hasFieldOrPropertyWithValue("reason", StoreException.Reason.NOT_FOUND);
  }

  @Test
  void changedSince_seesEveryChangeInOrder() {
    StoredKey a = await(store.keys().create(KeySpec.named("a"))).key();
    long seen = a.version();
    StoredKey b = await(store.keys().create(KeySpec.named("b"))).key();
    assertThat(await(store.keys().changedSince(seen))).containsExactly(b);
    seen = b.version();

    StoredKey rotated = await(store.keys().rotate(a.id())).key();
    assertThat(await(store.keys().changedSince(seen))).containsExactly(rotated);
    seen = rotated.version();

    StoredKey revoked = await(store.keys().revoke(b.id()));
    StoredKey updated = await(store.keys().update(a.id(), KeySpec.named("a-renamed")));
    assertThat(await(store.keys().changedSince(seen))).containsExactly(revoked, updated);
    assertThat(await(store.keys().changedSince(updated.version()))).isEmpty();
    assertThat(await(store.keys().changedSince(0))).extracting(StoredKey::name)
        .containsExactly("b", "a-renamed");
  }

  @Test
  void changedSince_concurrentWriters_pollerMissesNothing() {
    List<Future<IssuedKey>> creates = new ArrayList<>();
    List<StoredKey> polled = new ArrayList<>();
    long seen = 0;
    for (int i = 0; i < 24; i++) {
      creates.add(store.keys().create(KeySpec.named("k" + i)));
      if (i % 6 == 5) {
        List<StoredKey> batch = await(store.keys().changedSince(seen));
        polled.addAll(batch);
        seen = batch.isEmpty() ? seen : batch.get(batch.size() - 1).version();
      }
    }
    await(Future.all(creates));
    polled.addAll(await(store.keys().changedSince(seen)));

    assertThat(polled).extracting(StoredKey::name).doesNotHaveDuplicates().hasSize(24);
    assertThat(polled).extracting(StoredKey::version).isSorted().doesNotHaveDuplicates();
  }

  // ---- teams

  @Test
  void teams_crud_andReferentialChecks() {
    StoredTeam team = await(store.teams().create(new TeamSpec("search",
        new Limits(null, 5000L, null, null, null, null),
        new Budget(new BigDecimal("100"), Budget.Period.MONTH, true), Map.of("cc", "42"))));
    assertThat(team.budget().usd()).isEqualByComparingTo("100");
    assertThat(failure(store.teams().create(TeamSpec.named("search"))))
        .hasMessage("a team named 'search' already exists");

    StoredTeam updated = await(store.teams().update(new TeamSpec("search", null, null, null)));
    assertThat(updated.budget()).isNull();
    assertThat(updated.version()).isGreaterThan(team.version());
    assertThat(await(store.teams().changedSince(team.version()))).containsExactly(updated);
    assertThat(failure(store.teams().update(TeamSpec.named("nope"))))
        .hasFieldOrPropertyWithValue("reason", StoreException.Reason.NOT_FOUND);

    StoredKey key = await(store.keys().create(new KeySpec("k", "search", null, null, null, null,
        null))).key();
    assertThat(failure(store.teams().delete("search")))
        .hasFieldOrPropertyWithValue("reason", StoreException.Reason.CONFLICT)
        .hasMessageContaining("still has keys");

    await(store.keys().revoke(key.id()));
    await(store.teams().delete("search"));
    assertThat(await(store.teams().list())).isEmpty();
    assertThat(await(store.keys().get(key.id())).orElseThrow().team()).isNull();
    assertThat(failure(store.teams().delete("search")))
        .hasFieldOrPropertyWithValue("reason", StoreException.Reason.NOT_FOUND);
  }

  // ---- usage

  @Test
  void record_batchesAddUp_acrossCalls() {
    await(store.usage().record(List.of(row(D1, "k1", "t", "chat", "gpu", "0.5"),
        row(D1, "k1", "t", "chat", "gpu", "0.25"))));
    await(store.usage().record(List.of(row(D1, "k1", "t", "chat", "gpu", "0.000001"))));
    await(store.usage().record(List.of()));

    UsageTotal total = await(store.usage().query(D1, D1, Dimension.KEY)).get(0);
    assertThat(total).isEqualTo(new UsageTotal("k1", 3, 300, 60, 30,
        new BigDecimal("0.750001")));
  }

  @Test
  void record_concurrentWriters_loseNothing() {
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      writes.add(store.usage().record(List.of(row(D1, "k1", "t", "chat", "gpu", "0.01"),
          row(D1, "k2", "t", "chat", "gpu", "0.02"), row(D2, "k1", "t", "chat", "cpu", "0.03"))));
    }
    await(Future.all(writes));

    List<UsageTotal> byKey = await(store.usage().query(D1, D2, Dimension.KEY));
    assertThat(byKey).containsExactly(
        new UsageTotal("k1", 80, 8000, 1600, 800, new BigDecimal("1.6")),
        new UsageTotal("k2", 40, 4000, 800, 400, new BigDecimal("0.8")));
  }

  @Test
  void query_groupsByEachDimension_withinDays() {
    await(store.usage().record(List.of(
        row(D1, "k1", "t1", "chat", "gpu", "1"),
        row(D1, "k2", "t1", "chat", "bedrock", "2"),
        row(D2, "k1", "t1", "embed", "local", "4"),
        row(D2, "", "", "chat", "gpu", "8"),
        row(D3, "k3", "t2", "chat", "gpu", "16"))));

    assertThat(groups(Dimension.KEY)).containsExactly(Map.entry("", "8"), Map.entry("k1", "5"),
        Map.entry("k2", "2"));
    assertThat(groups(Dimension.TEAM)).containsExactly(Map.entry("", "8"), Map.entry("t1", "7"));
    assertThat(groups(Dimension.ALIAS)).containsExactly(Map.entry("chat", "11"),
        Map.entry("embed", "4"));
    assertThat(groups(Dimension.DEPLOYMENT)).containsExactly(Map.entry("bedrock", "2"),
        Map.entry("gpu", "9"), Map.entry("local", "4"));
    assertThat(groups(Dimension.DAY)).containsExactly(Map.entry("2026-03-01", "3"),
        Map.entry("2026-03-02", "12"));
    assertThat(await(store.usage().query(D1, D3, Dimension.DAY))).hasSize(3);
    assertThat(failure(store.usage().query(D2, D1, Dimension.DAY)))
        .hasMessage("from must be a day on or before to");
  }

  @Test
  void spend_sinceDay_sumsKeyOrTeam() {
    await(store.usage().record(List.of(
        row(D1, "k1", "t1", "chat", "gpu", "1.5"),
        row(D2, "k1", "t1", "chat", "gpu", "2.25"),
        row(D3, "k2", "t1", "chat", "gpu", "4"))));

    assertThat(await(store.usage().spend(Dimension.KEY, "k1", D1))).isEqualByComparingTo("3.75");
    assertThat(await(store.usage().spend(Dimension.KEY, "k1", D2))).isEqualByComparingTo("2.25");
    assertThat(await(store.usage().spend(Dimension.TEAM, "t1", D2))).isEqualByComparingTo("6.25");
    assertThat(await(store.usage().spend(Dimension.KEY, "k9", D1))).isEqualByComparingTo("0");
    assertThat(failure(store.usage().spend(Dimension.DAY, "x", D1)))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void spend_ofTeam_sumsAllItsKeysFromTheDayOn_andNoOtherTeam() {
    await(store.usage().record(List.of(
        row(D1.minusDays(1), "k1", "t1", "chat", "gpu", "100"),
        row(D1, "k1", "t1", "chat", "gpu", "1"),
        row(D1, "k1", "t1", "embed", "local", "0.5"),
        row(D2, "k2", "t1", "chat", "bedrock", "2"),
        row(D2, "k3", "t2", "chat", "gpu", "16"),
        row(D3, "", "", "chat", "gpu", "32"))));
    await(store.usage().record(List.of(row(D3, "k2", "t1", "chat", "gpu", "0.25"))));

    assertThat(await(store.usage().spend(Dimension.TEAM, "t1", D1)))
        .isEqualByComparingTo("3.75");
    assertThat(await(store.usage().spend(Dimension.TEAM, "t1", D1.minusDays(1))))
        .isEqualByComparingTo("103.75");
    assertThat(await(store.usage().spend(Dimension.TEAM, "t2", D1))).isEqualByComparingTo("16");
    assertThat(await(store.usage().spend(Dimension.TEAM, "t9", D1))).isEqualByComparingTo("0");
  }

  // ---- helpers

  private List<Map.Entry<String, String>> groups(Dimension by) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (UsageTotal t : await(store.usage().query(D1, D2, by))) {
      out.add(Map.entry(t.group(), t.costUsd().toPlainString()));
    }
    return out;
  }

  private static UsageRow row(LocalDate day, String key, String team, String alias,
      String deployment, String cost) {
    return new UsageRow(day, key, team, alias, deployment, 1, 100, 20, 10, new BigDecimal(cost));
  }

  /** Every value of every row of {@code table}, as text. */
  private String rawTableText(String table) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = rawConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          out.append(rs.getString(i)).append('|');
        }
      }
    }
    return out.toString();
  }

  static Connection connect(String url, String user) throws Exception {
    return DriverManager.getConnection(url, user, null);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }
}
