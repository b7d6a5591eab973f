package dev.gantry.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.openai.Json;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Secrets masked in what the admin API shows and audits, and nothing else. */
class JsonDiffTest {

  private static JsonNode json(String text) {
    return Json.parse(Buffer.buffer(text));
  }

  @Test
  void masked_secretNamedLiterals_areStars_referencesAndTokenizersAreShown() {
    JsonNode shown = JsonDiff.masked(json("{\"name\":\"chat\",\"tokenizer\":\"tiktoken:o200k_base\","
        + "\"fine_tuning\":{\"api_key\":\"trainer-secret\"},\"providers\":{\"a\":{\"api_key\":"
        + "\"env:A_KEY\",\"access_token\":\"tok-123\",\"max_tokens\":5}}}"));

    assertThat(shown.get("tokenizer").asText()).isEqualTo("tiktoken:o200k_base");
    assertThat(shown.at("/fine_tuning/api_key").asText()).isEqualTo("***");
    assertThat(shown.at("/providers/a/api_key").asText()).isEqualTo("env:A_KEY");
    assertThat(shown.at("/providers/a/access_token").asText()).isEqualTo("***");
    assertThat(shown.at("/providers/a/max_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void changes_showATokenizersValues_butNotASecretsValues() {
    assertThat(JsonDiff.changes(
        json("{\"models\":[{\"name\":\"chat\",\"tokenizer\":\"tiktoken:cl100k_base\","
            + "\"api_key\":\"old-secret\"}]}"),
        json("{\"models\":[{\"name\":\"chat\",\"tokenizer\":\"tiktoken:o200k_base\","
            + "\"api_key\":\"new-secret\"}]}")))
        .containsExactly("models.chat.api_key: changed",
            "models.chat.tokenizer: tiktoken:cl100k_base -> tiktoken:o200k_base");
  }

  @Test
  void changes_sameNumberOfAnotherType_isNoChange() {
    ObjectNode written = Json.MAPPER.createObjectNode();
    written.putArray("models").addObject().put("name", "chat").put("weight", 2.5)
        .putObject("limits").put("rpm", 1000L);

    assertThat(JsonDiff.changes(written, json("{\"models\":[{\"name\":\"chat\","
        + "\"weight\":2.50,\"limits\":{\"rpm\":1000}}]}"))).isEmpty();
    assertThat(JsonDiff.changes(written, json("{\"models\":[{\"name\":\"chat\","
        + "\"weight\":2.5,\"limits\":{\"rpm\":1001}}]}")))
        .containsExactly("models.chat.limits.rpm: 1000 -> 1001");
  }

  @Test
  void providerHeadersAndQueryParams_areMaskedWhateverTheirNames() {
    JsonNode shown = JsonDiff.masked(json("{\"providers\":{\"azure\":{\"headers\":"
        + "{\"Authorization\":\"Bearer sk-1\",\"X-Org\":\"env:ORG\"},\"query_params\":"
        + "{\"api-version\":\"2024-10-21\",\"sig\":\"abc\"}}}}"));

    assertThat(shown.at("/providers/azure/headers/Authorization").asText()).isEqualTo("***");
    assertThat(shown.at("/providers/azure/headers/X-Org").asText()).isEqualTo("env:ORG");
    assertThat(shown.at("/providers/azure/query_params/sig").asText()).isEqualTo("***");
    assertThat(JsonDiff.changes(
        json("{\"providers\":{\"p\":{\"headers\":{\"X-Auth\":\"old-value\"}}}}"),
        json("{\"providers\":{\"p\":{\"headers\":{\"X-Auth\":\"new-value\"}}}}")))
        .containsExactly("providers.p.headers.X-Auth: changed");
  }
}
