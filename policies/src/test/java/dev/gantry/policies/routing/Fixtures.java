package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.ServerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Shared pieces of the routing tests: configs, a hand-driven clock and timers. */
final class Fixtures {

  private Fixtures() {}

  /** A deployment on provider {@code p} with the given model and weight. */
  static Deployment deployment(String model, int weight) {
    return new Deployment("p", model, weight, null);
  }

  /** A catalog whose every deployment is served by {@code adapter}. */
  static ModelCatalog catalog(List<ModelAlias> aliases, ProviderAdapter adapter) {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("p", new ProviderSettings.OpenAi("p", "http://p/v1", null, null, null, null,
        Duration.ofSeconds(30), 1));
    GatewayConfig config = new GatewayConfig(ServerSettings.DEFAULTS, providers, aliases,
        List.<ApiKey>of());
    return new ModelCatalog(config, Map.of("p", adapter));
  }

  static final ProviderAdapter NOTHING = () -> EnumSet.allOf(Capability.class);

  /** A clock moved by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Timers on a {@link ManualClock}: tasks run when the test advances time past them. */
  static final class ManualTimers implements Timers {
    private record Task(long at, long id, Runnable run) {}

    private final ManualClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
        (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.id, b.id));
    private final List<Long> delays = new ArrayList<>();
    private long next;

    ManualTimers(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public long set(long millis, Runnable task) {
      delays.add(millis);
      long id = next++;
      tasks.add(new Task(clock.millis() + millis, id, task));
      return id;
    }

    @Override
    public void cancel(long id) {
      tasks.removeIf(t -> t.id == id);
    }

    /** Moves the clock forward, running each task that falls due, in order. */
    void advance(Duration d) {
      long end = clock.millis() + d.toMillis();
      while (!tasks.isEmpty() && tasks.peek().at <= end) {
        Task t = tasks.poll();
        clock.advance(Duration.ofMillis(t.at - clock.millis()));
        t.run.run();
      }
      clock.advance(Duration.ofMillis(end - clock.millis()));
    }

    /** The delays asked for so far. */
    List<Long> delays() {
      return delays;
    }
  }
}
