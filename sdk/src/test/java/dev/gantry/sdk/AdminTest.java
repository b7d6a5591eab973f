package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.sdk.admin.AdminList;
import dev.gantry.sdk.admin.AdminService;
import dev.gantry.sdk.admin.AliasConfig;
import dev.gantry.sdk.admin.AuditEntry;
import dev.gantry.sdk.admin.AuditQuery;
import dev.gantry.sdk.admin.Budget;
import dev.gantry.sdk.admin.CachePurge;
import dev.gantry.sdk.admin.CachePurged;
import dev.gantry.sdk.admin.CacheStats;
import dev.gantry.sdk.admin.DeploymentHealth;
import dev.gantry.sdk.admin.IssuedKey;
import dev.gantry.sdk.admin.KeySpec;
import dev.gantry.sdk.admin.LimitBucket;
import dev.gantry.sdk.admin.Limits;
import dev.gantry.sdk.admin.ProviderConfig;
import dev.gantry.sdk.admin.Rollback;
import dev.gantry.sdk.admin.RoutingChange;
import dev.gantry.sdk.admin.RoutingList;
import dev.gantry.sdk.admin.RoutingSnapshot;
import dev.gantry.sdk.admin.RoutingVersion;
import dev.gantry.sdk.admin.Team;
import dev.gantry.sdk.admin.TeamSpec;
import dev.gantry.sdk.admin.UsageGroupBy;
import dev.gantry.sdk.admin.UsageQuery;
import dev.gantry.sdk.admin.UsageReport;
import dev.gantry.sdk.admin.VirtualKey;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API against recorded answers of Gantry's handlers (fixtures/admin/SOURCE.md): paths,
 * methods, bodies, {@code If-Match}, dry runs, pages, parsing, and the issued key kept out of
 * {@code toString()}.
 */
class AdminTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL_ETAG = "\"f7bf09e3b34a506eb53337eb\"";

  private final TestServer server = new TestServer();
  private final GantryClient client = GantryClient.builder().baseUrl(server.url())
      .apiKey("sk-admin").maxRetries(0).build();
  private final AdminService admin = client.admin();

  @AfterEach
  void stop() {
    server.close();
  }

  private static String fixture(String name) {
    return TestServer.resource("admin/" + name);
  }

  private TestServer.Seen seen(int i) {
    return server.seen.get(i);
  }

  private JsonNode body(int i) throws IOException {
    return JSON.readTree(seen(i).body());
  }

  // --- aliases and providers

  @Test
  void aliasesList_parsesItemsWithTheirEtags() {
    server.thenJson(200, fixture("models.json"));

    RoutingList<AliasConfig> list = admin.aliases().list();

    assertThat(seen(0).method() + " " + seen(0).path()).isEqualTo("GET /admin/v1/models");
    assertThat(list.version()).isZero();
    AliasConfig chat = list.find("chat").orElseThrow();
    assertThat(chat.etag()).contains(MODEL_ETAG);
    assertThat(chat.kind()).isEqualTo("chat");
    assertThat(chat.description()).contains("the chat");
    assertThat(chat.deployments()).containsExactly(
        new AliasConfig.Deployment("blue", "gpt-4o-mini", 1));
    assertThat(chat.json().has("etag")).isFalse();
    assertThat(chat.field("limits").orElseThrow().get("rpm").asInt()).isEqualTo(100);
  }

  @Test
  void aliasesUpdateIfUnchanged_sendsIfMatch_andRoundTripsFieldsTheSdkDoesNotModel()
      throws IOException {
    server.thenJson(200, fixture("model.json"), "etag", MODEL_ETAG)
        .thenJson(200, fixture("model-created.json"), "etag", "\"b2b6b74f93eae158d62a2b1d\"");
    AliasConfig chat = admin.aliases().get("chat");
    AliasConfig moved = chat.toBuilder().clearDeployments().addDeployment("green", "gpt-4o", 3)
        .build();

    RoutingChange<AliasConfig> change = admin.aliases().updateIfUnchanged(moved);

    assertThat(seen(1).method() + " " + seen(1).path()).isEqualTo("PUT /admin/v1/models/chat");
    assertThat(seen(1).header("If-Match")).isEqualTo(MODEL_ETAG);
    JsonNode sent = body(1);
    assertThat(sent.get("name").asText()).isEqualTo("chat");
    assertThat(sent.get("description").asText()).isEqualTo("the chat");
    assertThat(sent.get("tokenizer").asText()).as("a masked value goes back as sent").isEqualTo("***");
    assertThat(sent.at("/limits/rpm").asInt()).isEqualTo(100);
    assertThat(sent.get("deployments").toString())
        .isEqualTo("[{\"provider\":\"green\",\"model\":\"gpt-4o\",\"weight\":3}]");
    assertThat(sent.has("etag")).isFalse();
    assertThat(sent.has("version")).isFalse();
    assertThat(change.version()).isEqualTo(1);
    assertThat(change.dryRun()).isFalse();
    assertThat(change.changes()).hasSize(1);
    assertThat(change.item().orElseThrow().etag()).contains("\"b2b6b74f93eae158d62a2b1d\"");
  }

  @Test
  void aliasesUpdate_plain_sendsNoIfMatch_andIfUnchangedNeedsAnEtag() {
    server.thenJson(200, fixture("model-unchanged.json"));
    AliasConfig built = AliasConfig.builder("chat-b").addDeployment("green", "gpt-4o").build();

    RoutingChange<AliasConfig> change = admin.aliases().update(built);

    assertThat(seen(0).header("If-Match")).isNull();
    assertThat(change.changes()).isEmpty();
    assertThat(change.item()).isEmpty();
    assertThatThrownBy(() -> admin.aliases().updateIfUnchanged(built))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no ETag");
    assertThat(server.seen).hasSize(1);
  }

  @Test
  void aliasesStaleEtag_isConflictException() {
    server.thenJson(200, fixture("model.json"), "etag", MODEL_ETAG)
        .thenJson(412, fixture("precondition-failed.json"));
    AliasConfig chat = admin.aliases().get("chat");

    assertThatThrownBy(() -> admin.aliases().updateIfUnchanged(chat))
        .isInstanceOfSatisfying(ConflictException.class, e -> {
          assertThat(e.status()).isEqualTo(412);
          assertThat(e.code()).contains("precondition_failed");
        });
  }

  @Test
  void aliasesDryRun_sendsTheQuery_andAnswersTheChangesOnly() throws IOException {
    server.thenJson(200, fixture("model-dry-run.json"));
    AliasConfig edited = AliasConfig.builder("chat-b").addDeployment("blue", "gpt-4o").build();

    RoutingChange<AliasConfig> preview = admin.aliases().dryRun().update(edited);
    admin.aliases().dryRun().create(edited);
    admin.aliases().dryRun().delete("chat-b");

    assertThat(server.seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "PUT /admin/v1/models/chat-b?dry_run=true", "POST /admin/v1/models?dry_run=true",
        "DELETE /admin/v1/models/chat-b?dry_run=true");
    assertThat(body(0).at("/deployments/0/provider").asText()).isEqualTo("blue");
    assertThat(preview.dryRun()).isTrue();
    assertThat(preview.changes())
        .containsExactly("models.chat-b.deployments[0].provider: green -> blue");
    assertThat(preview.item()).isEmpty();
    assertThat(preview.version()).isEqualTo(1);
  }

  @Test
  void aliasesCreateAndDelete_pathsBodiesAndAnswers() throws IOException {
    server.thenJson(201, fixture("model-created.json"), "etag", "\"b2b6b74f93eae158d62a2b1d\"")
        .thenJson(200, fixture("model-deleted.json"));

    RoutingChange<AliasConfig> created = admin.aliases().create(AliasConfig.builder("chat-b")
        .addDeployment("green", "gpt-4o").build());
    RoutingChange<AliasConfig> deleted = admin.aliases().deleteIfUnchanged(
        created.item().orElseThrow());

    assertThat(seen(0).method() + " " + seen(0).path()).isEqualTo("POST /admin/v1/models");
    assertThat(body(0).toString())
        .isEqualTo("{\"name\":\"chat-b\",\"deployments\":[{\"provider\":\"green\",\"model\":\"gpt-4o\"}]}");
    assertThat(created.item().orElseThrow().deployments()).extracting(AliasConfig.Deployment::provider)
        .containsExactly("green");
    assertThat(seen(1).method() + " " + seen(1).path()).isEqualTo("DELETE /admin/v1/models/chat-b");
    assertThat(seen(1).header("If-Match")).isEqualTo("\"b2b6b74f93eae158d62a2b1d\"");
    assertThat(deleted.changes()).containsExactly("models.chat-b: removed");
    assertThat(deleted.version()).isEqualTo(2);
    assertThat(deleted.item()).isEmpty();
  }

  @Test
  void aliasesGet_encodesTheName_andInvalidChangesAreBadRequests() {
    server.thenError(404, "invalid_request_error", "not_found", "No model named 'a b/c'.")
        .thenJson(400, fixture("model-invalid.json"));

    assertThatThrownBy(() -> admin.aliases().get("a b/c")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.aliases().update(AliasConfig.builder("chat-b")
        .addDeployment("purple", "gpt-4o").build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("models[1].deployments[0].provider");
    assertThat(seen(0).path()).isEqualTo("/admin/v1/models/a%20b%2Fc");
  }

  @Test
  void providers_getCreate_keepSecretsOutOfToString() throws IOException {
    server.thenJson(200, fixture("provider.json"), "etag", "\"1b7a4cbf4f62c6c6bd114bff\"")
        .thenJson(201, fixture("provider-created.json"));

    ProviderConfig blue = admin.providers().get("blue");
    ProviderConfig echo = ProviderConfig.builder("echo", "openai")
        .baseUrl("http://127.0.0.1:1/v1").apiKey("new-secret")
        .set("headers", new ObjectMapper().createObjectNode().put("X-Proxy-Auth", "hdr-secret")
            .put("X-Org", "env:ORG"))
        .build();
    RoutingChange<ProviderConfig> created = admin.providers().create(echo);

    assertThat(blue.name()).isEqualTo("blue");
    assertThat(blue.type()).isEqualTo("openai");
    assertThat(blue.baseUrl()).hasValueSatisfying(u -> assertThat(u).startsWith("http://"));
    assertThat(blue.etag()).contains("\"1b7a4cbf4f62c6c6bd114bff\"");
    assertThat(seen(1).method() + " " + seen(1).path()).isEqualTo("POST /admin/v1/providers");
    assertThat(body(1).get("api_key").asText()).as("sent as given").isEqualTo("new-secret");
    assertThat(echo.toString()).doesNotContain("new-secret").doesNotContain("hdr-secret")
        .contains("***").contains("env:ORG");
    assertThat(body(1).at("/headers/X-Proxy-Auth").asText()).as("sent as given")
        .isEqualTo("hdr-secret");
    assertThat(created.item().orElseThrow().name()).isEqualTo("echo");
    assertThat(created.version()).isEqualTo(3);
  }

  // --- routing

  @Test
  void routing_currentHistoryPagesAndRollback() throws IOException {
    String olderPage = "{\"object\":\"list\",\"data\":[{\"version\":2,\"author\":\"ops\","
        + "\"created_at\":1795279734604,\"summary\":\"models.chat-b: removed\","
        + "\"rollback_of\":null}]}";
    server.thenJson(200, fixture("routing.json"))
        .thenJson(200, fixture("history.json"))
        .thenJson(200, olderPage)
        .thenJson(200, fixture("rollback.json"))
        .thenJson(200, fixture("rollback.json"));

    RoutingSnapshot current = admin.routing().current();
    List<RoutingVersion> versions = new ArrayList<>();
    Page<RoutingVersion> first = admin.routing().history(2, RequestOptions.none());
    first.autoPager().forEach(versions::add);
    Rollback toOne = admin.routing().rollback(1);
    admin.routing().rollback();

    assertThat(current.version()).isEqualTo(3);
    assertThat(current.document().at("/providers/blue/api_key").asText()).isEqualTo("***");
    assertThat(first.hasMore()).as("a full page").isTrue();
    assertThat(versions).extracting(RoutingVersion::version).containsExactly(4L, 3L, 2L);
    assertThat(versions.get(0).rollbackOf()).isEqualTo(1L);
    assertThat(versions.get(0).createdAt()).isEqualTo(Instant.ofEpochMilli(1795279736352L));
    assertThat(versions.get(0).author()).isEqualTo("ops");
    assertThat(toOne.version()).isEqualTo(4);
    assertThat(toOne.rollbackOf()).isEqualTo(1);
    assertThat(server.seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "GET /admin/v1/routing", "GET /admin/v1/routing/history?limit=2",
        "GET /admin/v1/routing/history?before=3&limit=2", "POST /admin/v1/routing/rollback",
        "POST /admin/v1/routing/rollback");
    assertThat(body(3).toString()).isEqualTo("{\"version\":1}");
    assertThat(body(4).toString()).isEqualTo("{}");
  }

  // --- keys and teams

  @Test
  void keysCreate_sendsTheSpec_andTheIssuedKeyNeverPrints() throws IOException {
    server.thenJson(201, fixture("key-created.json"), "x-request-id", "req-k");

    IssuedKey issued = admin.keys().create(KeySpec.builder("app").team("red").addModel("chat")
        .limits(Limits.builder().rpm(100).tpm(10_000).build())
        .budget(Budget.perDay(new BigDecimal("5")).soft())
        .expiresAt(Instant.parse("2030-01-31T00:00:00Z")).metadata("ticket", "T-1").build());

    assertThat(seen(0).method() + " " + seen(0).path()).isEqualTo("POST /admin/v1/keys");
    assertThat(body(0)).isEqualTo(JSON.readTree("{\"name\":\"app\",\"team\":\"red\","
        + "\"models\":[\"chat\"],\"limits\":{\"rpm\":100,\"tpm\":10000},\"budget\":{\"usd\":5,"
        + "\"period\":\"day\",\"hard\":false},\"expires_at\":\"2030-01-31T00:00:00Z\","
        + "\"metadata\":{\"ticket\":\"T-1\"}}"));
    String key = "gk-JqMHBIOICkFyInsp4k489ytilR_S4geLsBEpz3d4YZo";
    assertThat(issued.key()).isEqualTo(key);
    assertThat(issued.toString()).doesNotContain(key).contains("***").contains("gk-JqMHB");
    VirtualKey k = issued.virtualKey();
    assertThat(issued.id()).isEqualTo("b2276e12-0bd3-47c2-9af5-1bf4d797aa2d");
    assertThat(k.keyPrefix()).isEqualTo("gk-JqMHB");
    assertThat(k.limits().rpm()).isEqualTo(100L);
    assertThat(k.limits().inputTpm()).isNull();
    assertThat(k.budget().period()).isEqualTo(Budget.Period.DAY);
    assertThat(k.budget().usd()).isEqualByComparingTo("5");
    assertThat(k.budget().hard()).isFalse();
    assertThat(k.expiresAt()).isEqualTo(Instant.parse("2030-01-31T00:00:00Z"));
    assertThat(k.createdAt()).isEqualTo(Instant.parse("2026-11-21T16:48:51.996Z"));
    assertThat(k.isRevoked()).isFalse();
    assertThat(k.metadata()).containsEntry("ticket", "T-1");
    assertThat(issued.headers().requestId()).contains("req-k");
  }

  @Test
  void keysListUpdateRotateRevoke_pathsAndRoundTrip() throws IOException {
    server.thenJson(200, fixture("keys.json"))
        .thenJson(200, fixture("key-revoked.json").replace("\"revoked_at\":\"2026-11-21T16:48:57.247Z\"",
            "\"revoked_at\":null"))
        .thenJson(200, fixture("key-rotated.json"))
        .thenJson(200, fixture("key-revoked.json"));
    String id = "b2276e12-0bd3-47c2-9af5-1bf4d797aa2d";

    AdminList<VirtualKey> keys = admin.keys().list();
    VirtualKey app = keys.data().get(0);
    admin.keys().update(app.id(), app.toSpec().toBuilder()
        .limits(Limits.builder().rpm(7).build()).build());
    IssuedKey rotated = admin.keys().rotate(id);
    VirtualKey revoked = admin.keys().revoke(id);

    assertThat(app.name()).isEqualTo("app");
    assertThat(app.team()).isEqualTo("red");
    assertThat(server.seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "GET /admin/v1/keys", "PUT /admin/v1/keys/" + id, "POST /admin/v1/keys/" + id + "/rotate",
        "DELETE /admin/v1/keys/" + id);
    JsonNode update = body(1);
    assertThat(update.at("/limits/rpm").asInt()).isEqualTo(7);
    assertThat(update.at("/budget/usd").decimalValue()).as("kept from the key read")
        .isEqualByComparingTo("5");
    assertThat(update.get("expires_at").asText()).isEqualTo("2030-01-31T00:00:00Z");
    assertThat(update.at("/metadata/ticket").asText()).isEqualTo("T-1");
    assertThat(seen(2).body()).isEmpty();
    assertThat(rotated.key()).startsWith("gk-tDEuS");
    assertThat(rotated.toString()).doesNotContain(rotated.key());
    assertThat(revoked.isRevoked()).isTrue();
    assertThat(revoked.revokedAt()).isEqualTo(Instant.parse("2026-11-21T16:48:57.247Z"));
  }

  @Test
  void teams_createListUpdateDelete() throws IOException {
    server.thenJson(201, fixture("team.json"))
        .thenJson(200, fixture("teams.json"))
        .thenJson(200, fixture("team.json"))
        .thenJson(200, fixture("team-deleted.json"));

    Team red = admin.teams().create(TeamSpec.named("red")
        .withLimits(Limits.builder().rpm(50).build())
        .withBudget(Budget.perMonth(new BigDecimal("25")))
        .withMetadata(Map.of("owner", "ann")));
    List<Team> all = admin.teams().list().data();
    admin.teams().update(red.toSpec().withLimits(Limits.builder().rpm(60).build()));
    boolean deleted = admin.teams().delete("red").deleted();

    assertThat(body(0)).isEqualTo(JSON.readTree("{\"name\":\"red\",\"limits\":{\"rpm\":50},"
        + "\"budget\":{\"usd\":25,\"period\":\"month\",\"hard\":true},"
        + "\"metadata\":{\"owner\":\"ann\"}}"));
    assertThat(red.budget().period()).isEqualTo(Budget.Period.MONTH);
    assertThat(red.createdAt()).isEqualTo(Instant.parse("2026-11-21T16:48:51.529Z"));
    assertThat(all).extracting(Team::name).containsExactly("red");
    assertThat(body(2).at("/limits/rpm").asInt()).isEqualTo(60);
    assertThat(body(2).at("/budget/usd").asInt()).as("kept").isEqualTo(25);
    assertThat(deleted).isTrue();
    assertThat(server.seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "POST /admin/v1/teams", "GET /admin/v1/teams", "PUT /admin/v1/teams/red",
        "DELETE /admin/v1/teams/red");
  }

  // --- reads

  @Test
  void usage_sendsDaysAndGroup_andParsesTotals() {
    server.thenJson(200, fixture("usage.json"))
        .thenJson(400, fixture("usage-bad-group.json"));

    UsageReport report = admin.usage(UsageQuery.of(LocalDate.of(2026, 11, 1),
        LocalDate.of(2026, 11, 21), UsageGroupBy.ALIAS));

    assertThat(seen(0).path())
        .isEqualTo("/admin/v1/usage?from=2026-11-01&to=2026-11-21&group_by=alias");
    assertThat(report.groupBy()).isEqualTo(UsageGroupBy.ALIAS);
    assertThat(report.from()).isEqualTo(LocalDate.of(2026, 11, 21));
    var chat = report.group("chat").orElseThrow();
    assertThat(chat.requests()).isEqualTo(2);
    assertThat(chat.inputTokens()).isEqualTo(16);
    assertThat(chat.outputTokens()).isEqualTo(18);
    assertThat(chat.costUsd()).isEqualByComparingTo("0.000052");
    assertThatThrownBy(() -> admin.usage(UsageQuery.today(UsageGroupBy.DAY)))
        .isInstanceOfSatisfying(BadRequestException.class,
            e -> assertThat(e.param()).contains("group_by"));
    assertThatThrownBy(() -> UsageQuery.of(LocalDate.of(2026, 2, 2), LocalDate.of(2026, 2, 1),
        UsageGroupBy.KEY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deploymentsAndLimits_parseTheirShapes() {
    server.thenJson(200, fixture("deployments-with-shadow.json"))
        .thenJson(200, fixture("limits.json"));

    List<DeploymentHealth> health = admin.deployments().data();
    List<LimitBucket> limits = admin.limits().data();

    DeploymentHealth blue = health.get(0);
    assertThat(blue.deployment()).isEqualTo("blue/gpt-4o-mini");
    assertThat(blue.aliases()).containsExactly("chat");
    assertThat(blue.breaker().state()).isEqualTo("closed");
    assertThat(blue.breaker().failureRate()).isNull();
    assertThat(blue.latencyMs().total()).isPositive();
    assertThat(blue.shadowResults()).isEmpty();
    DeploymentHealth green = health.get(1);
    assertThat(green.shadow()).isTrue();
    assertThat(green.breaker().failureRate()).isEqualTo(75.0f);
    assertThat(green.inFlight()).isEqualTo(2);
    assertThat(green.recentErrors().get(0).at()).isEqualTo(Instant.parse("2026-11-21T16:48:55.123Z"));
    assertThat(green.recentErrors().get(0).kind()).isEqualTo("upstream_timeout");
    assertThat(green.shadowResults().get(0).completionTokens()).isEqualTo(9);
    assertThat(limits).extracting(LimitBucket::owner)
        .containsExactly("key app", "team red", "model chat");
    LimitBucket model = limits.get(2);
    assertThat(model.capacity()).isEqualTo(100);
    assertThat(model.used()).isEqualTo(1);
    assertThat(model.windowSeconds()).isEqualTo(60);
    assertThat(server.seen).extracting(TestServer.Seen::path)
        .containsExactly("/admin/v1/deployments", "/admin/v1/limits");
  }

  @Test
  void audit_filtersAndPagesBackBeforeTheLastSeq() {
    String page1 = "{\"object\":\"list\",\"data\":[" + entry(11, "keys.revoke") + ","
        + entry(5, "keys.rotate") + "]}";
    String page2 = "{\"object\":\"list\",\"data\":[" + entry(3, "keys.create") + "]}";
    server.thenJson(200, page1).thenJson(200, page2);

    Page<AuditEntry> first = admin.audit(AuditQuery.latest().withAction("keys.")
        .withActor("ops").withLimit(2));
    List<String> actions = first.stream().map(AuditEntry::action).toList();

    assertThat(actions).containsExactly("keys.revoke", "keys.rotate", "keys.create");
    assertThat(server.seen).extracting(TestServer.Seen::path).containsExactly(
        "/admin/v1/audit?limit=2&action=keys.&actor=ops",
        "/admin/v1/audit?before=5&limit=2&action=keys.&actor=ops");
  }

  private static String entry(int seq, String action) {
    return "{\"seq\":" + seq + ",\"at\":1795279737237,\"actor\":\"ops\",\"action\":\"" + action
        + "\",\"target\":\"k1\",\"before\":null,\"after\":null,\"request_id\":\"req_1\"}";
  }

  @Test
  void audit_parsesRecordedEntries() {
    server.thenJson(200, fixture("audit.json"));

    Page<AuditEntry> page = admin.audit();

    assertThat(seen(0).path()).isEqualTo("/admin/v1/audit?limit=20");
    assertThat(page.data()).hasSize(12);
    assertThat(page.hasMore()).as("fewer than a page").isFalse();
    AuditEntry create = page.data().stream().filter(e -> e.action().equals("models.create"))
        .findFirst().orElseThrow();
    assertThat(create.seq()).isEqualTo(7);
    assertThat(create.at()).isEqualTo(Instant.ofEpochMilli(1795279733488L));
    assertThat(create.actor()).isEqualTo("ops");
    assertThat(create.target()).isEqualTo("chat-b");
    assertThat(create.before().isNull()).isTrue();
    assertThat(create.after().at("/deployments/0/provider").asText()).isEqualTo("green");
    assertThat(create.requestId()).startsWith("req_");
    assertThat(page.data()).extracting(AuditEntry::action)
        .contains("keys.create", "keys.rotate", "teams.delete", "routing.rollback", "cache.purge");
  }

  @Test
  void cache_statsAndPurges() {
    server.thenJson(200, fixture("cache.json"))
        .thenJson(200, fixture("cache-purged.json"))
        .thenJson(200, "{\"purged\":3}");

    CacheStats stats = admin.cacheStats();
    CachePurged some = admin.purgeCache(CachePurge.namespaceAndAlias("team:red", "chat"));
    CachePurged all = admin.purgeCache(CachePurge.everything());

    assertThat(stats.store()).isEqualTo("memory");
    assertThat(stats.scope()).isEqualTo("team");
    assertThat(stats.ttlSeconds()).isEqualTo(3600);
    assertThat(stats.semantic()).isTrue();
    assertThat(some.purged()).isZero();
    assertThat(some.purgedVectors()).isZero();
    assertThat(all.purged()).isEqualTo(3);
    assertThat(all.purgedVectors()).isNull();
    assertThat(server.seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "GET /admin/v1/cache", "DELETE /admin/v1/cache?namespace=team%3Ared&alias=chat",
        "DELETE /admin/v1/cache");
  }

  @Test
  void requestOptions_andAdminErrors_areThoseOfEveryCall() {
    server.thenError(403, "permission_error", null, "This API key may not use the admin API.");

    assertThatThrownBy(() -> admin.keys().list(RequestOptions.builder().requestId("req-9")
        .build())).isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("may not use the admin API");
    assertThat(seen(0).header("x-request-id")).isEqualTo("req-9");
    assertThat(seen(0).header("Authorization")).isEqualTo("Bearer sk-admin");
  }
}
