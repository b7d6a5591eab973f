package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.GenerationParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheabilityTest {

  @Test
  void deterministic_temperatureZero_only() {
    assertThat(Cacheability.deterministic(temperature(0.0))).isTrue();
    assertThat(Cacheability.deterministic(temperature(0.01))).isFalse();
    assertThat(Cacheability.deterministic(temperature(1.0))).isFalse();
    assertThat(Cacheability.deterministic(GenerationParams.DEFAULTS)).isFalse();
  }

  @Test
  void deterministic_seedOrTopPAlone_notEnough() {
    GenerationParams seeded = new GenerationParams(null, 0.0, null, List.of(), 1, 42L, null,
        null, null, null);

    assertThat(Cacheability.deterministic(seeded)).isFalse();
  }

  @Test
  void eligible_severalChoicesAtTemperatureZero_yes() {
    GenerationParams params = new GenerationParams(0.0, null, null, List.of(), 4, null, null,
        null, null, null);

    assertThat(Cacheability.eligible(params, false)).isTrue();
  }

  @Test
  void eligible_sampledRequest_onlyWithOptIn() {
    assertThat(Cacheability.eligible(temperature(0.7), false)).isFalse();
    assertThat(Cacheability.eligible(temperature(0.7), true)).isTrue();
    assertThat(Cacheability.eligible(GenerationParams.DEFAULTS, true)).isTrue();
  }

  private static GenerationParams temperature(double t) {
    return new GenerationParams(t, null, null, List.of(), null, null, null, null, null, null);
  }
}
