package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key layout and the {@code SCAN MATCH} patterns of {@link RedisKeys}; needs no Redis. */
class RedisKeysTest {

  private final RedisKeys keys = new RedisKeys("gantry:cache:");

  @Test
  void key_plainNames_areJoinedByNewlines() {
    assertThat(keys.key(new CacheKey("key:a", "gpt-4o", "ab12")))
        .isEqualTo("gantry:cache:key:a\ngpt-4o\nab12");
  }

  @Test
  void key_newlinesAndBackslashesInNames_areEscaped() {
    assertThat(keys.key(new CacheKey("a\nb", "c\\", "h")))
        .isEqualTo("gantry:cache:a\\nb\nc\\\\\nh");
    assertThat(keys.key(new CacheKey("a\nb", "c", "h")))
        .isNotEqualTo(keys.key(new CacheKey("a", "b\nc", "h")));
  }

  @Test
  void pattern_eachCombination_anchorsTheLiteralParts() {
    assertThat(keys.pattern(null, null)).isEqualTo("gantry:cache:*");
    assertThat(keys.pattern("key:a", null)).isEqualTo("gantry:cache:key:a\n*");
    assertThat(keys.pattern(null, "gpt-4o")).isEqualTo("gantry:cache:*\ngpt-4o\n*");
    assertThat(keys.pattern("key:a", "gpt-4o")).isEqualTo("gantry:cache:key:a\ngpt-4o\n*");
  }

  @Test
  void pattern_globCharacters_areEscaped() {
    assertThat(keys.pattern("k*?[x]", "a\\b\nc"))
        .isEqualTo("gantry:cache:k\\*\\?\\[x\\]\na\\\\\\\\b\\\\nc\n*");
    assertThat(new RedisKeys("p[1]*:").pattern(null, null)).isEqualTo("p\\[1\\]\\*:*");
  }
}
