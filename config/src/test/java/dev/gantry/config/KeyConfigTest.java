package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyConfigTest {

  private static final String SHA = "6296F037D29B8B90D948F24899091F46D2A370264AE5536AF66450B63DD00389";
  private static final String MODELS = "providers:\n  gpu: { type: openai, base_url: 'http://h/v1' }\n"
      + "models:\n  - { name: chat-large, deployments: [ { provider: gpu, model: m } ] }\n";

  @Test
  void parse_keysOfEachForm_bindsThem() {
    GatewayConfig config = parse(MODELS + "keys:\n"
        + "  - { name: team-a, key: env:TEAM_A_KEY, models: [chat-large] }\n"
        + "  - { name: ci, key_sha256: " + SHA + " }\n"
        + "  - { name: dev, key: literal-dev-key }");

    assertThat(config.keys()).containsExactly(
        new ApiKey("team-a", SecretRef.parse("env:TEAM_A_KEY"), null, List.of("chat-large")),
        new ApiKey("ci", null, SHA.toLowerCase(), List.of()),
        new ApiKey("dev", SecretRef.literal("literal-dev-key"), null, List.of()));
    assertThat(config.keys().get(0).allows("other")).isFalse();
    assertThat(config.keys().get(1).allows("other")).isTrue();
  }

  @Test
  void parse_keyWithBothForms_reportsExactlyOne() {
    assertThat(errorsOf("keys:\n  - { name: a, key: env:TEAM_A_KEY, key_sha256: " + SHA + " }"))
        .containsExactly("keys[0]: exactly one of key, key_sha256");
  }

  @Test
  void parse_keyWithNeitherForm_reportsExactlyOne() {
    assertThat(errorsOf("keys:\n  - { name: a, models: [] }"))
        .containsExactly("keys[0]: exactly one of key, key_sha256");
  }

  @Test
  void parse_shaNotSixtyFourHex_reportsFormat() {
    assertThat(errorsOf("keys:\n  - { name: a, key_sha256: " + SHA.substring(1) + " }\n"
        + "  - { name: b, key_sha256: " + SHA.replace('F', 'g') + " }"))
        .containsExactly("keys[0].key_sha256: must be 64 hex characters",
            "keys[1].key_sha256: must be 64 hex characters");
  }

  @Test
  void parse_duplicateKeyName_pointsToTheFirst() {
    assertThat(errorsOf("keys:\n  - { name: a, key: env:TEAM_A_KEY }\n  - { name: a, key: x2 }"))
        .containsExactly("keys[1].name: duplicate key 'a' (also keys[0])");
  }

  @Test
  void parse_keyForUnknownModel_reportsEach() {
    assertThat(errorsOf(MODELS + "keys:\n  - { name: a, key: k1, models: [chat-large, gpt-5, o9] }"))
        .containsExactly("keys[0].models[1]: unknown model 'gpt-5'", "keys[0].models[2]: unknown model 'o9'");
  }

  @Test
  void parse_keyMissingName_reportsRequired() {
    assertThat(errorsOf("keys:\n  - { key: k1 }")).containsExactly("keys[0].name: required");
  }

  @Test
  void parse_keyUnknownField_reportsIt() {
    assertThat(errorsOf("keys:\n  - { name: a, key: k1, quota: { rpm: 1 } }"))
        .containsExactly("keys[0].quota: unknown field");
  }

  @Test
  void parse_keysNotAList_reportsIt() {
    assertThat(errorsOf("keys: { a: 1 }")).containsExactly("keys: must be a list");
  }

  @Test
  void parse_keyModelsNotAList_reportsIt() {
    assertThat(errorsOf(MODELS + "keys:\n  - { name: a, key: k1, models: chat-large }"))
        .containsExactly("keys[0].models: must be a list");
  }
}
