package dev.gantry.config;

import static dev.gantry.config.Configs.ENV;
import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.exceptionOf;
import static dev.gantry.config.Configs.parse;
import static dev.gantry.config.Configs.serviceAccountKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VertexConfigTest {

  private static final String VERTEX = "providers:\n  gcp: { type: vertex, ";
  private static final String MINIMAL = "project: gantry-prod, location: us-central1";
  private static final String FILE_KEY = "vertex-file-private-key-91d0";
  private static final String TOKEN = "ya29.literal-vertex-access-token-e5a7";
  private static final String NOT_A_KEY = "not-a-key-secret-3b8f";
  private static final String PROJECT_MESSAGE = "providers.gcp.project: must be a Google Cloud"
      + " project id (6 to 30 lowercase letters, digits and hyphens, starting with a letter and"
      + " not ending with a hyphen) or a project number";
  private static final String TYPE_MESSAGE = "providers.gcp.credentials: is not a service-account"
      + " key (\"type\" must be \"service_account\"; for other credentials leave credentials out"
      + " and use Application Default Credentials)";

  @TempDir
  Path dir;

  private static ProviderSettings.Vertex vertex(String fields) {
    return (ProviderSettings.Vertex) parse(VERTEX + fields + " }").providers().get("gcp");
  }

  /** A {@code file:} reference to a new file holding {@code content}. */
  private String file(String content) throws IOException {
    Path file = Files.createTempFile(dir, "sa-", ".json");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return "'file:" + file + "'";
  }

  @Test
  void parse_vertexMinimal_usesApplicationDefaultCredentialsAndDefaults() {
    ProviderSettings.Vertex p = vertex(MINIMAL);

    assertThat(p).isEqualTo(new ProviderSettings.Vertex("gcp", "gantry-prod", "us-central1",
        null, null, null, Duration.ofSeconds(600), 64));
    assertThat(p.baseUrl()).isEqualTo("https://us-central1-aiplatform.googleapis.com");
    assertThat(p.locationUrl()).isEqualTo("https://us-central1-aiplatform.googleapis.com"
        + "/v1/projects/gantry-prod/locations/us-central1");
  }

  @Test
  void parse_vertexGlobal_usesTheGlobalHost() {
    assertThat(vertex("project: gantry-prod, location: global").locationUrl())
        .isEqualTo("https://aiplatform.googleapis.com/v1/projects/gantry-prod/locations/global");
  }

  @Test
  void parse_vertexWithoutTimeout_inheritsServerRequestTimeout() {
    GatewayConfig config = parse("server: { request_timeout: 45s }\n" + VERTEX + MINIMAL + " }");

    assertThat(((ProviderSettings.Vertex) config.providers().get("gcp")).timeout())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void parse_vertexWithEverything_bindsIt() throws IOException {
    String ref = file(serviceAccountKey(FILE_KEY));
    ProviderSettings.Vertex p = vertex("project: gantry-prod, location: europe-west4,"
        + " endpoint: 'https://europe-west4-aiplatform.googleapis.com/', credentials: " + ref
        + ", timeout: 90s, max_connections: 8");

    assertThat(p).isEqualTo(new ProviderSettings.Vertex("gcp", "gantry-prod", "europe-west4",
        "https://europe-west4-aiplatform.googleapis.com",
        SecretRef.parse(ref.substring(1, ref.length() - 1)), null, Duration.ofSeconds(90), 8));
    assertThat(p.credentials().resolve(ENV)).contains(FILE_KEY);
  }

  @Test
  void parse_vertexCredentialsFromEnv_bindsThem() {
    assertThat(vertex(MINIMAL + ", credentials: env:VERTEX_CREDENTIALS").credentials())
        .isEqualTo(SecretRef.parse("env:VERTEX_CREDENTIALS"));
  }

  @Test
  void parse_vertexAccessToken_bindsIt() {
    ProviderSettings.Vertex p = vertex(MINIMAL + ", access_token: env:VERTEX_ACCESS_TOKEN");

    assertThat(p.accessToken()).isEqualTo(SecretRef.parse("env:VERTEX_ACCESS_TOKEN"));
    assertThat(p.credentials()).isNull();
  }

  @Test
  void parse_vertexMissingProjectAndLocation_reportsBothRequired() {
    assertThat(errorsOf(VERTEX + "timeout: 10s }"))
        .containsExactly("providers.gcp.project: required", "providers.gcp.location: required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcdef", "my-project-123", "a23456789012345678901234567890",
      "'123456789012'", "123456789012"})
  void parse_vertexProjectIdOrNumber_isAccepted(String project) {
    assertThat(vertex("project: " + project + ", location: us-central1").project())
        .isEqualTo(project.replace("'", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcde", "a234567890123456789012345678901", "My-project", "1project",
      "my_project", "my-project-", "-project", "my.project", "example.com:proj", "0", "-12",
      "'0123456789'", "12345678901234567890"})
  void parse_vertexProjectMalformed_reportsForm(String project) {
    assertThat(errorsOf(VERTEX + "project: " + project + ", location: us-central1 }"))
        .containsExactly(PROJECT_MESSAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"global", "us-central1", "europe-west4", "asia-northeast1",
      "me-central2", "northamerica-northeast1", "europe-west12"})
  void parse_vertexLocation_isAccepted(String location) {
    assertThat(vertex("project: gantry-prod, location: " + location).location())
        .isEqualTo(location);
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-central1-a", "US-CENTRAL1", "uscentral1", "us-central", "Global",
      "europe_west4", "us-central123", "us"})
  void parse_vertexLocationMalformed_reportsForm(String location) {
    assertThat(errorsOf(VERTEX + "project: gantry-prod, location: " + location + " }"))
        .containsExactly("providers.gcp.location: must be global or a Google Cloud region like"
            + " us-central1 or europe-west4 (not a zone)");
  }

  @Test
  void parse_vertexProjectOrLocationNotAString_reportsIt() {
    assertThat(errorsOf(VERTEX + "project: true, location: 1 }"))
        .containsExactly("providers.gcp.project: must be a string (quote numbers and booleans)",
            "providers.gcp.location: must be a string (quote numbers and booleans)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8089", "http://localhost:8089/", "http://[::1]:8089"})
  void parse_vertexHttpEndpointOnLoopback_isAccepted(String endpoint) {
    assertThat(vertex(MINIMAL + ", endpoint: '" + endpoint + "'").locationUrl())
        .isEqualTo(endpoint.replaceAll("/$", "")
            + "/v1/projects/gantry-prod/locations/us-central1");
  }

  @Test
  void parse_vertexHttpEndpointElsewhere_requiresHttps() {
    assertThat(errorsOf(VERTEX + MINIMAL + ", endpoint: 'http://vertex.internal' }"))
        .containsExactly("providers.gcp.endpoint: must use https (http only for a loopback host"
            + " such as 127.0.0.1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-central1-aiplatform.googleapis.com", "ftp://h", "https://"})
  void parse_vertexEndpointNotAbsolute_reportsIt(String endpoint) {
    assertThat(errorsOf(VERTEX + MINIMAL + ", endpoint: '" + endpoint + "' }"))
        .containsExactly("providers.gcp.endpoint: must be an absolute https URL");
  }

  @Test
  void parse_vertexEndpointWithCredentialsOrQuery_reportsItWithoutEchoing() {
    ConfigException e = exceptionOf(VERTEX + MINIMAL
        + ", endpoint: 'https://u:pw-8c1d@vertex.example' }\n"
        + "  gcp2: { type: vertex, " + MINIMAL + ", endpoint: 'https://h/#f' }");

    assertThat(e.errors()).containsExactly("providers.gcp.endpoint: must not contain credentials",
        "providers.gcp2.endpoint: must not have a query or fragment");
    assertThat(e.getMessage()).doesNotContain("pw-8c1d");
  }

  @Test
  void parse_vertexLiteralCredentials_asksForAReferenceWithoutEchoing() {
    ConfigException e = exceptionOf(VERTEX + MINIMAL + ", credentials: '"
        + serviceAccountKey(FILE_KEY) + "' }");

    assertThat(e.errors()).containsExactly("providers.gcp.credentials: must be file:/path or"
        + " env:NAME holding a service-account key JSON");
    assertThat(e.getMessage()).doesNotContain(FILE_KEY);
  }

  @Test
  void parse_vertexCredentialsMissing_namesFileOrVariable() {
    Path missing = dir.resolve("absent.json");

    assertThat(errorsOf(VERTEX + MINIMAL + ", credentials: 'file:" + missing + "' }"))
        .containsExactly("providers.gcp.credentials: secret file " + missing + " does not exist");
    assertThat(errorsOf(VERTEX + MINIMAL + ", credentials: env:NO_VERTEX_KEY }"))
        .containsExactly("providers.gcp.credentials: environment variable NO_VERTEX_KEY is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {NOT_A_KEY, "{\"private_key\": \"" + NOT_A_KEY + "\"", "{} " + NOT_A_KEY})
  void parse_vertexCredentialsNotJson_reportsItWithoutEchoing(String content) throws IOException {
    ConfigException e = exceptionOf(VERTEX + MINIMAL + ", credentials: " + file(content) + " }");

    assertThat(e.errors()).containsExactly("providers.gcp.credentials: is not valid JSON"
        + " (expected a service-account key file)");
    assertThat(e.getMessage()).doesNotContain(NOT_A_KEY);
  }

  @Test
  void parse_vertexCredentialsFileBlank_reportsEmpty() throws IOException {
    assertThat(errorsOf(VERTEX + MINIMAL + ", credentials: " + file(" \n") + " }"))
        .containsExactly("providers.gcp.credentials: is empty (expected a service-account key"
            + " file)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"" + NOT_A_KEY + "\"]", "\"" + NOT_A_KEY + "\"", "42"})
  void parse_vertexCredentialsNotAnObject_reportsItWithoutEchoing(String content)
      throws IOException {
    ConfigException e = exceptionOf(VERTEX + MINIMAL + ", credentials: " + file(content) + " }");

    assertThat(e.errors()).containsExactly("providers.gcp.credentials: is not a JSON object"
        + " (expected a service-account key file)");
    assertThat(e.getMessage()).doesNotContain(NOT_A_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"authorized_user", "external_account", "SERVICE_ACCOUNT"})
  void parse_vertexCredentialsOfAnotherType_pointsToAdcWithoutEchoing(String type)
      throws IOException {
    String content = serviceAccountKey(NOT_A_KEY).replace("\"service_account\"", "\"" + type + "\"");

    ConfigException e = exceptionOf(VERTEX + MINIMAL + ", credentials: " + file(content) + " }");

    assertThat(e.errors()).containsExactly(TYPE_MESSAGE);
    assertThat(e.getMessage()).doesNotContain(NOT_A_KEY, type);
  }

  @Test
  void parse_vertexCredentialsWithoutType_reportsType() throws IOException {
    assertThat(errorsOf(VERTEX + MINIMAL + ", credentials: " + file("{\"client_email\": \"a@b\"}")
        + " }")).containsExactly(TYPE_MESSAGE);
  }

  @Test
  void parse_vertexCredentialsMissingFields_listsThemWithoutEchoing() throws IOException {
    String noEmail = serviceAccountKey(NOT_A_KEY)
        .replace("\"client_email\": \"gantry@gantry-test.iam.gserviceaccount.com\"", "\"x\": 1");
    String blankKeyNumericEmail = "{\"type\": \"service_account\", \"client_email\": 7,"
        + " \"private_key\": \" \", \"private_key_id\": \"" + NOT_A_KEY + "\"}";

    ConfigException e = exceptionOf(VERTEX + MINIMAL + ", credentials: " + file(noEmail) + " }\n"
        + "  gcp2: { type: vertex, " + MINIMAL + ", credentials: " + file(blankKeyNumericEmail)
        + " }");

    assertThat(e.errors()).containsExactly(
        "providers.gcp.credentials: service-account key has no client_email",
        "providers.gcp2.credentials: service-account key has no client_email, private_key");
    assertThat(e.getMessage()).doesNotContain(NOT_A_KEY);
  }

  @Test
  void parse_vertexCredentialsAndAccessToken_reportsAtMostOne() {
    assertThat(errorsOf(VERTEX + MINIMAL + ", credentials: env:VERTEX_CREDENTIALS,"
        + " access_token: env:VERTEX_ACCESS_TOKEN }"))
        .containsExactly("providers.gcp: at most one of credentials, access_token");
  }

  @Test
  void parse_vertexBlankSecretsOrMissingTokenVariable_reportEach() {
    assertThat(errorsOf(VERTEX + MINIMAL + ", credentials: '', access_token: 12 }"))
        .containsExactly("providers.gcp.credentials: must be a non-empty string",
            "providers.gcp.access_token: must be a non-empty string",
            "providers.gcp: at most one of credentials, access_token");
    assertThat(errorsOf(VERTEX + MINIMAL + ", access_token: env:EMPTY_KEY }"))
        .containsExactly("providers.gcp.access_token: environment variable EMPTY_KEY is empty");
  }

  @Test
  void parse_vertexBadTimeoutAndConnections_reportsEach() {
    assertThat(errorsOf(VERTEX + MINIMAL + ", timeout: 0s, max_connections: x }"))
        .containsExactly("providers.gcp.timeout: must be greater than 0",
            "providers.gcp.max_connections: must be an integer");
  }

  @Test
  void parse_vertexFieldsOfOtherTypes_areUnknown() {
    assertThat(errorsOf(VERTEX + MINIMAL + ", region: us-east-1, api_key: k }"))
        .containsExactly("providers.gcp.region: unknown field", "providers.gcp.api_key: unknown field");
  }

  @Test
  void toString_vertexWithSecrets_printsNoSecret() throws IOException {
    GatewayConfig config = parse(VERTEX + MINIMAL + ", access_token: " + TOKEN + " }\n"
        + "  gcp2: { type: vertex, " + MINIMAL + ", credentials: env:VERTEX_CREDENTIALS }");

    assertThat(config.toString()).doesNotContain(TOKEN, "vertex-env-private-key-7c3b")
        .contains("accessToken=***", "credentials=***");
  }

  @Test
  void errors_vertexWithLiteralToken_printNoSecret() {
    ConfigException e = exceptionOf(VERTEX + "project: x, location: us-central1-a, access_token: "
        + TOKEN + ", colour: " + TOKEN + " }");

    assertThat(e.errors()).containsExactly("providers.gcp.colour: unknown field", PROJECT_MESSAGE,
        "providers.gcp.location: must be global or a Google Cloud region like us-central1 or"
            + " europe-west4 (not a zone)");
    assertThat(e.getMessage()).doesNotContain(TOKEN);
  }
}
