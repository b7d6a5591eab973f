package dev.gantry.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /gantry/v1/tokenize}: counts as the model's tokenizer does, for allowed models. */
class TokenizeApiTest {

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
  void tokenize_chatMessages_countsWithTheAliasTokenizerAndChatFraming() throws Exception {
    HttpResponse<String> resp = h.post("/gantry/v1/tokenize", "{\"model\":\"chat-o200k\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}", GantryHarness.KEY);

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonObject body = new JsonObject(resp.body());
    assertThat(body.getString("tokenizer")).isEqualTo("tiktoken:o200k_base");
    assertThat(body.getInteger("count")).isEqualTo(11);
  }

  @Test
  void tokenize_promptAndInput_countTheText() throws Exception {
    assertThat(new JsonObject(h.post("/gantry/v1/tokenize",
        "{\"model\":\"chat-o200k\",\"prompt\":\"Hello, world!\"}", GantryHarness.KEY).body())
        .getInteger("count")).isEqualTo(4);
    assertThat(new JsonObject(h.post("/gantry/v1/tokenize",
        "{\"model\":\"chat-o200k\",\"input\":[\"Hello, world!\",\"Hello\"]}",
        GantryHarness.KEY).body()).getInteger("count")).isEqualTo(5);
  }

  @Test
  void tokenize_errors_areOpenAiShaped() throws Exception {
    assertThat(h.post("/gantry/v1/tokenize", "{\"model\":\"chat-o200k\"}", GantryHarness.KEY)
        .statusCode()).isEqualTo(400);
    assertThat(h.post("/gantry/v1/tokenize", "{\"model\":\"nope\",\"prompt\":\"x\"}",
        GantryHarness.KEY).statusCode()).isEqualTo(404);
    assertThat(h.post("/gantry/v1/tokenize", "{\"model\":\"chat-o200k\",\"prompt\":\"x\"}",
        GantryHarness.LIMITED_KEY).statusCode()).as("a model the key may not use is unknown to it")
        .isEqualTo(404);
    assertThat(h.post("/gantry/v1/tokenize", "{\"model\":\"chat-o200k\",\"prompt\":\"x\"}", null)
        .statusCode()).isEqualTo(401);
  }
}
