package dev.gantry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** Helpers shared by the config tests. */
final class Configs {

  /** A fake environment: every variable the tests and examples reference. */
  static final Map<String, String> ENV = Map.ofEntries(
      Map.entry("VLLM_KEY", "vllm-env-secret-1f3a"),
      Map.entry("OPENAI_API_KEY", "sk-openai-env-secret-9b2c"),
      Map.entry("TEAM_A_KEY", "team-a-env-secret-77de"),
      Map.entry("AZURE_OPENAI_API_KEY", "azure-env-secret-4c1e"),
      Map.entry("GANTRY_ADMIN_KEY", "admin-env-secret-0a9f"),
      Map.entry("GANTRY_KEY", "app-env-secret-5e2b"),
      Map.entry("EMPTY_KEY", ""),
      Map.entry("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-env-secret-6d0b"),
      Map.entry("BEDROCK_ACCESS_KEY_ID", "AKIAENVSECRET3F7Q"),
      Map.entry("BEDROCK_SECRET_ACCESS_KEY", "bedrock-secret-access-key-env-secret-8e4c"),
      Map.entry("BEDROCK_SESSION_TOKEN", "bedrock-session-token-env-secret-2a9d"),
      Map.entry("VERTEX_CREDENTIALS", serviceAccountKey("vertex-env-private-key-7c3b")),
      Map.entry("VERTEX_ACCESS_TOKEN", "ya29.vertex-env-access-token-4f1e"),
      Map.entry("HF_TOKEN", "hf_envSecretHuggingFaceToken3b9e"),
      Map.entry("PG_PASSWORD", "pg-env-secret-5a1d"));

  /** A fake service-account key file whose private key is {@code privateKey} (not a real key). */
  static String serviceAccountKey(String privateKey) {
    return "{\"type\": \"service_account\", \"project_id\": \"gantry-test\","
        + " \"private_key_id\": \"0123abcd\","
        + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + privateKey
        + "\\n-----END PRIVATE KEY-----\\n\","
        + " \"client_email\": \"gantry@gantry-test.iam.gserviceaccount.com\","
        + " \"token_uri\": \"https://oauth2.googleapis.com/token\"}";
  }

  private Configs() {
  }

  /** Parses a config, and checks that its routing document binds back to it (see below). */
  static GatewayConfig parse(String yaml) {
    GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml", ENV);
    assertRoundTrips(config, ENV);
    return config;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The round-trip property of routing documents: the config's document, stored as JSON text
   * and read back, binds onto the config to an equal config, which writes the same text.
   */
  static void assertRoundTrips(GatewayConfig config, Map<String, String> env) {
    try {
      String text = JSON.writeValueAsString(
          ConfigWriter.routing(config, ConfigWriter.Secrets.KEEP));
      GatewayConfig back = ConfigLoader.withRouting(config, JSON.readTree(text), env);
      assertThat(back).isEqualTo(config);
      assertThat(JSON.writeValueAsString(ConfigWriter.routing(back, ConfigWriter.Secrets.KEEP)))
          .isEqualTo(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
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
