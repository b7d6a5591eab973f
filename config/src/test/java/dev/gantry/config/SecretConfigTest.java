package dev.gantry.config;

import static dev.gantry.config.Configs.ENV;
import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.exceptionOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretConfigTest {

  private static final String LITERAL = "sk-literal-secret-5e8d";
  private static final String OPENAI = "providers:\n  gpu: { type: openai, base_url: 'http://h/v1', ";

  @Test
  void parse_missingEnvironmentVariable_namesItWithPath() {
    assertThat(errorsOf(OPENAI + "api_key: env:NOT_THERE }"))
        .containsExactly("providers.gpu.api_key: environment variable NOT_THERE is not set");
  }

  @Test
  void parse_emptyEnvironmentVariable_reportsEmpty() {
    assertThat(errorsOf("keys:\n  - { name: a, key: env:EMPTY_KEY }"))
        .containsExactly("keys[0].key: environment variable EMPTY_KEY is empty");
  }

  @Test
  void parse_envOrFileWithoutName_reportsIt() {
    assertThat(errorsOf("keys:\n  - { name: a, key: 'env:' }\n  - { name: b, key: 'file:' }"))
        .containsExactly("keys[0].key: env: needs a variable name", "keys[1].key: file: needs a path");
  }

  @Test
  void parse_missingSecretFile_namesItWithPath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.txt");

    assertThat(errorsOf(OPENAI + "api_key: 'file:" + missing + "' }"))
        .containsExactly("providers.gpu.api_key: secret file " + missing + " does not exist");
  }

  @Test
  void parse_secretFileIsADirectory_reportsIt(@TempDir Path dir) {
    assertThat(errorsOf(OPENAI + "api_key: 'file:" + dir + "' }"))
        .containsExactly("providers.gpu.api_key: secret file " + dir + " is not a regular file");
  }

  @Test
  void parse_secretFileInvalidPath_reportsIt() {
    assertThat(errorsOf(OPENAI + "api_key: \"file:a\\0b\" }"))
        .containsExactly("providers.gpu.api_key: secret file a\0b is not a valid path");
  }

  @Test
  void parse_existingSecretFile_isAcceptedUnresolved(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("key.txt"), "file-secret-value\n");

    ProviderSettings.OpenAi p = (ProviderSettings.OpenAi) parse(OPENAI + "api_key: 'file:" + file
        + "' }").providers().get("gpu");

    assertThat(p.apiKey().source()).isEqualTo(SecretRef.Source.FILE);
    assertThat(p.apiKey().resolve(ENV)).isEqualTo("file-secret-value");
  }

  @Test
  void parse_emptyOrNonStringSecret_reportsNonEmptyString() {
    assertThat(errorsOf(OPENAI + "api_key: '' }\n"
        + "keys:\n  - { name: a, key: 12345 }\n  - { name: b, key: ~ }"))
        .containsExactly("providers.gpu.api_key: must be a non-empty string",
            "keys[0].key: must be a non-empty string", "keys[1]: exactly one of key, key_sha256",
            "keys[1].key: must be a non-empty string");
  }

  @Test
  void parse_blankSecret_isNotTakenAsAbsent() {
    assertThat(errorsOf(OPENAI + "api_key: }"))
        .containsExactly("providers.gpu.api_key: must be a non-empty string");
  }

  @Test
  void toString_configWithLiteralAndEnvKeys_printsNoSecret() {
    GatewayConfig config = parse(OPENAI + "api_key: " + LITERAL + ","
        + " headers: { X-Token: header-secret-31ab }, query_params: { key: query-secret-8c2f } }\n"
        + "keys:\n  - { name: lit, key: " + LITERAL + " }\n  - { name: env, key: env:TEAM_A_KEY }");

    assertThat(config.toString())
        .doesNotContain(LITERAL, "header-secret-31ab", "query-secret-8c2f", ENV.get("TEAM_A_KEY"))
        .contains("apiKey=***", "headers={X-Token=***}", "queryParams={key=***}", "key=***");
  }

  @Test
  void errors_configWithLiteralAndEnvKeys_printNoSecret() {
    ConfigException e = exceptionOf(OPENAI + "api_key: " + LITERAL + ", colour: red }\n"
        + "keys:\n"
        + "  - { name: lit, key: " + LITERAL + ", key_sha256: abc, nickname: " + LITERAL + " }\n"
        + "  - { name: env, key: env:TEAM_A_KEY, models: [nope] }\n"
        + "  - { name: gone, key: env:NOT_THERE }");

    assertThat(e.errors()).hasSize(6);
    assertThat(e.getMessage()).doesNotContain(LITERAL, ENV.get("TEAM_A_KEY"))
        .contains("keys[2].key: environment variable NOT_THERE is not set");
  }

  @Test
  void errors_yamlSyntaxErrorOnASecretLine_doNotQuoteTheLine() {
    ConfigException e = exceptionOf("keys:\n  - { name: a, key: " + LITERAL + ": oops }\n");

    assertThat(e.getMessage()).doesNotContain(LITERAL).contains("line 2", "invalid YAML");
  }

  @Test
  void errors_unterminatedQuotedSecret_doNotQuoteIt() {
    ConfigException e = exceptionOf("keys:\n  - name: a\n    key: \"" + LITERAL + "\n");

    assertThat(e.getMessage()).doesNotContain(LITERAL).contains("invalid YAML");
  }

  @Test
  void errors_baseUrlWithCredentials_doNotEchoTheUrl() {
    ConfigException e = exceptionOf(OPENAI.replace("http://h/v1", "http://user:pw-4471@h/v1") + "}");

    assertThat(e.getMessage()).doesNotContain("pw-4471");
  }
}
