package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FineTuningConfigTest {

  private static final String PROVIDERS = "providers:\n"
      + "  aws: { type: bedrock, region: us-east-1 }\n"
      + "  gcp: { type: vertex, project: my-project, location: us-central1, access_token: t }\n"
      + "  vllm: { type: openai, base_url: 'http://gpu:8000/v1' }\n"
      + "  tgi: { type: huggingface, base_url: 'http://tgi:8080' }\n";

  @Test
  void parse_targetsOfEachBackend() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - name: nova\n    deployments: [ { provider: aws, model: amazon.nova-micro-v1:0 } ]\n"
        + "    fine_tuning: { provider: aws, base_model: 'amazon.nova-micro-v1:0:128k',"
        + " role_arn: 'arn:aws:iam::1:role/ft', s3_uri: 's3://bucket/ft', serve: provisioned,"
        + " model_units: 2, price_per_million_tokens: 8 }\n"
        + "  - name: gemini\n    deployments: [ { provider: gcp, model: gemini-2.0-flash } ]\n"
        + "    fine_tuning: { provider: gcp, base_model: gemini-2.0-flash-001,"
        + " gcs_uri: 'gs://b/ft', adapter_size: 4 }\n"
        + "  - name: llama\n    deployments: [ { provider: vllm, model: llama } ]\n"
        + "    fine_tuning: { provider: vllm, base_model: meta-llama/Llama-3.1-8B-Instruct,"
        + " trainer_url: 'http://trainer:9000', api_key: 'env:VLLM_KEY' }\n"
        + "fine_tuning: { storage_dir: /var/gantry/files, max_file_size: 1GiB,"
        + " poll_interval: 10s, max_running_per_team: 3, lease: 20s }\n");

    assertThat(config.model("nova").orElseThrow().fineTuning()).isEqualTo(new FineTuningTarget(
        FineTuningTarget.Backend.BEDROCK, "aws", "amazon.nova-micro-v1:0:128k",
        Map.of("role_arn", "arn:aws:iam::1:role/ft", "s3_uri", "s3://bucket/ft",
            "serve", "provisioned", "model_units", "2", "price_per_million_tokens", "8.0"), null));
    assertThat(config.model("nova").orElseThrow().fineTuning().pricePerMillionTokens())
        .isEqualTo(8.0);
    assertThat(config.model("gemini").orElseThrow().fineTuning().backend())
        .isEqualTo(FineTuningTarget.Backend.VERTEX);
    FineTuningTarget llama = config.model("llama").orElseThrow().fineTuning();
    assertThat(llama.backend()).isEqualTo(FineTuningTarget.Backend.TRAINER);
    assertThat(llama.apiKey()).isNotNull();
    assertThat(llama.toString()).doesNotContain("VLLM_KEY").contains("apiKey=***");
    assertThat(config.fineTuning()).isEqualTo(new FineTuningSettings("/var/gantry/files",
        1L << 30, Duration.ofSeconds(10), 3, Duration.ofSeconds(20)));
  }

  @Test
  void parse_noSection_defaults() {
    GatewayConfig config = parse(PROVIDERS + "models:\n"
        + "  - { name: a, deployments: [ { provider: vllm, model: m } ] }\n");

    assertThat(config.fineTuning()).isEqualTo(FineTuningSettings.DEFAULTS);
    assertThat(config.model("a").orElseThrow().fineTuning()).isNull();
  }

  @Test
  void parse_badTargets_reportEachWithPath() {
    assertThat(errorsOf(PROVIDERS + "models:\n"
        + "  - name: a\n    deployments: [ { provider: aws, model: m } ]\n"
        + "    fine_tuning: { provider: aws, base_model: b, s3_uri: 'http://x', gcs_uri: 'gs://b/p',"
        + " serve: forever }\n"
        + "  - name: b\n    deployments: [ { provider: tgi, model: m } ]\n"
        + "    fine_tuning: { provider: tgi, base_model: b }\n"
        + "  - name: c\n    deployments: [ { provider: vllm, model: m } ]\n"
        + "    fine_tuning: { provider: vllm }\n"
        + "  - name: d\n    kind: embeddings\n    deployments: [ { provider: vllm, model: m } ]\n"
        + "    fine_tuning: { provider: vllm, base_model: b, trainer_url: 'http://t' }\n"
        + "fine_tuning: { poll_interval: 0s, speed: 3 }\n"))
        .containsExactlyInAnyOrder(
            "models[0].fine_tuning.gcs_uri: unknown field for a bedrock backend (expected:"
                + " control_endpoint, customization_type, data_format, model_units, role_arn,"
                + " s3_endpoint, s3_uri, serve)",
            "models[0].fine_tuning.role_arn: required for a bedrock backend",
            "models[0].fine_tuning.s3_uri: must start with s3://bucket/prefix",
            "models[0].fine_tuning.serve: must be one of: deployment, provisioned",
            "models[1].fine_tuning.provider: provider 'tgi' (huggingface) cannot fine-tune: use a"
                + " bedrock or vertex provider, or the openai provider of the vLLM server a"
                + " self-hosted trainer's adapters are loaded into",
            "models[2].fine_tuning.base_model: required",
            "models[3].fine_tuning: only chat aliases can be fine-tuned; this alias is embeddings",
            "fine_tuning.poll_interval: must be greater than 0",
            "fine_tuning.speed: unknown field");
  }
}
