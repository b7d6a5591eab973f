package dev.gantry.gateway.routing;

import static dev.gantry.gateway.routing.Fleet.CHAT;
import static dev.gantry.gateway.routing.Fleet.alias;
import static dev.gantry.gateway.routing.Fleet.chat;
import static dev.gantry.gateway.routing.Fleet.deployment;
import static dev.gantry.gateway.routing.Fleet.routing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.Fallbacks;
import dev.gantry.config.Routing;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the gateway spreads healthy traffic over an alias's deployments, as counted by the fake
 * servers behind it.
 */
class DistributionEndToEndTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  /** Requests in flight at once while measuring a distribution. */
  private static final int CONCURRENCY = 8;

  private Fleet fleet;

  @BeforeEach
  void startFleet() throws Exception {
    fleet = Fleet.start("a", "b", "c");
  }

  @AfterEach
  void stopFleet() throws Exception {
    fleet.close();
  }

  /** Sends {@code total} requests, {@link #CONCURRENCY} at a time; returns their statuses. */
  private List<Integer> send(String model, int total) {
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    for (int sent = 0; sent < total; sent += CONCURRENCY) {
      List<CompletableFuture<?>> batch = new ArrayList<>();
      for (int i = sent; i < Math.min(total, sent + CONCURRENCY); i++) {
        batch.add(fleet.http().sendAsync(fleet.request(chat(model, false)),
            HttpResponse.BodyHandlers.ofString()).thenAccept(r -> statuses.add(r.statusCode())));
      }
      CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
    }
    return statuses;
  }

  @Test
  void weighted_threeToOne_isHonouredWithinTolerance() throws Exception {
    fleet.serve(DEADLINE, alias("weighted", routing(Routing.Strategy.WEIGHTED, 3), Fallbacks.NONE,
        deployment("a", "gpt-4o-mini", 0, 3), deployment("b", "gpt-4o-mini", 0, 1)));

    List<Integer> statuses = send("weighted", 400);

    assertThat(statuses).hasSize(400).containsOnly(200);
    long toA = fleet.fake("a").calls(CHAT);
    long toB = fleet.fake("b").calls(CHAT);
    assertThat(toA + toB).isEqualTo(400);
    // expected 300 / 100; one standard deviation is sqrt(400 * 3/4 * 1/4) ≈ 8.7 requests
    assertThat(toA).as("share of the weight-3 deployment").isBetween(255L, 345L);
  }

  @Test
  void roundRobin_takesEachDeploymentInTurn_weightsIgnored() throws Exception {
    fleet.serve(DEADLINE, alias("rr", routing(Routing.Strategy.ROUND_ROBIN, 3), Fallbacks.NONE,
        deployment("a", "gpt-4o-mini", 0, 1), deployment("b", "gpt-4o-mini", 0, 5),
        deployment("c", "gpt-4o-mini", 0, 1)));

    List<String> served = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      HttpResponse<String> resp = fleet.post(chat("rr", false));
      assertThat(resp.statusCode()).isEqualTo(200);
      served.add(resp.headers().firstValue("x-gantry-deployment").orElseThrow());
    }

    List<String> cycle = List.of("a/gpt-4o-mini", "b/gpt-4o-mini", "c/gpt-4o-mini");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      expected.addAll(cycle);
    }
    assertThat(served).containsExactlyElementsOf(expected);
    assertThat(List.of(fleet.fake("a").calls(CHAT), fleet.fake("b").calls(CHAT),
        fleet.fake("c").calls(CHAT))).containsExactly(3L, 3L, 3L);

    assertThat(send("rr", 30)).as("concurrent requests too").containsOnly(200);
    assertThat(List.of(fleet.fake("a").calls(CHAT), fleet.fake("b").calls(CHAT),
        fleet.fake("c").calls(CHAT))).containsExactly(13L, 13L, 13L);
  }
}
