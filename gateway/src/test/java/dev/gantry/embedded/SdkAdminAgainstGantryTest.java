package dev.gantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.sdk.AuthenticationException;
import dev.gantry.sdk.ConflictException;
import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.PermissionDeniedException;
import dev.gantry.sdk.admin.AdminService;
import dev.gantry.sdk.admin.AliasConfig;
import dev.gantry.sdk.admin.AuditEntry;
import dev.gantry.sdk.admin.AuditQuery;
import dev.gantry.sdk.admin.Budget;
import dev.gantry.sdk.admin.CachePurge;
import dev.gantry.sdk.admin.DeploymentHealth;
import dev.gantry.sdk.admin.IssuedKey;
import dev.gantry.sdk.admin.KeySpec;
import dev.gantry.sdk.admin.LimitBucket;
import dev.gantry.sdk.admin.Limits;
import dev.gantry.sdk.admin.ProviderConfig;
import dev.gantry.sdk.admin.Rollback;
import dev.gantry.sdk.admin.RoutingChange;
import dev.gantry.sdk.admin.RoutingVersion;
import dev.gantry.sdk.admin.Team;
import dev.gantry.sdk.admin.TeamSpec;
import dev.gantry.sdk.admin.UsageGroupBy;
import dev.gantry.sdk.admin.UsageQuery;
import dev.gantry.sdk.admin.UsageTotal;
import dev.gantry.sdk.admin.VirtualKey;
import dev.gantry.sdk.chat.ChatCompletion;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java SDK's admin API against a real Gantry embedded in this JVM (fake upstream, embedded
 * state store), driven only through {@link GantryClient}: keys and teams end to end (a rotated or
 * revoked key is refused), live routing with If-Match, dry runs, history and rollback, then
 * deployments' health, usage, limits, the audit log and the cache.
 */
class SdkAdminAgainstGantryTest {

  private static final String ADMIN_KEY = "sk-sdk-admin-test";
  private static final String USER_KEY = "sk-sdk-admin-user";

