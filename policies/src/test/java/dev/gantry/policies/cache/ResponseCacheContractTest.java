package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ResponseCache} shares, run on each store (style.md convention 6): a
 * subclass opens a cache that sees no entry of another test, and says how a TTL passes for it.
 * Entries a test does not expect to expire live an hour.
 */
public abstract class ResponseCacheContractTest {

  protected static final Duration HOUR = Duration.ofHours(1);
  /** Names holding every glob character, both separators' escapes, newlines and non-ASCII. */
  protected static final List<String> TRICKY = List.of("key:*", "key:a", "key:?", "key:[ab]",
      "key:b", "key:\\", "key:\\n", "key:\n", "team:\u00fc\u65e5\u672c\ud83d\ude00", "", "*", "?");

  protected static Vertx vertx;

  private final List<ResponseCache> opened = new ArrayList<>();
  protected ResponseCache cache;

  /** Opens the cache under test, empty of any other test's entries. */
  protected abstract ResponseCache openCache();

  /** The shortest TTL the expiry test uses: it waits for it with {@link #passTtl}. */
  protected abstract Duration shortTtl();

  /** Lets at least {@code ttl} pass on the cache's clock. */
  protected abstract void passTtl(Duration ttl);

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
    cache = track(openCache());
  }

  @AfterEach
  void closeCaches() {
    for (ResponseCache c : opened) {
      await(c.close());
    }
  }

  @Test
  void get_absent_isNull() {
    assertThat(get(key("global", "gpt-4o", "00"))).isNull();
  }

  @Test
  void put_thenGet_roundTripsEveryByteValue() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    CacheKey k = key("key:a", "gpt-4o", "01");

    put(k, all, HOUR);

    assertThat(get(k)).isEqualTo(all);
  }

  @Test
  void put_emptyValue_isStoredAsEmpty() {
    CacheKey k = key("key:a", "gpt-4o", "02");

    put(k, new byte[0], HOUR);

    assertThat(get(k)).isNotNull().isEmpty();
  }

  @Test
  void put_valueChangedByTheCallerAfterwards_keepsWhatWasPut() {
    CacheKey k = key("key:a", "gpt-4o", "03");
    byte[] value = bytes("answer");

    put(k, value, HOUR);
    value[0] = 'X';
    byte[] read = get(k);
    read[1] = 'Y';

    assertThat(get(k)).isEqualTo(bytes("answer"));
  }

  @Test
  void put_sameKey_replacesTheValue() {
    CacheKey k = key("key:a", "gpt-4o", "04");
    put(k, bytes("first"), HOUR);

    put(k, bytes("second"), HOUR);

    assertThat(get(k)).isEqualTo(bytes("second"));
  }

  @Test
  void put_sameAliasAndHashInTwoNamespaces_areDistinct() {
    CacheKey a = key("key:a", "gpt-4o", "05");
    CacheKey b = key("key:b", "gpt-4o", "05");
    put(a, bytes("for a"), HOUR);
    put(b, bytes("for b"), HOUR);

    assertThat(get(a)).isEqualTo(bytes("for a"));
    assertThat(get(b)).isEqualTo(bytes("for b"));
    assertThat(get(key("global", "gpt-4o", "05"))).isNull();
  }

  @Test
  void put_namesSplitDifferentlyAtANewline_areDistinct() {
    CacheKey a = key("a\nb", "c", "06");
    CacheKey b = key("a", "b\nc", "06");
    CacheKey c = key("a\\", "nb", "06");
    put(a, bytes("a"), HOUR);
    put(b, bytes("b"), HOUR);
    put(c, bytes("c"), HOUR);

    assertThat(get(a)).isEqualTo(bytes("a"));
    assertThat(get(b)).isEqualTo(bytes("b"));
    assertThat(get(c)).isEqualTo(bytes("c"));
  }

  @Test
  void put_ttlPassed_thatEntryExpiresOthersStay() {
    CacheKey brief = key("key:a", "gpt-4o", "07");
    CacheKey lasting = key("key:a", "gpt-4o", "08");
    put(brief, bytes("brief"), shortTtl());
    put(lasting, bytes("lasting"), HOUR);

    passTtl(shortTtl());
    awaitAbsent(brief);

    assertThat(get(lasting)).isEqualTo(bytes("lasting"));
  }

  @Test
  void put_replacedWithAShortTtl_expiresOnTheNewTtl() {
    CacheKey k = key("key:a", "gpt-4o", "09");
    put(k, bytes("first"), HOUR);
    put(k, bytes("second"), shortTtl());

    passTtl(shortTtl());

    awaitAbsent(k);
  }

  @Test
  void purge_namespace_removesOnlyThatNamespace() {
    putAll(List.of("key:a", "key:b"), List.of("gpt-4o", "claude"));

    assertThat(await(cache.purge("key:a", null))).isEqualTo(2);

    assertPresent(List.of("key:b"), List.of("gpt-4o", "claude"));
    assertThat(get(key("key:a", "gpt-4o", "h"))).isNull();
    assertThat(get(key("key:a", "claude", "h"))).isNull();
  }

  @Test
  void purge_alias_removesThatAliasInEveryNamespace() {
    putAll(List.of("key:a", "key:b"), List.of("gpt-4o", "claude"));

    assertThat(await(cache.purge(null, "gpt-4o"))).isEqualTo(2);

    assertPresent(List.of("key:a", "key:b"), List.of("claude"));
    assertThat(get(key("key:a", "gpt-4o", "h"))).isNull();
    assertThat(get(key("key:b", "gpt-4o", "h"))).isNull();
  }

  @Test
  void purge_namespaceAndAlias_removesOnlyTheirEntries() {
    putAll(List.of("key:a", "key:b"), List.of("gpt-4o", "claude"));
    put(key("key:a", "gpt-4o", "other"), bytes("v"), HOUR);

    assertThat(await(cache.purge("key:a", "gpt-4o"))).isEqualTo(2);

    assertPresent(List.of("key:b"), List.of("gpt-4o", "claude"));
    assertPresent(List.of("key:a"), List.of("claude"));
    assertThat(get(key("key:a", "gpt-4o", "h"))).isNull();
  }

  @Test
  void purge_everything_removesEveryEntry() {
    putAll(List.of("key:a", "key:b", "global"), List.of("gpt-4o", "claude"));

    assertThat(await(cache.purge(null, null))).isEqualTo(6);

    assertThat(get(key("global", "claude", "h"))).isNull();
    assertThat(await(cache.purge(null, null))).isZero();
  }

  @Test
  void purge_nothingMatches_removesNothing() {
    putAll(List.of("key:a"), List.of("gpt-4o"));

    assertThat(await(cache.purge("key:zz", null))).isZero();
    assertThat(await(cache.purge(null, "zz"))).isZero();
    assertThat(await(cache.purge("key:a", "zz"))).isZero();

    assertPresent(List.of("key:a"), List.of("gpt-4o"));
  }

  @Test
  void purge_trickyNamespace_matchesItLiterally() {
    putAll(TRICKY, List.of("gpt-4o"));

    for (int i = 0; i < TRICKY.size(); i++) {
      String purged = TRICKY.get(i);
      assertThat(await(cache.purge(purged, null))).as("purge of namespace %s", purged)
          .isEqualTo(1);
      assertThat(get(key(purged, "gpt-4o", "h"))).isNull();
      assertPresent(TRICKY.subList(i + 1, TRICKY.size()), List.of("gpt-4o"));
    }
  }

  @Test
  void purge_trickyAlias_matchesItLiterally() {
    putAll(List.of("key:a", "key:*"), TRICKY);

    for (int i = 0; i < TRICKY.size(); i++) {
      String purged = TRICKY.get(i);
      assertThat(await(cache.purge(null, purged))).as("purge of alias %s", purged).isEqualTo(2);
      assertPresent(List.of("key:a", "key:*"), TRICKY.subList(i + 1, TRICKY.size()));
    }
  }

  @Test
  void purge_trickyNamespaceAndAlias_matchesBothLiterally() {
    putAll(TRICKY, TRICKY);

    assertThat(await(cache.purge("*", "*"))).isEqualTo(1);
    assertThat(await(cache.purge("key:[ab]", "?"))).isEqualTo(1);
    assertThat(await(cache.purge("key:\\", "key:\n"))).isEqualTo(1);

    assertThat(get(key("*", "*", "h"))).isNull();
    assertThat(get(key("*", "?", "h"))).isEqualTo(bytes("*|?"));
    assertThat(get(key("key:a", "?", "h"))).isEqualTo(bytes("key:a|?"));
    assertThat(get(key("key:\\", "key:\\n", "h"))).isEqualTo(bytes("key:\\|key:\\n"));
    assertThat(await(cache.purge(null, null))).isEqualTo(TRICKY.size() * TRICKY.size() - 3);
  }

  protected ResponseCache track(ResponseCache c) {
    opened.add(c);
    return c;
  }

  protected static CacheKey key(String namespace, String alias, String hash) {
    return new CacheKey(namespace, alias, hash);
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected byte[] get(CacheKey k) {
    return await(cache.get(k));
  }

  protected void put(CacheKey k, byte[] value, Duration ttl) {
    await(cache.put(k, value, ttl));
  }

  /** One entry per namespace × alias, hash {@code h}, valued {@code namespace|alias}. */
  private void putAll(List<String> namespaces, List<String> aliases) {
    for (String n : namespaces) {
      for (String a : aliases) {
        put(key(n, a, "h"), bytes(n + "|" + a), HOUR);
      }
    }
  }

  private void assertPresent(List<String> namespaces, List<String> aliases) {
    for (String n : namespaces) {
      for (String a : aliases) {
        assertThat(get(key(n, a, "h"))).as("%s|%s", n, a).isEqualTo(bytes(n + "|" + a));
      }
    }
  }

  /** Polls for up to 3 s until {@code k} reads as absent (Redis expires keys on its own time). */
  private void awaitAbsent(CacheKey k) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (get(k) != null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still present 3 s after its TTL: " + k);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the cache did not answer: " + e, e);
    }
  }
}
