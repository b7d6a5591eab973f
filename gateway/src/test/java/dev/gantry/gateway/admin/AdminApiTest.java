package dev.gantry.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/v1/deployments} over HTTP: admin keys only, live state per deployment. */
class AdminApiTest {

  private static GantryHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = GantryHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void deployments_adminKey_listsEachDeploymentWithItsState() throws Exception {
    h.post("/v1/chat/completions",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        GantryHarness.KEY);

    HttpResponse<String> resp = h.get("/admin/v1/deployments", GantryHarness.ADMIN_KEY);

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonArray data = new JsonObject(resp.body()).getJsonArray("data");
    JsonObject fake = null;
    for (int i = 0; i < data.size(); i++) {
      if (data.getJsonObject(i).getString("deployment").equals("fake/gpt-4o-mini")) {
        fake = data.getJsonObject(i);
      }
    }
    assertThat(fake).isNotNull();
    assertThat(fake.getJsonArray("aliases").getList()).contains("chat", "slow");
    assertThat(fake.getJsonObject("breaker").getString("state")).isEqualTo("closed");
    assertThat(fake.getInteger("in_flight")).isZero();
    assertThat(fake.getJsonObject("latency_ms").getDouble("total")).isPositive();
    assertThat(resp.body()).as("no secret").doesNotContain(GantryHarness.UPSTREAM_KEY);
  }

  @Test
  void deployments_otherKeys_areRefused() throws Exception {
    HttpResponse<String> none = h.get("/admin/v1/deployments", null);
    HttpResponse<String> user = h.get("/admin/v1/deployments", GantryHarness.KEY);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(user.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(user.body()).getJsonObject("error").getString("message"))
        .isEqualTo("This API key may not use the admin API.");
  }
}