  @TempDir
  static Path dir;
  private static Vertx vertx;
  private static FakeOpenAiUpstream upstream;
  private static Gantry gantry;
  private static GantryClient client;
  private static AdminService admin;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    Path yaml = dir.resolve("gantry.yaml");
    Files.writeString(yaml, "providers:\n"
        + "  blue: { type: openai, base_url: '" + upstream.baseUrl() + "' }\n"
        + "  green: { type: openai, base_url: '" + upstream.baseUrl() + "' }\n"
        + "cache: { store: memory }\n"
        + "models:\n"
        + "  - { name: chat, deployments: [ { provider: blue, model: gpt-4o-mini,"
        + " price: { input: 1.0, output: 2.0 } } ] }\n"
        + "  - { name: routed, tokenizer: 'tiktoken:o200k_base', limits: { rpm: 1000 },"
        + " deployments: [ { provider: blue, model: gpt-4o-mini } ] }\n"
        + "keys:\n"
        + "  - { name: ops, key: " + ADMIN_KEY + ", admin: true }\n"
        + "  - { name: user, key: " + USER_KEY + " }\n"
        + "state_store: { path: '" + dir.resolve("state") + "' }\n");
    gantry = Gantry.start(yaml, 0);
    client = clientWith(ADMIN_KEY);
    admin = client.admin();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gantry.close();
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * Waits for an audit entry of {@code action}: entries of admin actions other than routing
   * changes are written once the action is answered (README, "What is not done yet").
   */
  private static void awaitAudit(String action) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (admin.audit(AuditQuery.latest().withAction(action)).data().isEmpty()) {
      assertThat(System.nanoTime()).as("an audit entry of " + action).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static GantryClient clientWith(String key) {
    return GantryClient.builder().baseUrl(gantry.baseUri().toString()).apiKey(key)
        .maxRetries(0).build();
  }

  private static ChatCompletion chat(String key, String model) {
    try (GantryClient c = clientWith(key)) {
      return c.chat().create(ChatCompletionRequest.builder().model(model)
          .addMessage(ChatMessage.user("Hello!")).build());
    }
  }

  @Test
  void keysAndTeams_createListUpdateRotateRevoke_andRevokedKeysAreRefused() {
    Team team = admin.teams().create(TeamSpec.named("support")
        .withLimits(Limits.builder().rpm(500).build())
        .withBudget(Budget.perMonth(new BigDecimal("100"))));
    IssuedKey issued = admin.keys().create(KeySpec.builder("support-bot").team("support")
        .addModel("chat").limits(Limits.builder().rpm(100).build())
        .metadata("owner", "ann").build());

    assertThat(team.budget().usd()).isEqualByComparingTo("100");
    assertThat(issued.key()).startsWith("gk-");
    assertThat(issued.toString()).doesNotContain(issued.key());
    assertThat(chat(issued.key(), "chat").content()).as("usable at once").isPresent();
    assertThat(admin.teams().list().data()).extracting(Team::name).contains("support");
    VirtualKey listed = admin.keys().list().data().stream()
        .filter(k -> k.id().equals(issued.id())).findFirst().orElseThrow();
    assertThat(listed.team()).isEqualTo("support");
    assertThat(listed.models()).containsExactly("chat");
    assertThat(listed.metadata()).containsEntry("owner", "ann");

    VirtualKey updated = admin.keys().update(issued.id(), listed.toSpec().toBuilder()
        .limits(Limits.builder().rpm(7).build()).build());
    Team teamUpdated = admin.teams().update(team.toSpec()
        .withLimits(Limits.builder().rpm(50).build()));
    assertThat(updated.limits().rpm()).isEqualTo(7L);
    assertThat(updated.metadata()).as("kept by the round trip").containsEntry("owner", "ann");
    assertThat(teamUpdated.limits().rpm()).isEqualTo(50L);
    assertThat(teamUpdated.budget()).as("kept by the round trip").isNotNull();

    IssuedKey rotated = admin.keys().rotate(issued.id());
    assertThatThrownBy(() -> chat(issued.key(), "chat"))
        .as("the old key stops working").isInstanceOf(AuthenticationException.class);
    assertThat(chat(rotated.key(), "chat").content()).isPresent();

    VirtualKey revoked = admin.keys().revoke(issued.id());
    assertThat(revoked.isRevoked()).isTrue();
    assertThatThrownBy(() -> chat(rotated.key(), "chat"))
        .isInstanceOf(AuthenticationException.class);
    assertThat(admin.teams().delete("support").deleted()).isTrue();
    assertThat(admin.teams().list().data()).extracting(Team::name).doesNotContain("support");

    awaitAudit("keys.revoke");
    awaitAudit("teams.delete");
    assertThat(admin.audit(AuditQuery.latest().withAction("keys.")).stream()
        .filter(e -> issued.id().equals(e.target())).map(AuditEntry::action))
        .containsExactly("keys.revoke", "keys.rotate", "keys.update", "keys.create");
    assertThat(admin.audit(AuditQuery.latest().withAction("teams.").withActor("ops")).stream()
        .map(AuditEntry::action)).contains("teams.create", "teams.update", "teams.delete");
  }

  @Test
  void routing_ifMatch_dryRun_history_andRollback() {
    AliasConfig routed = admin.aliases().get("routed");
    long before = admin.routing().current().version();
    assertThat(routed.etag()).isPresent();
    assertThat(routed.field("tokenizer").orElseThrow().asText()).isEqualTo("tiktoken:o200k_base");
    assertThat(chat(USER_KEY, "routed").headers().deployment()).contains("blue/gpt-4o-mini");
    AliasConfig moved = routed.toBuilder().clearDeployments()
        .addDeployment("green", "gpt-4o-mini").build();

    RoutingChange<AliasConfig> preview = admin.aliases().dryRun().updateIfUnchanged(moved);
    assertThat(preview.dryRun()).isTrue();
    assertThat(preview.changes())
        .containsExactly("models.routed.deployments[0].provider: blue -> green");
    assertThat(admin.routing().current().version()).as("a dry run saves nothing")
        .isEqualTo(before);
    assertThat(admin.aliases().get("routed").etag()).isEqualTo(routed.etag());

    RoutingChange<AliasConfig> saved = admin.aliases().updateIfUnchanged(moved);
    assertThat(saved.version()).isEqualTo(before + 1);
    AliasConfig now = saved.item().orElseThrow();
    assertThat(now.etag()).isPresent().isNotEqualTo(routed.etag());
    assertThat(now.field("limits").orElseThrow().get("rpm").asInt())
        .as("fields the SDK does not model are kept").isEqualTo(1000);
    assertThat(now.field("tokenizer").orElseThrow().asText()).isEqualTo("tiktoken:o200k_base");
    assertThat(chat(USER_KEY, "routed").headers().deployment()).contains("green/gpt-4o-mini");
    assertThatThrownBy(() -> admin.aliases().updateIfUnchanged(routed))
        .as("the ETag read before the change is stale")
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.status()).isEqualTo(412));

