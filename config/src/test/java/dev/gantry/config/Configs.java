package dev.gantry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;

/** Helpers shared by the config tests. */
final class Configs {

  /** A fake environment: every variable the tests and examples reference. */
  static final Map<String, String> ENV = Map.of(
      "VLLM_KEY", "vllm-env-secret-1f3a",
      "OPENAI_API_KEY", "sk-openai-env-secret-9b2c",
      "TEAM_A_KEY", "team-a-env-secret-77de",
      "AZURE_OPENAI_API_KEY", "azure-env-secret-4c1e",
      "GANTRY_ADMIN_KEY", "admin-env-secret-0a9f",
      "EMPTY_KEY", "",
      "AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-env-secret-6d0b",
      "BEDROCK_ACCESS_KEY_ID", "AKIAENVSECRET3F7Q",
      "BEDROCK_SECRET_ACCESS_KEY", "bedrock-secret-access-key-env-secret-8e4c",
      "BEDROCK_SESSION_TOKEN", "bedrock-session-token-env-secret-2a9d");

  private Configs() {
  }

  static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "test.yaml", ENV);
  }

  /** The errors {@link ConfigLoader#parse} reports for {@code yaml}; fails if it loads. */
  static List<String> errorsOf(String yaml) {
    return exceptionOf(yaml).errors();
  }

  static ConfigException exceptionOf(String yaml) {
    Throwable thrown = catchThrowable(() -> parse(yaml));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return (ConfigException) thrown;
  }
}
