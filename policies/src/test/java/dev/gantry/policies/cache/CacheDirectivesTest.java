package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheDirectivesTest {

  @Test
  void parse_noHeader_readsAndStores() {
    CacheDirectives d = CacheDirectives.parse(List.of());

    assertThat(d).isEqualTo(CacheDirectives.NONE);
    assertThat(d.mayRead()).isTrue();
    assertThat(d.mayStore()).isTrue();
    assertThat(d.accepts(Duration.ofDays(3650))).isTrue();
  }

  @Test
  void parse_noCache_skipsReadButStores() {
    CacheDirectives d = CacheDirectives.parse(List.of("no-cache"));

    assertThat(d.mayRead()).isFalse();
    assertThat(d.accepts(Duration.ZERO)).isFalse();
    assertThat(d.mayStore()).isTrue();
  }

  @Test
  void parse_noStore_readsButDoesNotStore() {
    CacheDirectives d = CacheDirectives.parse(List.of("no-store"));

    assertThat(d.mayRead()).isTrue();
    assertThat(d.mayStore()).isFalse();
  }

  @Test
  void parse_noCacheAndNoStore_neither() {
    CacheDirectives d = CacheDirectives.parse(List.of("No-Cache, NO-STORE"));

    assertThat(d.mayRead()).isFalse();
    assertThat(d.mayStore()).isFalse();
  }

  @Test
  void parse_maxAge_acceptsEntriesUpToThatAge() {
    CacheDirectives d = CacheDirectives.parse(List.of("max-age=60"));

    assertThat(d.maxAgeSeconds()).isEqualTo(60);
    assertThat(d.accepts(Duration.ofSeconds(60))).isTrue();
    assertThat(d.accepts(Duration.ofSeconds(60).plusMillis(1))).isFalse();
    assertThat(d.mayStore()).isTrue();
  }

  @Test
  void parse_maxAgeZero_neverReads() {
    CacheDirectives d = CacheDirectives.parse(List.of("max-age=0"));

    assertThat(d.mayRead()).isFalse();
    assertThat(d.accepts(Duration.ZERO)).isFalse();
    assertThat(d.mayStore()).isTrue();
  }

  @Test
  void parse_quotedSpacedAndRepeated_smallestMaxAgeWins() {
    CacheDirectives d = CacheDirectives.parse(List.of(" max-age = \"300\" ", "MAX-AGE=120,x=1"));

    assertThat(d.maxAgeSeconds()).isEqualTo(120);
  }

  @Test
  void parse_malformedMaxAge_countsAsZero() {
    for (String value : List.of("max-age", "max-age=", "max-age=-5", "max-age=1.5", "max-age=ten")) {
      assertThat(CacheDirectives.parse(List.of(value)).mayRead()).as(value).isFalse();
    }
  }

  @Test
  void parse_hugeMaxAge_cappedAtTwoToThe31() {
    CacheDirectives d = CacheDirectives.parse(List.of("max-age=99999999999999999999999"));

    assertThat(d.maxAgeSeconds()).isEqualTo(2147483648L);
  }

  @Test
  void parse_onlyIfCached_andUnknownDirectives() {
    CacheDirectives d = CacheDirectives.parse(
        List.of("only-if-cached, max-stale=10, min-fresh=5, no-transform, foo=\"bar\""));

    assertThat(d.onlyIfCached()).isTrue();
    assertThat(d.mayRead()).isTrue();
    assertThat(d.mayStore()).isTrue();
    assertThat(d.maxAgeSeconds()).isEqualTo(Long.MAX_VALUE);
  }
}
