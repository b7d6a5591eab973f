package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of the Bedrock control plane (service model {@code bedrock} 2023-04-20), member
 * names as the service model spells them; absent optional members are left out.
 */
final class ControlPlaneWire {

  private ControlPlaneWire() {}

  /** {@code CreateModelCustomizationJob}: {@code POST /model-customization-jobs} → 201. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreateJob(String jobName, String customModelName, String roleArn,
      String clientRequestToken, String baseModelIdentifier, String customizationType,
      S3Location trainingDataConfig, ValidationData validationDataConfig,
      S3Location outputDataConfig, Map<String, String> hyperParameters) {}

  /** {@code TrainingDataConfig}, {@code OutputDataConfig} and {@code Validator}. */
  record S3Location(String s3Uri) {}

  /** {@code ValidationDataConfig}: a list of validators, not one location. */
  record ValidationData(List<S3Location> validators) {}

  /**
   * {@code CreateCustomModelDeployment}:
   * {@code POST /model-customization/custom-model-deployments} → 202.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreateDeployment(String modelDeploymentName, String modelArn, String description,
      String clientRequestToken) {}

  /** {@code CreateProvisionedModelThroughput}: {@code POST /provisioned-model-throughput} → 201. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreateProvisioned(String clientRequestToken, int modelUnits,
      String provisionedModelName, String modelId) {}
}
