package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

  private static final String PROVIDERS = "providers:\n"
      + "  gpu: { type: openai, base_url: 'http://10.0.0.5:8000/v1' }\n"
      + "  embedded: { type: local }\n";

  @Test
  void parse_modelWithAllFields_bindsThem() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - name: chat-large\n"
        + "    kind: chat\n"
        + "    description: the big one\n"
        + "    deployments:\n"
        + "      - { provider: gpu, model: Qwen/Qwen3-8B, weight: 3, timeout: 60s }\n"
        + "      - { provider: gpu, model: Qwen/Qwen3-4B }\n");

    assertThat(config.models()).containsExactly(new ModelAlias("chat-large", ModelKind.CHAT,
        List.of(new Deployment("gpu", "Qwen/Qwen3-8B", 3, Duration.ofSeconds(60)),
            new Deployment("gpu", "Qwen/Qwen3-4B", 1, null)), "the big one"));
    assertThat(config.model("chat-large")).isPresent();
  }

  @Test
  void parse_modelWithoutKind_isChat() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - { name: c, deployments: [ { provider: gpu, model: m } ] }");

    assertThat(config.models().get(0).kind()).isEqualTo(ModelKind.CHAT);
    assertThat(config.models().get(0).description()).isNull();
  }

  @Test
  void parse_blankDescription_isAbsent() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - name: c\n    description:\n    deployments: [ { provider: gpu, model: m } ]\n");

    assertThat(config.models().get(0).description()).isNull();
  }

  @Test
  void parse_localProviderInEmbeddingsAlias_isAccepted() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - { name: e, kind: embeddings, deployments: [ { provider: embedded, model: all-minilm-l6-v2 } ] }");

    assertThat(config.models().get(0).deployments().get(0).provider()).isEqualTo("embedded");
  }

  @Test
  void parse_unknownProvider_reportsItWithPath() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: b, deployments: [ { provider: x, model: m } ] }"))
        .containsExactly("models[1].deployments[0].provider: unknown provider 'x'");
  }

  @Test
  void parse_localProviderInChatAlias_reportsEmbeddingsOnly() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: c, kind: chat, deployments: [ { provider: embedded, model: all-minilm-l6-v2 } ] }"))
        .containsExactly("models[0].deployments[0].provider: local provider 'embedded' serves"
            + " embeddings only, not chat");
  }

  @Test
  void parse_localProviderInImagesAlias_reportsEmbeddingsOnly() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: i, kind: images, deployments: [ { provider: embedded, model: all-minilm-l6-v2 } ] }"))
        .containsExactly("models[0].deployments[0].provider: local provider 'embedded' serves"
            + " embeddings only, not images");
  }

  @Test
  void parse_localProviderWithUnknownModel_listsTheAvailableOnes() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: e, kind: embeddings, deployments: [ { provider: embedded, model: bge-small } ] }"))
        .containsExactly("models[0].deployments[0].model: the local provider has no model"
            + " 'bge-small' (available: all-minilm-l6-v2)");
  }

  @Test
  void parse_noDeployments_reportsAtLeastOne() {
    assertThat(errorsOf(PROVIDERS + "models:\n  - { name: a, deployments: [] }\n  - { name: b }"))
        .containsExactly("models[0].deployments: at least one deployment",
            "models[1].deployments: at least one deployment");
  }

  @Test
  void parse_duplicateModelName_pointsToTheFirst() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: b, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m } ] }"))
        .containsExactly("models[2].name: duplicate model 'a' (also models[0])");
  }

  @Test
  void parse_unknownKind_listsTheKnownOnes() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, kind: audio, deployments: [ { provider: gpu, model: m } ] }"))
        .containsExactly("models[0].kind: unknown kind 'audio' (expected one of: chat, embeddings, images)");
  }

  @Test
  void parse_missingNameAndDeploymentFields_reportsEachRequired() {
    assertThat(errorsOf(PROVIDERS + "models:\n  - { deployments: [ { weight: 2 } ] }"))
        .containsExactly("models[0].name: required", "models[0].deployments[0].provider: required",
            "models[0].deployments[0].model: required");
  }

  @Test
  void parse_weightBelowOne_reportsMinimum() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m, weight: 0 } ] }"))
        .containsExactly("models[0].deployments[0].weight: must be at least 1");
  }

  @Test
  void parse_deploymentTimeoutZero_reportsPositive() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m, timeout: 0s } ] }"))
        .containsExactly("models[0].deployments[0].timeout: must be greater than 0");
  }

  @Test
  void parse_unknownModelAndDeploymentFields_reportsThem() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, tokens: x, deployments: [ { provider: gpu, model: m, region: eu } ] }"))
        .containsExactly("models[0].tokens: unknown field",
            "models[0].deployments[0].region: unknown field");
  }

  @Test
  void parse_tokenizers_bindHfTiktokenAndEstimate(@TempDir Path dir) throws Exception {
    Path json = Files.writeString(dir.resolve("tokenizer.json"), "{}");
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - { name: a, tokenizer: 'hf:" + dir + "', deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: b, tokenizer: 'hf:" + json + "', deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: c, tokenizer: 'tiktoken:o200k_base', deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: d, tokenizer: estimate, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: e, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: f, tokenizer: 'hub:Qwen/Qwen3-8B', deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: g, tokenizer: 'hub:meta-llama/Llama-3.1-8B-Instruct@v1.0', deployments: [ { provider: gpu, model: m } ] }\n");

    assertThat(config.models()).extracting(ModelAlias::tokenizer).containsExactly(
        new TokenizerSpec(TokenizerSpec.Kind.HF, json.toString()),
        new TokenizerSpec(TokenizerSpec.Kind.HF, json.toString()),
        new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "o200k_base"),
        TokenizerSpec.ESTIMATE, TokenizerSpec.ESTIMATE,
        new TokenizerSpec(TokenizerSpec.Kind.HUB, "Qwen/Qwen3-8B"),
        new TokenizerSpec(TokenizerSpec.Kind.HUB, "meta-llama/Llama-3.1-8B-Instruct@v1.0"));
  }

  @Test
  void parse_badTokenizers_reportEachWithPath(@TempDir Path dir) {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, tokenizer: 'hf:" + dir + "', deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: b, tokenizer: 'tiktoken:gpt2', deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: c, tokenizer: 'Qwen/Qwen3-8B', deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: d, tokenizer: 'hub:../etc/passwd', deployments: [ { provider: gpu, model: m } ] }\n"))
        .containsExactly("models[0].tokenizer: no tokenizer.json at " + dir,
            "models[1].tokenizer: unknown encoding 'gpt2' (expected one of: o200k_base, "
                + "cl100k_base, p50k_base, r50k_base)",
            "models[2].tokenizer: must be hf:<path to tokenizer.json or its directory>, "
                + "hub:<owner>/<model>, tiktoken:<encoding>, provider or estimate",
            "models[3].tokenizer: must be hub:<owner>/<model>, optionally @<revision> (a branch,"
                + " tag or commit)");
  }

  private static final String COUNTING_PROVIDERS = PROVIDERS
      + "  aws: { type: bedrock, region: us-east-1 }\n"
      + "  gcp: { type: vertex, project: gantry-prod, location: us-east5 }\n";

  @Test
  void parse_providerTokenizer_bindsForBedrockAndVertexGeminiAndClaude() {
    GatewayConfig config = parse(COUNTING_PROVIDERS + "models:\n"
        + "  - { name: a, tokenizer: provider, deployments: [ { provider: aws,"
        + " model: 'us.amazon.nova-micro-v1:0' }, { provider: gcp, model: gemini-2.5-flash } ] }\n"
        + "  - { name: b, tokenizer: provider, deployments: [ { provider: gcp,"
        + " model: claude-sonnet-4-5@20250929 } ] }\n"
        + "  - { name: c, tokenizer: provider, deployments: [ { provider: gcp, model: tuned,"
        + " options: { endpoint: '123', api: gemini } } ] }\n");

    assertThat(config.models()).extracting(ModelAlias::tokenizer)
        .containsOnly(TokenizerSpec.PROVIDER);
    assertThat(TokenizerSpec.PROVIDER).hasToString("provider");
  }

  @Test
  void parse_providerTokenizerOnDeploymentsThatCannotCount_reportsEachWithPath() {
    assertThat(errorsOf(COUNTING_PROVIDERS + "models:\n"
        + "  - { name: a, tokenizer: provider, deployments: [ { provider: aws, model: m },"
        + " { provider: gpu, model: llama } ] }\n"
        + "  - { name: b, tokenizer: provider, deployments: [ { provider: gcp,"
        + " model: meta/llama-3.3-70b-instruct-maas } ] }\n"
        + "  - { name: c, tokenizer: provider, deployments: [ { provider: gcp, model: m,"
        + " options: { endpoint: '123' } } ] }\n"
        + "  - { name: d, kind: embeddings, tokenizer: provider, deployments: [ { provider: aws,"
        + " model: amazon.titan-embed-text-v2:0 } ] }\n"))
        .containsExactly(
            "models[0].tokenizer: provider needs deployments that count tokens (bedrock, or vertex"
                + " Gemini or Claude), but models[0].deployments[1] (gpu, openai llama) cannot",
            "models[1].tokenizer: provider needs deployments that count tokens (bedrock, or vertex"
                + " Gemini or Claude), but models[1].deployments[0] (gcp, vertex"
                + " meta/llama-3.3-70b-instruct-maas) cannot",
            "models[2].tokenizer: provider needs deployments that count tokens (bedrock, or vertex"
                + " Gemini or Claude), but models[2].deployments[0] (gcp, vertex m) cannot",
            "models[3].tokenizer: provider counts only chat prompts; this alias is embeddings");
  }

  @Test
  void parse_wrongShapes_reportsEach() {
    assertThat(errorsOf(PROVIDERS + "models:\n  - chat\n  - { name: a, deployments: gpu }"))
        .containsExactly("models[0]: must be a mapping", "models[1].deployments: must be a list");
    assertThat(errorsOf("models: { a: 1 }")).containsExactly("models: must be a list");
  }

  @Test
  void parse_deploymentOnProviderWithBadType_reportsOnlyTheType() {
    assertThat(errorsOf("providers:\n  gpu: { type: foo }\nmodels:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m } ] }"))
        .containsExactly("providers.gpu.type: unknown type 'foo'"
            + " (expected one of: openai, ollama, local, bedrock, vertex, huggingface, sagemaker, triton)");
  }

  @Test
  void parse_deploymentOptions_bindsThem() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - name: e\n    kind: embeddings\n    deployments:\n"
        + "      - { provider: gpu, model: m, options: { input_type: search_document, truncate: END,"
        + " dims_2: '256' } }\n"
        + "      - { provider: gpu, model: n }\n");

    List<Deployment> deployments = config.models().get(0).deployments();
    assertThat(deployments.get(0)).isEqualTo(new Deployment("gpu", "m", 1, null,
        Map.of("input_type", "search_document", "truncate", "END", "dims_2", "256")));
    assertThat(deployments.get(1).options()).isEmpty();
  }

  @Test
  void parse_deploymentOptionsEmptyOrNull_areEmpty() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m, options: {} },"
        + " { provider: gpu, model: m, options: ~ } ] }");

    assertThat(config.models().get(0).deployments())
        .allSatisfy(d -> assertThat(d.options()).isEmpty());
  }

  @Test
  void parse_deploymentOptionNameMalformed_reportsPattern() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m,"
        + " options: { Input-Type: x, 'input type': y, ok_1: z } } ] }"))
        .containsExactly("models[0].deployments[0].options.Input-Type: name must match [a-z0-9_]+",
            "models[0].deployments[0].options.input type: name must match [a-z0-9_]+");
  }

  @Test
  void parse_deploymentOptionValueNotAString_asksForQuotes() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m,"
        + " options: { dimensions: 256, normalize: true, input_type: '', nested: { a: b } } } ] }"))
        .containsExactly(
            "models[0].deployments[0].options.dimensions: must be a string (quote numbers and booleans)",
            "models[0].deployments[0].options.normalize: must be a string (quote numbers and booleans)",
            "models[0].deployments[0].options.input_type: must not be empty",
            "models[0].deployments[0].options.nested: must be a string (quote numbers and booleans)");
  }

  @Test
  void parse_deploymentOptionsNotAMapping_reportsIt() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: gpu, model: m, options: [input_type] } ] }"))
        .containsExactly("models[0].deployments[0].options: must be a mapping");
  }
}
