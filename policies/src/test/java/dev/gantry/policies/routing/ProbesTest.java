package dev.gantry.policies.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.Deployment;
import dev.gantry.config.Fallbacks;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.Routing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Active probes feed the breaker: failures open it, a probe after the open period closes it. */
class ProbesTest {

  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
  private final Fixtures.ManualTimers timers = new Fixtures.ManualTimers(clock);
  private final List<String> probed = new ArrayList<>();
  private boolean healthy;

  private final ProviderAdapter adapter = new ProviderAdapter() {
    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.CHAT);
    }

    @Override
    public Future<Void> probe(String model) {
      probed.add(model);
      return healthy ? Future.succeededFuture()
          : Future.failedFuture(new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "down"));
    }
  };

  @Test
  void probes_openTheBreakerOfADeadDeployment_andCloseItOnceItAnswers() {
    Routing routing = new Routing(Routing.Strategy.WEIGHTED, 3, Duration.ofMillis(100),
        Duration.ofSeconds(1), new Routing.Breaker(50, 100, Duration.ofSeconds(60), 2, 2,
            Duration.ofSeconds(30), 1), null, Duration.ofSeconds(60), Duration.ofSeconds(60),
        Duration.ofSeconds(10));
    ModelAlias alias = new ModelAlias("chat", ModelKind.CHAT, List.of(
        new Deployment("p", "m", 1, null)), null, null, routing, Fallbacks.NONE);
    DeploymentStates states = new DeploymentStates(List.of(alias), clock);
    Probes probes = new Probes(() -> Fixtures.catalog(List.of(alias), adapter), states, timers,
        clock);

    probes.start();
    timers.advance(Duration.ofSeconds(20));
    assertThat(probed).hasSize(2);
    assertThat(states.of("p/m").breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

    timers.advance(Duration.ofSeconds(20));
    assertThat(probed).as("no probe while the breaker waits").hasSize(2);

    healthy = true;
    timers.advance(Duration.ofSeconds(20)); // the probe after the 30 s open period goes out
    assertThat(probed).hasSize(3);
    assertThat(states.of("p/m").breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(states.of("p/m").inFlight()).isZero();

    probes.stop();
    int before = probed.size();
    timers.advance(Duration.ofMinutes(5));
    assertThat(probed).hasSize(before);
  }
}
