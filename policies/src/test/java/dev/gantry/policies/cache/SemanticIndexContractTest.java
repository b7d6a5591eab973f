package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gantry.policies.cache.SemanticIndex.Match;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SemanticIndex} shares, run on each store: a subclass opens an index
 * that sees no entry of another test, with the given cap per scope, on a clock it can move.
 * Entries a test does not expect to expire live an hour.
 */
public abstract class SemanticIndexContractTest {

  protected static final Duration HOUR = Duration.ofHours(1);
  protected static final int CAP = 3;
  protected static final CacheKey SCOPE = new CacheKey("key:a", "gpt-4o", "scope1");

  protected static Vertx vertx;

  private final List<SemanticIndex> opened = new ArrayList<>();
  protected SemanticIndex index;

  /** Opens the index under test, empty of other tests' entries, holding {@code cap} per scope. */
  protected abstract SemanticIndex openIndex(int cap);

  /** Lets {@code time} pass on the clock the index reads entries' expiries on. */
  protected abstract void passTime(Duration time);

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void open() {
    index = track(openIndex(CAP));
  }

  @AfterEach
  void closeIndexes() {
    for (SemanticIndex i : opened) {
      await(i.close());
    }
  }

  @Test
  void nearest_emptyScope_isNull() {
    assertThat(nearest(SCOPE, v(1, 0, 0), -1)).isNull();
  }

  @Test
  void nearest_aboveTheThreshold_findsTheAnswer() {
    add(SCOPE, v(1, 0.1f, 0), "a1");

    Match m = nearest(SCOPE, v(1, 0, 0), 0.99);

    assertThat(m.answerKey()).isEqualTo(answer(SCOPE, "a1"));
    assertThat(m.similarity()).isCloseTo(1 / Math.sqrt(1.01), within(1e-6));
  }

  @Test
  void nearest_belowTheThreshold_isNull() {
    add(SCOPE, v(1, 1, 0), "a1");

    assertThat(nearest(SCOPE, v(1, 0, 0), 0.8)).as("cosine 0.707").isNull();
  }

  @Test
  void nearest_atExactlyTheThreshold_matches_justAbove_doesNot() {
    add(SCOPE, v(3, 4, 0), "a1");
    double similarity = nearest(SCOPE, v(1, 0, 0), -1).similarity();

    assertThat(nearest(SCOPE, v(1, 0, 0), similarity)).isNotNull();
    assertThat(nearest(SCOPE, v(1, 0, 0), Math.nextUp(similarity))).isNull();
  }

  @Test
  void nearest_several_returnsTheMostSimilar() {
    add(SCOPE, v(1, 0, 0), "x");
    add(SCOPE, v(0, 1, 0), "y");
    add(SCOPE, v(0, 0, 1), "z");

    Match m = nearest(SCOPE, v(0.1f, 0.9f, 0.2f), 0.5);

    assertThat(m.answerKey()).isEqualTo(answer(SCOPE, "y"));
  }

