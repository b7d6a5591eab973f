package dev.gantry.config;

import static dev.gantry.config.Configs.ENV;
import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.exceptionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

  /** The repository's examples/ folder; surefire runs in the module directory. */
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  static Stream<String> examples() {
    return Stream.of("openai-compatible.yaml", "ollama.yaml", "local.yaml", "azure-openai.yaml",
        "bedrock.yaml", "vertex.yaml", "huggingface.yaml",
        "sagemaker.yaml", "triton.yaml", "routing.yaml", "cache.yaml", "fine-tuning.yaml");
  }

  /** Where the examples keep secret files; the tests put stand-ins in a temporary folder. */
  private static final String EXAMPLE_SECRET_FILES = "file:/etc/gantry/";

  /** Loads an example, its {@value #EXAMPLE_SECRET_FILES} files replaced by fake ones in dir. */
  static GatewayConfig loadExample(String name, Path dir) throws IOException {
    Files.writeString(dir.resolve("vertex-sa.json"),
        Configs.serviceAccountKey("example-stand-in-key"));
    String yaml = Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8)
        .replace(EXAMPLE_SECRET_FILES, "file:" + dir + "/");
    return ConfigLoader.parse(yaml, name, ENV);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void load_example_loadsWithoutErrors(String name, @TempDir Path dir) throws IOException {
    GatewayConfig config = loadExample(name, dir);

    assertThat(config.models()).isNotEmpty();
    for (ModelAlias alias : config.models()) {
      for (Deployment d : alias.deployments()) {
        assertThat(config.providers()).containsKey(d.provider());
      }
    }
  }

  @Test
  void examplesFolder_holdsExactlyTheTestedExamples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(examples().toList());
    }
  }

  @Test
  void load_localExample_equalsDefaults() {
    assertThat(ConfigLoader.load(EXAMPLES.resolve("local.yaml"), Map.of()))
        .isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void load_azureExample_sendsApiKeyHeaderAndApiVersion() {
    GatewayConfig config = ConfigLoader.load(EXAMPLES.resolve("azure-openai.yaml"), ENV);
    ProviderSettings.OpenAi azure = (ProviderSettings.OpenAi) config.providers().get("azure-gpt4o");

    assertThat(azure.authHeader()).isEqualTo("api-key");
    assertThat(azure.queryParams()).containsEntry("api-version", "2024-10-21");
    assertThat(azure.apiKey().resolve(ENV)).isEqualTo(ENV.get("AZURE_OPENAI_API_KEY"));
  }

  @Test
  void load_bedrockExample_bindsCredentialSourcesAndCohereInputType() {
    GatewayConfig config = ConfigLoader.load(EXAMPLES.resolve("bedrock.yaml"), ENV);

    assertThat(config.providers()).containsOnlyKeys("bedrock-east", "bedrock-west");
    ProviderSettings.Bedrock east = (ProviderSettings.Bedrock) config.providers().get("bedrock-east");
    ProviderSettings.Bedrock west = (ProviderSettings.Bedrock) config.providers().get("bedrock-west");
    assertThat(east).isEqualTo(new ProviderSettings.Bedrock("bedrock-east", "us-east-1", null, null,
        null, null, null, null, Duration.ofSeconds(120), 64));
    assertThat(west.profile()).isEqualTo("gantry-bedrock");
    assertThat(west.endpointUrl()).isEqualTo("https://bedrock-runtime.us-west-2.amazonaws.com");
    assertThat(config.model("cohere-embed").orElseThrow().deployments()).containsExactly(
        new Deployment("bedrock-east", "cohere.embed-english-v3", 1, null,
            Map.of("input_type", "search_document")));
    assertThat(config.model("claude-sonnet").orElseThrow().deployments())
        .extracting(Deployment::model).containsOnly("us.anthropic.claude-sonnet-4-20250514-v1:0");
  }

  @Test
  void load_vertexExample_bindsBothLocationsCredentialsAndTaskType(@TempDir Path dir)
      throws IOException {
    GatewayConfig config = loadExample("vertex.yaml", dir);

    assertThat(config.providers()).containsOnlyKeys("vertex-us", "vertex-global");
    ProviderSettings.Vertex us = (ProviderSettings.Vertex) config.providers().get("vertex-us");
    ProviderSettings.Vertex global =
        (ProviderSettings.Vertex) config.providers().get("vertex-global");
    SecretRef key = SecretRef.parse("file:" + dir.resolve("vertex-sa.json"));
    assertThat(us).isEqualTo(new ProviderSettings.Vertex("vertex-us", "gantry-prod", "us-central1",
        null, key, null, Duration.ofSeconds(120), 64));
    assertThat(global.locationUrl())
        .isEqualTo("https://aiplatform.googleapis.com/v1/projects/gantry-prod/locations/global");
    assertThat(global.credentials()).isEqualTo(key);
    assertThat(config.model("claude-sonnet").orElseThrow().deployments()).containsExactly(
        new Deployment("vertex-global", "claude-sonnet-4-5@20250929", 1, null));
    assertThat(config.model("gemini-embed").orElseThrow().deployments()).containsExactly(
        new Deployment("vertex-us", "gemini-embedding-001", 1, null,
            Map.of("task_type", "RETRIEVAL_DOCUMENT")));
    assertThat(config.model("imagen").orElseThrow().kind()).isEqualTo(ModelKind.IMAGES);
  }

  @Test
  void load_huggingFaceExample_bindsEndpointTeiAndRouter(@TempDir Path dir) throws IOException {
    GatewayConfig config = loadExample("huggingface.yaml", dir);

    assertThat(config.providers()).containsOnlyKeys("tgi-endpoint", "tei", "hf-router");
    ProviderSettings.HuggingFace endpoint =
        (ProviderSettings.HuggingFace) config.providers().get("tgi-endpoint");
    assertThat(endpoint).isEqualTo(new ProviderSettings.HuggingFace("tgi-endpoint",
        "https://xyz123.us-east-1.aws.endpoints.huggingface.cloud", SecretRef.parse("env:HF_TOKEN"),
        Map.of(), Duration.ofSeconds(300), 64, Duration.ofSeconds(20), Duration.ofMinutes(10)));
    ProviderSettings.HuggingFace router =
        (ProviderSettings.HuggingFace) config.providers().get("hf-router");
    assertThat(router.isRouter()).isTrue();
    assertThat(((ProviderSettings.HuggingFace) config.providers().get("tei")).apiKey()).isNull();
    assertThat(config.model("bge-small").orElseThrow().deployments()).containsExactly(
        new Deployment("tei", "BAAI/bge-small-en-v1.5", 1, null, Map.of("api", "embed")));
  }

  @Test
  void load_exampleWithoutItsEnvironment_namesEachMissingVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(EXAMPLES.resolve("openai-compatible.yaml"), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
            "providers.gpu-pool.api_key: environment variable VLLM_KEY is not set",
            "providers.openai.api_key: environment variable OPENAI_API_KEY is not set",
            "keys[0].key: environment variable TEAM_A_KEY is not set"));
  }

  @Test
  void defaults_loadsTheLocalEmbeddingAlias() {
    GatewayConfig config = ConfigLoader.defaults();

    assertThat(config.server()).isEqualTo(ServerSettings.DEFAULTS.withHost("127.0.0.1"));
    assertThat(config.providers()).containsExactly(
        Map.entry("local", new ProviderSettings.Local("local", 0, 32)));
    assertThat(config.models()).hasSize(1);
    ModelAlias alias = config.model("local-embed").orElseThrow();
    assertThat(alias.kind()).isEqualTo(ModelKind.EMBEDDINGS);
    assertThat(alias.deployments()).containsExactly(new Deployment("local", "all-minilm-l6-v2", 1, null));
    assertThat(config.keys()).isEmpty();
  }

  @Test
  void load_file_usesItsPathAsSourceName(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("gantry.yaml"), "server: { port: 0 }\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": server.port: must be between 1 and 65535");
  }

  @Test
  void load_missingFile_reportsItCannotBeRead(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .containsExactly("cannot read file (NoSuchFileException)"));
  }

  @Test
  void load_notUtf8_reportsEncoding(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"), "server: { host: 'caf\u00e9' }"
        .getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .containsExactly("not valid UTF-8"));
  }

  @Test
  void parse_manyProblems_reportsAllTogetherOnePerLine() {
    ConfigException e = exceptionOf("server: { port: 70000, host: 0.0.0.0 }\n"
        + "providers:\n"
        + "  gpu: { type: foo }\n"
        + "  laptop: { type: ollama, base_url: 'http://h', colour: red }\n"
        + "models:\n"
        + "  - { name: a, deployments: [] }\n"
        + "  - { name: b, deployments: [ { provider: x, model: m } ] }\n"
        + "colour: red\n");

    List<String> expected = List.of(
        "colour: unknown field",
        "server.port: must be between 1 and 65535",
        "providers.gpu.type: unknown type 'foo' (expected one of: openai, ollama, local, bedrock, vertex, huggingface, sagemaker, triton)",
        "providers.laptop.colour: unknown field",
        "models[0].deployments: at least one deployment",
        "models[1].deployments[0].provider: unknown provider 'x'",
        "server.host: a non-loopback address needs at least one entry under keys");
    assertThat(e.errors()).containsExactlyElementsOf(expected);
    assertThat(e.sourceName()).isEqualTo("test.yaml");
    assertThat(e.getMessage()).isEqualTo(String.join("\n",
        expected.stream().map(line -> "test.yaml: " + line).toList()));
  }

  @Test
  void parse_duplicateMappingKey_reportsItsPosition() {
    assertThat(errorsOf("server:\n  port: 8080\n  port: 9090\n"))
        .containsExactly("line 3, column 7: invalid YAML: Duplicate field 'port'");
  }

  @Test
  void parse_tabIndentation_reportsPositionAndProblem() {
    assertThat(errorsOf("server:\n\tport: 1\n")).singleElement().asString()
        .startsWith("line 2, column 1: invalid YAML: found character '\\t(TAB)'");
  }

  @Test
  void parse_documentNotAMapping_reportsIt() {
    assertThat(errorsOf("- a\n- b")).containsExactly("the document must be a mapping");
  }

  @Test
  void parse_emptyDocument_isAnEmptyConfig() {
    GatewayConfig config = ConfigLoader.parse("# nothing\n", "empty.yaml", Map.of());

    assertThat(config.providers()).isEmpty();
    assertThat(config.models()).isEmpty();
    assertThat(config.keys()).isEmpty();
  }

  @Test
  void parse_nullSections_areAbsent() {
    GatewayConfig config = ConfigLoader.parse("server:\nproviders:\nmodels:\nkeys:\n", "s", Map.of());

    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.models()).isEmpty();
  }
}
