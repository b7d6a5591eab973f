package dev.gantry.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelIdsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "anthropic.claude-3-haiku-20240307-v1:0|anthropic.claude-3-haiku-20240307-v1%3A0",
      "us.amazon.nova-micro-v1:0|us.amazon.nova-micro-v1%3A0",
      "global.anthropic.claude-sonnet-4-5-20250929-v1:0|global.anthropic.claude-sonnet-4-5-20250929-v1%3A0",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/mi1dadi0g15f|arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fmi1dadi0g15f",
      "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0|arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fmeta.llama3-70b-instruct-v1%3A0",
      "arn:aws:bedrock:us-west-2:123456789012:provisioned-model/abcdefghijkl|arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Aprovisioned-model%2Fabcdefghijkl",
      "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint|arn%3Aaws%3Asagemaker%3Aus-east-1%3A123456789012%3Aendpoint%2Fmy-endpoint",
      "moonshot.kimi-k2-thinking|moonshot.kimi-k2-thinking",
      "a+b~c*d|a%2Bb~c%2Ad"})
  void pathSegment_anyForm_encodedAsOneSegment(String id, String encoded) {
    assertThat(ModelIds.pathSegment(id)).isEqualTo(encoded);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "anthropic.claude-3-haiku-20240307-v1:0|anthropic.claude-3-haiku-20240307-v1:0",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0|anthropic.claude-sonnet-4-5-20250929-v1:0",
      "eu.amazon.nova-pro-v1:0|amazon.nova-pro-v1:0",
      "apac.amazon.nova-lite-v1:0|amazon.nova-lite-v1:0",
      "us-gov.anthropic.claude-3-haiku-20240307-v1:0|anthropic.claude-3-haiku-20240307-v1:0",
      "global.anthropic.claude-haiku-4-5-20251001-v1:0|anthropic.claude-haiku-4-5-20251001-v1:0",
      "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0|meta.llama3-70b-instruct-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0|amazon.nova-micro-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/mi1dadi0g15f|",
      "arn:aws:bedrock:us-west-2:123456789012:provisioned-model/abcdefghijkl|",
      "moonshot.kimi-k2-thinking|moonshot.kimi-k2-thinking",
      "my-imported-model|"})
  void foundationModel_idForms_resolvedOrEmpty(String id, String expected) {
    assertThat(ModelIds.foundationModel(id)).isEqualTo(expected == null ? "" : expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"us.anthropic.claude-sonnet-4-6", "anthropic.claude-opus-4-1-20250805-v1:0",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "qwen.qwen3-32b-v1:0", "google.gemma-3-27b-it",
      "mistral.mistral-large-3-675b-instruct", "amazon.nova-2-lite-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/mi1dadi0g15f"})
  void mayUseJsonSchema_recentOrUnknownModels_true(String id) {
    assertThat(ModelIds.mayUseJsonSchema(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic.claude-3-5-sonnet-20241022-v2:0",
      "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us.anthropic.claude-sonnet-4-20250514-v1:0",
      "anthropic.claude-opus-4-20250514-v1:0", "us.amazon.nova-micro-v1:0", "amazon.titan-text-express-v1",
      "us.meta.llama4-maverick-17b-instruct-v1:0", "cohere.command-r-plus-v1:0",
      "mistral.mistral-large-2407-v1:0", "mistral.mixtral-8x7b-instruct-v0:1"})
  void mayUseJsonSchema_modelsBeforeStructuredOutputs_false(String id) {
    assertThat(ModelIds.mayUseJsonSchema(id)).isFalse();
  }

  @Test
  void isNova_novaAndOthers() {
    assertThat(ModelIds.isNova("us.amazon.nova-micro-v1:0")).isTrue();
    assertThat(ModelIds.isNova("amazon.nova-2-lite-v1:0")).isTrue();
    assertThat(ModelIds.isNova("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).isFalse();
    assertThat(ModelIds.isNova("amazon.titan-text-express-v1")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "us.amazon.nova micro", "line\nbreak"})
  void check_malformedId_throwsIllegalArgument(String id) {
    assertThatThrownBy(() -> ModelIds.check(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void check_tooLongId_throwsIllegalArgument() {
    assertThatThrownBy(() -> ModelIds.check("a".repeat(2049)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ModelIds.check("a".repeat(2048))).hasSize(2048);
  }
}
