package dev.gantry.config;

import static dev.gantry.config.Configs.ENV;
import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.exceptionOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BedrockConfigTest {

  private static final String BEDROCK = "providers:\n  aws: { type: bedrock, ";
  private static final String KEY_ID = "AKIALITERALSECRET7Q2W";
  private static final String SECRET = "literal-secret-access-key-5c1e";
  private static final String TOKEN = "literal-session-token-0b7d";
  private static final String API_KEY = "literal-bedrock-api-key-93fa";

  private static ProviderSettings.Bedrock bedrock(String fields) {
    return (ProviderSettings.Bedrock) parse(BEDROCK + fields + " }").providers().get("aws");
  }

  private static String secretsYaml() {
    return "access_key_id: " + KEY_ID + ", secret_access_key: " + SECRET + ", session_token: "
        + TOKEN;
  }

  @Test
  void parse_bedrockMinimal_usesDefaultChainAndDefaults() {
    assertThat(bedrock("region: us-east-1")).isEqualTo(new ProviderSettings.Bedrock("aws",
        "us-east-1", null, null, null, null, null, null, Duration.ofSeconds(600), 64));
  }

  @Test
  void parse_bedrockMinimal_endpointIsTheRegionsPublicOne() {
    assertThat(bedrock("region: eu-central-2").endpointUrl())
        .isEqualTo("https://bedrock-runtime.eu-central-2.amazonaws.com");
    assertThat(bedrock("region: cn-north-1").endpointUrl())
        .isEqualTo("https://bedrock-runtime.cn-north-1.amazonaws.com.cn");
  }

  @Test
  void parse_bedrockWithoutTimeout_inheritsServerRequestTimeout() {
    GatewayConfig config = parse("server: { request_timeout: 45s }\n" + BEDROCK
        + "region: us-east-1 }");

    assertThat(((ProviderSettings.Bedrock) config.providers().get("aws")).timeout())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void parse_bedrockWithStaticKeysFromEnv_bindsThem() {
    ProviderSettings.Bedrock p = bedrock("region: us-west-2,"
        + " endpoint: 'https://vpce-0a1b.bedrock-runtime.us-west-2.vpce.amazonaws.com/',"
        + " access_key_id: env:BEDROCK_ACCESS_KEY_ID,"
        + " secret_access_key: env:BEDROCK_SECRET_ACCESS_KEY,"
        + " session_token: env:BEDROCK_SESSION_TOKEN, timeout: 90s, max_connections: 8");

    assertThat(p).isEqualTo(new ProviderSettings.Bedrock("aws", "us-west-2",
        "https://vpce-0a1b.bedrock-runtime.us-west-2.vpce.amazonaws.com", null,
        SecretRef.parse("env:BEDROCK_ACCESS_KEY_ID"), SecretRef.parse("env:BEDROCK_SECRET_ACCESS_KEY"),
        SecretRef.parse("env:BEDROCK_SESSION_TOKEN"), null, Duration.ofSeconds(90), 8));
    assertThat(p.endpointUrl()).isEqualTo(
        "https://vpce-0a1b.bedrock-runtime.us-west-2.vpce.amazonaws.com");
    assertThat(p.sessionToken().resolve(ENV)).isEqualTo(ENV.get("BEDROCK_SESSION_TOKEN"));
  }

  @Test
  void parse_bedrockWithProfile_bindsIt() {
    assertThat(bedrock("region: us-gov-west-1, profile: gantry-bedrock").profile())
        .isEqualTo("gantry-bedrock");
  }

  @Test
  void parse_bedrockWithApiKey_bindsIt() {
    ProviderSettings.Bedrock p = bedrock("region: ap-southeast-1, api_key: env:AWS_BEARER_TOKEN_BEDROCK");

    assertThat(p.apiKey()).isEqualTo(SecretRef.parse("env:AWS_BEARER_TOKEN_BEDROCK"));
    assertThat(p.accessKeyId()).isNull();
    assertThat(p.profile()).isNull();
  }

  @Test
  void parse_bedrockMissingRegion_reportsRequired() {
    assertThat(errorsOf(BEDROCK + "profile: p }")).containsExactly("providers.aws.region: required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-east-1a", "US-EAST-1", "useast1", "us-east", "us_east_1", "east-1",
      "us-east-100"})
  void parse_bedrockRegionMalformed_reportsForm(String region) {
    assertThat(errorsOf(BEDROCK + "region: " + region + " }"))
        .containsExactly("providers.aws.region: must be an AWS region like us-east-1 or"
            + " eu-central-2 (not an availability zone)");
  }

  @Test
  void parse_bedrockRegionNotAString_asksForQuotes() {
    assertThat(errorsOf(BEDROCK + "region: 1 }"))
        .containsExactly("providers.aws.region: must be a string (quote numbers and booleans)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-iso-east-1", "us-isob-east-1", "eusc-de-east-1"})
  void parse_bedrockRegionInAnotherPartitionWithoutEndpoint_requiresEndpoint(String region) {
    assertThat(errorsOf(BEDROCK + "region: " + region + " }"))
        .containsExactly("providers.aws.endpoint: required for region " + region
            + " (endpoints are derived only in the aws, aws-cn and aws-us-gov partitions)");
  }

  @Test
  void parse_bedrockRegionInAnotherPartitionWithEndpoint_isAccepted() {
    assertThat(bedrock("region: us-iso-east-1,"
        + " endpoint: 'https://bedrock-runtime.us-iso-east-1.c2s.ic.gov'").endpointUrl())
        .isEqualTo("https://bedrock-runtime.us-iso-east-1.c2s.ic.gov");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:4566", "http://localhost:4566", "http://[::1]:4566/"})
  void parse_bedrockHttpEndpointOnLoopback_isAccepted(String endpoint) {
    assertThat(bedrock("region: us-east-1, endpoint: '" + endpoint + "'").endpointUrl())
        .isEqualTo(endpoint.replaceAll("/$", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.5:4566", "http://bedrock.internal", "http://127.0.0.1.nip.io"})
  void parse_bedrockHttpEndpointElsewhere_requiresHttps(String endpoint) {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, endpoint: '" + endpoint + "' }"))
        .containsExactly("providers.aws.endpoint: must use https (http only for a loopback host"
            + " such as 127.0.0.1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bedrock-runtime.us-east-1.amazonaws.com", "ftp://h", "https://", "h t://x"})
  void parse_bedrockEndpointNotAbsolute_reportsIt(String endpoint) {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, endpoint: '" + endpoint + "' }"))
        .containsExactly("providers.aws.endpoint: must be an absolute https URL");
  }

  @Test
  void parse_bedrockEndpointWithCredentials_reportsItWithoutEchoingThem() {
    ConfigException e = exceptionOf(BEDROCK + "region: us-east-1,"
        + " endpoint: 'https://AKIA:pw-51c2@bedrock.example' }");

    assertThat(e.errors()).containsExactly("providers.aws.endpoint: must not contain credentials");
    assertThat(e.getMessage()).doesNotContain("pw-51c2");
  }

  @Test
  void parse_bedrockEndpointWithQuery_reportsIt() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, endpoint: 'https://h/?x=1' }"))
        .containsExactly("providers.aws.endpoint: must not have a query or fragment");
  }

  @Test
  void parse_bedrockAccessKeyWithoutSecret_requiresSecret() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, access_key_id: env:BEDROCK_ACCESS_KEY_ID }"))
        .containsExactly("providers.aws.secret_access_key: required with access_key_id");
  }

  @Test
  void parse_bedrockSecretWithoutAccessKey_requiresAccessKey() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1,"
        + " secret_access_key: env:BEDROCK_SECRET_ACCESS_KEY }"))
        .containsExactly("providers.aws.access_key_id: required with secret_access_key");
  }

  @Test
  void parse_bedrockSessionTokenAlone_needsStaticKeys() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, session_token: env:BEDROCK_SESSION_TOKEN }"))
        .containsExactly("providers.aws.session_token: needs access_key_id and secret_access_key");
  }

  @Test
  void parse_bedrockSessionTokenWithHalfAPair_reportsBoth() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, access_key_id: env:BEDROCK_ACCESS_KEY_ID,"
        + " session_token: env:BEDROCK_SESSION_TOKEN }"))
        .containsExactly("providers.aws.secret_access_key: required with access_key_id",
            "providers.aws.session_token: needs access_key_id and secret_access_key");
  }

  @Test
  void parse_bedrockApiKeyAndStaticKeys_reportsAtMostOne() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, api_key: env:AWS_BEARER_TOKEN_BEDROCK,"
        + " access_key_id: env:BEDROCK_ACCESS_KEY_ID,"
        + " secret_access_key: env:BEDROCK_SECRET_ACCESS_KEY }"))
        .containsExactly("providers.aws: at most one of api_key, access_key_id +"
            + " secret_access_key, profile");
  }

  @Test
  void parse_bedrockProfileAndApiKey_reportsAtMostOne() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, profile: p,"
        + " api_key: env:AWS_BEARER_TOKEN_BEDROCK }"))
        .containsExactly("providers.aws: at most one of api_key, access_key_id +"
            + " secret_access_key, profile");
  }

  @Test
  void parse_bedrockProfileAndHalfAPair_reportsPairAndAtMostOne() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, profile: p,"
        + " secret_access_key: env:BEDROCK_SECRET_ACCESS_KEY }"))
        .containsExactly("providers.aws.access_key_id: required with secret_access_key",
            "providers.aws: at most one of api_key, access_key_id + secret_access_key, profile");
  }

  @Test
  void parse_bedrockMissingEnvironmentVariables_nameEachWithPath() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, access_key_id: env:NO_KEY_ID,"
        + " secret_access_key: env:NO_SECRET, session_token: env:EMPTY_KEY }"))
        .containsExactly("providers.aws.access_key_id: environment variable NO_KEY_ID is not set",
            "providers.aws.secret_access_key: environment variable NO_SECRET is not set",
            "providers.aws.session_token: environment variable EMPTY_KEY is empty");
    assertThat(errorsOf(BEDROCK + "region: us-east-1, api_key: env:NO_BEDROCK_KEY }"))
        .containsExactly("providers.aws.api_key: environment variable NO_BEDROCK_KEY is not set");
  }

  @Test
  void parse_bedrockMissingSecretFile_namesItWithPath(@TempDir Path dir) {
    Path missing = dir.resolve("bedrock-key");

    assertThat(errorsOf(BEDROCK + "region: us-east-1, api_key: 'file:" + missing + "' }"))
        .containsExactly("providers.aws.api_key: secret file " + missing + " does not exist");
  }

  @Test
  void parse_bedrockBlankOrNonStringSecrets_reportNonEmptyString() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, api_key: '' }"))
        .containsExactly("providers.aws.api_key: must be a non-empty string");
    assertThat(errorsOf(BEDROCK + "region: us-east-1, access_key_id: 12,"
        + " secret_access_key: env:BEDROCK_SECRET_ACCESS_KEY, session_token: }"))
        .containsExactly("providers.aws.access_key_id: must be a non-empty string",
            "providers.aws.session_token: must be a non-empty string");
  }

  @Test
  void parse_bedrockEmptyProfile_reportsIt() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, profile: '' }"))
        .containsExactly("providers.aws.profile: must not be empty");
  }

  @Test
  void parse_bedrockBadTimeoutAndConnections_reportsEach() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, timeout: 10, max_connections: 0 }"))
        .containsExactly("providers.aws.timeout: must be a duration like 500ms, 30s, 2m or 1h",
            "providers.aws.max_connections: must be at least 1");
  }

  @Test
  void parse_bedrockFieldsOfOtherTypes_areUnknown() {
    assertThat(errorsOf(BEDROCK + "region: us-east-1, base_url: 'https://h', headers: {} }"))
        .containsExactly("providers.aws.base_url: unknown field", "providers.aws.headers: unknown field");
  }

  @Test
  void toString_bedrockWithLiteralSecrets_printsNoSecret() {
    GatewayConfig config = parse(BEDROCK + "region: us-east-1, " + secretsYaml() + " }\n"
        + "  key: { type: bedrock, region: us-east-1, api_key: " + API_KEY + " }");

    assertThat(config.toString()).doesNotContain(KEY_ID, SECRET, TOKEN, API_KEY)
        .contains("accessKeyId=***", "secretAccessKey=***", "sessionToken=***", "apiKey=***");
  }

  @Test
  void errors_bedrockWithLiteralSecrets_printNoSecret() {
    ConfigException e = exceptionOf(BEDROCK + "region: us-east-1a, " + secretsYaml()
        + ", api_key: " + API_KEY + ", colour: " + SECRET + " }");

    assertThat(e.errors()).containsExactly("providers.aws.colour: unknown field",
        "providers.aws.region: must be an AWS region like us-east-1 or eu-central-2 (not an"
            + " availability zone)",
        "providers.aws: at most one of api_key, access_key_id + secret_access_key, profile");
    assertThat(e.getMessage()).doesNotContain(KEY_ID, SECRET, TOKEN, API_KEY);
  }
}