    List<RoutingVersion> history = admin.routing().history().data();
    assertThat(history.get(0).version()).isEqualTo(before + 1);
    assertThat(history.get(0).author()).isEqualTo("ops");
    assertThat(history.get(0).summary()).contains("blue -> green");

    Rollback rollback = admin.routing().rollback(before);
    assertThat(rollback.rollbackOf()).isEqualTo(before);
    assertThat(rollback.version()).isEqualTo(before + 2);
    assertThat(chat(USER_KEY, "routed").headers().deployment()).contains("blue/gpt-4o-mini");
    assertThat(admin.aliases().get("routed").etag()).as("the same item, the same ETag")
        .isEqualTo(routed.etag());

    RoutingChange<ProviderConfig> spare = admin.providers().create(ProviderConfig
        .builder("spare", "openai").baseUrl(upstream.baseUrl()).apiKey("spare-secret").build());
    assertThat(admin.providers().list().find("spare").orElseThrow().field("api_key")
        .orElseThrow().asText()).isEqualTo("***");
    assertThat(admin.providers().deleteIfUnchanged(spare.item().orElseThrow()).changes())
        .containsExactly("providers.spare: removed");

    assertThat(admin.audit(AuditQuery.latest().withAction("routing.")).data())
        .extracting(AuditEntry::action).contains("routing.rollback");
    assertThat(admin.audit(AuditQuery.latest().withAction("models.update")).data())
        .anySatisfy(e -> assertThat(e.target()).isEqualTo("routed"));
  }

  @Test
  void deploymentsUsageLimitsAuditAndCache_afterSomeCalls() {
    IssuedKey metered = admin.keys().create(KeySpec.builder("metered")
        .limits(Limits.builder().rpm(100).build()).build());
    for (int i = 0; i < 3; i++) {
      chat(metered.key(), "chat");
    }

    DeploymentHealth blue = admin.deployments().data().stream()
        .filter(d -> d.deployment().equals("blue/gpt-4o-mini")).findFirst().orElseThrow();
    assertThat(blue.aliases()).contains("chat");
    assertThat(blue.breaker().state()).isEqualTo("closed");
    assertThat(blue.inFlight()).isZero();
    assertThat(blue.latencyMs().total()).isPositive();

    UsageTotal usage = admin.usage(UsageQuery.today(UsageGroupBy.KEY)).group("metered")
        .orElseThrow();
    assertThat(usage.requests()).isEqualTo(3);
    assertThat(usage.inputTokens()).isPositive();
    assertThat(usage.costUsd()).isPositive();
    assertThat(admin.usage(UsageQuery.today(UsageGroupBy.ALIAS)).group("chat")).isPresent();

    LimitBucket rpm = admin.limits().data().stream()
        .filter(b -> b.owner().equals("key metered") && b.measure().equals("requests"))
        .findFirst().orElseThrow();
    assertThat(rpm.capacity()).isEqualTo(100);
    assertThat(rpm.used()).isBetween(1L, 3L);

    assertThat(admin.cacheStats().store()).isEqualTo("memory");
    assertThat(admin.purgeCache(CachePurge.alias("chat")).purged()).isNotNegative();
    awaitAudit("cache.purge");
    assertThat(admin.audit(AuditQuery.latest().withAction("keys.create")).stream())
        .anySatisfy(e -> {
          assertThat(e.after().path("name").asText()).isEqualTo("metered");
          assertThat(e.target()).as("the created key's id").isEqualTo(metered.virtualKey().id());
        });
  }

  @Test
  void aUserKey_isRefusedByTheAdminApi() {
    try (GantryClient user = clientWith(USER_KEY)) {
      assertThatThrownBy(() -> user.admin().keys().list())
          .isInstanceOf(PermissionDeniedException.class);
    }
  }
}