  @Test
  void nearest_vectorsOfAnyLength_scoreAsCosine() {
    add(SCOPE, v(200, 0, 0), "long");

    Match m = nearest(SCOPE, v(0.001f, 0, 0), 0.999_999);

    assertThat(m.similarity()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void nearest_oppositeVector_scoresMinusOne() {
    add(SCOPE, v(1, 2, 3), "a1");

    assertThat(nearest(SCOPE, v(-1, -2, -3), -1).similarity()).isCloseTo(-1.0, within(1e-6));
  }

  @Test
  void nearest_otherDimension_isNeverCompared() {
    add(SCOPE, v(1, 0, 0), "three");

    assertThat(nearest(SCOPE, v(1, 0, 0, 0), -1)).isNull();

    add(SCOPE, v(0, 0, 0, 1), "four");
    assertThat(nearest(SCOPE, v(1, 0, 0, 0), -1).answerKey()).isEqualTo(answer(SCOPE, "four"));
    assertThat(nearest(SCOPE, v(1, 0, 0), -1).answerKey()).isEqualTo(answer(SCOPE, "three"));
  }

  @Test
  void nearest_otherScopeNamespaceOrAlias_seesNothing() {
    add(SCOPE, v(1, 0, 0), "a1");

    assertThat(nearest(new CacheKey("key:a", "gpt-4o", "scope2"), v(1, 0, 0), -1)).isNull();
    assertThat(nearest(new CacheKey("key:b", "gpt-4o", "scope1"), v(1, 0, 0), -1)).isNull();
    assertThat(nearest(new CacheKey("key:a", "claude", "scope1"), v(1, 0, 0), -1)).isNull();
  }

  @Test
  void nearest_zeroOrNonFiniteQuery_isNullNotNaN() {
    add(SCOPE, v(1, 0, 0), "a1");

    assertThat(nearest(SCOPE, v(0, 0, 0), -1)).isNull();
    assertThat(nearest(SCOPE, v(Float.NaN, 0, 0), -1)).isNull();
    assertThat(nearest(SCOPE, new float[0], -1)).isNull();
  }

  @Test
  void add_zeroVector_isNotStored() {
    add(SCOPE, v(0, 0, 0), "zero");
    add(SCOPE, v(Float.POSITIVE_INFINITY, 0, 0), "infinite");

    assertThat(nearest(SCOPE, v(1, 0, 0), -1)).isNull();
  }

  @Test
  void add_callerChangesTheVectorAfterwards_keepsWhatWasAdded() {
    float[] vector = v(1, 0, 0);
    add(SCOPE, vector, "a1");
    vector[0] = -1;

    assertThat(nearest(SCOPE, v(1, 0, 0), 0.99)).isNotNull();
  }

  @Test
  void add_ttlPassed_thatEntryExpiresOthersStay() {
    add(SCOPE, v(1, 0, 0), "brief", Duration.ofSeconds(10));
    add(SCOPE, v(0.9f, 0.1f, 0), "lasting", HOUR);
    assertThat(nearest(SCOPE, v(1, 0, 0), 0.9).answerKey()).isEqualTo(answer(SCOPE, "brief"));

    passTime(Duration.ofSeconds(10));

    assertThat(nearest(SCOPE, v(1, 0, 0), 0.9).answerKey()).isEqualTo(answer(SCOPE, "lasting"));
    passTime(HOUR);
    assertThat(nearest(SCOPE, v(1, 0, 0), 0.9)).isNull();
  }

  @Test
  void add_beyondTheCap_dropsTheOldest() {
    add(SCOPE, v(1, 0, 0, 0), "oldest");
    add(SCOPE, v(0, 1, 0, 0), "b");
    add(SCOPE, v(0, 0, 1, 0), "c");
    add(SCOPE, v(0, 0, 0, 1), "newest");

    assertThat(nearest(SCOPE, v(1, 0, 0, 0), 0.5)).isNull();
    for (String kept : List.of("b", "c", "newest")) {
      float[] at = new float[4];
      at[List.of("oldest", "b", "c", "newest").indexOf(kept)] = 1;
      assertThat(nearest(SCOPE, at, 0.5).answerKey()).isEqualTo(answer(SCOPE, kept));
    }
  }

  @Test
  void add_answerKeyOutsideTheScope_isRejected() {
    assertThatThrownBy(() -> index.add(SCOPE, v(1, 0, 0), new CacheKey("key:b", "gpt-4o", "a"),
        HOUR)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.add(SCOPE, v(1, 0, 0), new CacheKey("key:a", "claude", "a"),
        HOUR)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void add_nonPositiveTtl_isRejected() {
    assertThatThrownBy(() -> index.add(SCOPE, v(1, 0, 0), answer(SCOPE, "a"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nearest_nanThreshold_isRejected() {
    assertThatThrownBy(() -> index.nearest(SCOPE, v(1, 0, 0), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void purge_namespace_removesOnlyThatNamespace() {
    addAll();

    assertThat(await(index.purge("key:a", null))).isEqualTo(3);

    assertPresent(List.of("key:b"), List.of("gpt-4o", "claude"));
    assertAbsent(List.of("key:a"), List.of("gpt-4o", "claude"));
  }

  @Test
  void purge_alias_removesThatAliasInEveryNamespace() {
    addAll();

    assertThat(await(index.purge(null, "gpt-4o"))).isEqualTo(3);

    assertPresent(List.of("key:a", "key:b"), List.of("claude"));
    assertAbsent(List.of("key:a", "key:b"), List.of("gpt-4o"));
  }

  @Test
  void purge_namespaceAndAlias_removesOnlyTheirEntries() {
    addAll();

    assertThat(await(index.purge("key:a", "gpt-4o"))).isEqualTo(2);

    assertPresent(List.of("key:b"), List.of("gpt-4o", "claude"));
    assertPresent(List.of("key:a"), List.of("claude"));
    assertAbsent(List.of("key:a"), List.of("gpt-4o"));
  }

  @Test
  void purge_everything_removesEveryEntry_thenNothing() {
    addAll();

    assertThat(await(index.purge(null, null))).isEqualTo(5);

    assertAbsent(List.of("key:a", "key:b"), List.of("gpt-4o", "claude"));
    assertThat(await(index.purge(null, null))).isZero();
  }

  @Test
  void purge_globCharactersInNames_matchOnlyThemselves() {
    CacheKey star = new CacheKey("*", "?", "s");
    CacheKey plain = new CacheKey("key:\n", "[a]", "s");
    add(star, v(1, 0), "a");
    add(plain, v(1, 0), "a");

    assertThat(await(index.purge("*", null))).isEqualTo(1);

    assertThat(nearest(star, v(1, 0), 0.5)).isNull();
    assertThat(nearest(plain, v(1, 0), 0.5)).isNotNull();
  }

  protected SemanticIndex track(SemanticIndex i) {
    opened.add(i);
    return i;
  }

  protected static float[] v(float... xs) {
    return xs;
  }

  protected static CacheKey answer(CacheKey scope, String hash) {
    return new CacheKey(scope.namespace(), scope.alias(), hash);
  }

  protected Match nearest(CacheKey scope, float[] vector, double threshold) {
    return await(index.nearest(scope, vector, threshold));
  }

  protected void add(CacheKey scope, float[] vector, String answerHash) {
    add(scope, vector, answerHash, HOUR);
  }

  protected void add(CacheKey scope, float[] vector, String answerHash, Duration ttl) {
    await(index.add(scope, vector, answer(scope, answerHash), ttl));
  }

  /** In each namespace × alias, scope {@code s}: one entry, two for key:a × gpt-4o. */
  private void addAll() {
    for (String n : List.of("key:a", "key:b")) {
      for (String a : List.of("gpt-4o", "claude")) {
        add(new CacheKey(n, a, "s"), v(1, 0), n + "|" + a);
      }
    }
    add(new CacheKey("key:a", "gpt-4o", "s2"), v(1, 0), "other");
  }

  private void assertPresent(List<String> namespaces, List<String> aliases) {
    for (String n : namespaces) {
      for (String a : aliases) {
        CacheKey scope = new CacheKey(n, a, "s");
        assertThat(nearest(scope, v(1, 0), 0.5)).as("%s|%s", n, a).isNotNull()
            .extracting(Match::answerKey).isEqualTo(answer(scope, n + "|" + a));
      }
    }
  }

  private void assertAbsent(List<String> namespaces, List<String> aliases) {
    for (String n : namespaces) {
      for (String a : aliases) {
        assertThat(nearest(new CacheKey(n, a, "s"), v(1, 0), -1)).as("%s|%s", n, a).isNull();
      }
    }
  }

  protected static <T> T await(io.vertx.core.Future<T> future) {
    return ResponseCacheContractTest.await(future);
  }
}
