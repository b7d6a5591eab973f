package dev.gantry.policies.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.CountCall;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.InputTokenCounting;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.TokenizerSpec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The provider's count, cached per request shape, and the estimate when it cannot be had. */
class ProviderCountsTest {

  private static final Deployment DEPLOYMENT = new Deployment("aws", "nova", 1, null);
  private static final ModelAlias ALIAS = new ModelAlias("nova", ModelKind.CHAT,
      List.of(DEPLOYMENT), null, TokenizerSpec.PROVIDER);
  private static final ChatRequest HELLO = ChatRequest.of("nova", List.of(Message.user("Hello")));
  private static final ChatRequest BYE = ChatRequest.of("nova", List.of(Message.user("Bye")));

  /** Counts each text's length times ten; fails when told to. */
  private static final class CountingAdapter implements ProviderAdapter, InputTokenCounting {
    final List<Invocation<ChatRequest>> sent = new ArrayList<>();
    boolean fail;

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.CHAT);
    }

    @Override
    public Future<CountCall> prepareCount(Invocation<ChatRequest> call) {
      String text = call.request().messages().get(0).content().toString();
      return Future.succeededFuture(CountCall.of("https://count", Buffer.buffer(text), () -> {
        sent.add(call);
        return fail ? Future.failedFuture(new GatewayException(
                dev.gantry.adapters.spi.ErrorKind.UPSTREAM_ERROR, "boom", null, -1, null))
            : Future.succeededFuture(text.length() * 10);
      }));
    }
  }

  private final CountingAdapter adapter = new CountingAdapter();
  private final AtomicLong nanos = new AtomicLong();
  private final ProviderCounts counts = new ProviderCounts(
      alias -> Optional.of(new ProviderCounts.Target(adapter, DEPLOYMENT)),
      Duration.ofMillis(500), nanos::get);

  private static int value(Future<Integer> f) {
    assertThat(f.succeeded()).as(String.valueOf(f.cause())).isTrue();
    return f.result();
  }

  private int count(ProviderCounts c, ChatRequest request) {
    return value(c.chatPrompt(ALIAS, request, "req-1", () -> Future.succeededFuture(-7)));
  }

  @Test
  void chatPrompt_sameShapeTwice_asksOnce() {
    int first = count(counts, HELLO);
    int second = count(counts, HELLO);

    assertThat(first).isPositive().isEqualTo(second);
    assertThat(adapter.sent).hasSize(1);
    assertThat(adapter.sent.get(0).upstreamModel()).isEqualTo("nova");
    assertThat(adapter.sent.get(0).timeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void chatPrompt_otherShape_asksAgain() {
    count(counts, HELLO);
    count(counts, BYE);

    assertThat(adapter.sent).hasSize(2);
  }

  @Test
  void chatPrompt_afterTheTtl_asksAgain() {
    count(counts, HELLO);
    nanos.addAndGet(ProviderCounts.TTL.toNanos() + 1);
    count(counts, HELLO);

    assertThat(adapter.sent).hasSize(2);
  }

  @Test
  void chatPrompt_countFails_estimatesAndCachesNothing() {
    adapter.fail = true;

    assertThat(count(counts, HELLO)).isEqualTo(-7);
    adapter.fail = false;
    assertThat(count(counts, HELLO)).isPositive();
    assertThat(counts.fallbacks()).isEqualTo(1);
    assertThat(adapter.sent).hasSize(2);
  }

  @Test
  void chatPrompt_noCountingDeployment_estimates() {
    ProviderAdapter plain = () -> Set.of(Capability.CHAT);
    ProviderCounts none = new ProviderCounts(
        alias -> Optional.of(new ProviderCounts.Target(plain, DEPLOYMENT)));

    assertThat(count(none, HELLO)).isEqualTo(-7);
    assertThat(count(ProviderCounts.NONE, HELLO)).isEqualTo(-7);
    assertThat(none.fallbacks()).isEqualTo(1);
  }
}
