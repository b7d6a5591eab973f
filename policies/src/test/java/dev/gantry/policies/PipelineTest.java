package dev.gantry.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Pipeline;
import dev.gantry.policies.routing.DeploymentStates;
import dev.gantry.policies.routing.Failover;
import dev.gantry.policies.routing.Router;
import dev.gantry.policies.routing.Timers;
import dev.gantry.policies.routing.Invoke;
import dev.gantry.policies.routing.ModelCatalog;
import dev.gantry.policies.routing.ResolveRoute;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The standard pipeline (authenticate → resolve route → invoke) on scripted adapters. */
class PipelineTest {

  /** An adapter that answers from a script and records which deployment model it was asked for. */
  static final class ScriptedAdapter implements ProviderAdapter {
    final List<String> calls = new ArrayList<>();
    final Set<Capability> caps;
    GatewayException failWith;

    ScriptedAdapter(Set<Capability> caps) {
      this.caps = caps;
    }

    @Override
    public Set<Capability> capabilities() {
      return caps;
    }

    @Override
    public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
      calls.add(call.upstreamModel());
      if (failWith != null) {
        return Future.failedFuture(failWith);
      }
      return Future.succeededFuture(new ChatResponse(List.of(), Usage.of(1, 2), null));
    }
  }

  private final ScriptedAdapter primary = new ScriptedAdapter(EnumSet.of(Capability.CHAT));
  private final ScriptedAdapter backup = new ScriptedAdapter(EnumSet.allOf(Capability.class));
  private final MutableClock clock = new MutableClock();
  private final Pipeline pipeline;

  PipelineTest() {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("a", new ProviderSettings.OpenAi("a", "http://a/v1", null, null, null, null, null, 1));
    providers.put("b", new ProviderSettings.OpenAi("b", "http://b/v1", null, null, null, null, null, 1));
    GatewayConfig config = new GatewayConfig(ServerSettings.DEFAULTS, providers, List.of(
        new ModelAlias("chat", ModelKind.CHAT, List.of(new Deployment("a", "m-a", 1, null),
            new Deployment("b", "m-b", 1, null)), null),
        new ModelAlias("emb", ModelKind.EMBEDDINGS, List.of(new Deployment("b", "e", 1, null)), null)),
        List.of(new ApiKey("k", SecretRef.literal("sk-1"), null, List.of("chat")),
            new ApiKey("e", SecretRef.literal("sk-2"), null, List.of("emb"))));
    ModelCatalog catalog = new ModelCatalog(config, Map.of("a", primary, "b", backup));
    KeyRing keys = KeyRing.of(config.keys(), Map.of());
    DeploymentStates states = new DeploymentStates(config.models(), clock);
    pipeline = new Pipeline(List.of(new Authenticate(() -> keys), new ResolveRoute(() -> catalog),
        new Failover(() -> catalog, states, new Router(states, new Random(1)), new ImmediateTimers(),
            clock, new Random(1), Duration.ofSeconds(30)),
        new Invoke()));
  }

  private Future<Outcome> run(ChatRequest request, String key) {
    return pipeline.run(new Exchange("req-1", new ApiCall.Chat(request), key, System.nanoTime()));
  }

  private static ChatRequest chat(String model) {
    return ChatRequest.of(model, List.of(Message.user("hi")));
  }

  private static ErrorKind kindOf(Future<?> f) {
    assertThat(f.failed()).isTrue();
    return ((GatewayException) f.cause()).kind();
  }

  @Test
  void run_validKey_callsOneDeployment() {
    Future<Outcome> f = run(chat("chat"), "sk-1");
    assertThat(f.succeeded()).isTrue();
    assertThat(primary.calls.size() + backup.calls.size()).isEqualTo(1);
  }

  @Test
  void run_missingOrWrongKey_isAuthentication() {
    assertThat(kindOf(run(chat("chat"), null))).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(kindOf(run(chat("chat"), "sk-nope"))).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(primary.calls).isEmpty();
  }

  @Test
  void run_unknownAlias_isModelNotFound_andForbiddenAlias_isPermission() {
    assertThat(kindOf(run(chat("nope"), "sk-1"))).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    assertThat(kindOf(run(chat("chat"), "sk-2"))).isEqualTo(ErrorKind.PERMISSION);
  }

  @Test
  void run_embeddingsAliasForChat_isInvalidRequest() {
    assertThat(kindOf(run(chat("emb"), "sk-2"))).isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void run_streamOnlyOneDeploymentCanServe_goesThere() {
    Future<Outcome> f = run(chat("chat").withStream(true, false), "sk-1");
    assertThat(primary.calls).as("the primary cannot stream").isEmpty();
    assertThat(f.failed()).as("the scripted backup does not stream either").isTrue();
    assertThat(kindOf(f)).isEqualTo(ErrorKind.UNSUPPORTED);
  }

  @Test
  void run_retryableFailure_isServedByTheOtherDeployment() {
    primary.failWith = new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "down");
    backup.failWith = null;

    for (int i = 0; i < 10; i++) {
      assertThat(run(chat("chat"), "sk-1").succeeded()).isTrue();
    }
    assertThat(backup.calls).hasSize(10);
  }

  @Test
  void run_nonRetryableFailure_isReturnedWithoutTryingAnotherDeployment() {
    primary.failWith = GatewayException.invalid("bad", "messages");
    backup.failWith = GatewayException.invalid("bad", "messages");

    assertThat(kindOf(run(chat("chat"), "sk-1"))).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(primary.calls.size() + backup.calls.size()).isEqualTo(1);
  }

  @Test
  void keyRing_hashedAndPlainKeys_matchTheSameWay() {
    KeyRing ring = KeyRing.of(List.of(new ApiKey("h", null, KeyRing.sha256("sk-h"), List.of())), Map.of());
    assertThat(ring.find("sk-h")).isPresent();
    assertThat(ring.find("sk-x")).isEmpty();
  }

  /** Runs each task at once: the scripted adapters answer synchronously. */
  static final class ImmediateTimers implements Timers {
    @Override
    public long set(long millis, Runnable task) {
      task.run();
      return 0;
    }

    @Override
    public void cancel(long id) {}
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
