package dev.gantry.finetune.trainer.bedrock;

import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import java.util.Locale;
import java.util.Objects;

/**
 * A Bedrock fine-tuning target's options ({@link FineTuningTarget}), checked once.
 *
 * @param bucket the bucket of {@code s3_uri}
 * @param prefix its key prefix without leading or trailing {@code /}, or empty
 * @param s3Endpoint the configured {@code s3_endpoint} (path-style URLs), or null (the region's
 *     virtual-hosted endpoint)
 * @param controlEndpoint {@code control_endpoint}, else {@code https://bedrock.<region>.amazonaws.com}
 * @param dataFormat the configured {@code data_format}, or null (by base model: {@link #format})
 * @param provisioned true for {@code serve: provisioned}, false for {@code serve: deployment}
 * @param modelUnits {@code model_units} of provisioned throughput
 */
record TrainerOptions(String roleArn, String bucket, String prefix, String s3Endpoint,
    String controlEndpoint, String customizationType, DataFormat dataFormat, boolean provisioned,
    int modelUnits) {

  static final String FINE_TUNING = "FINE_TUNING";

  /**
   * @throws IllegalArgumentException naming the option at fault
   */
  static TrainerOptions of(ProviderSettings.Bedrock provider, FineTuningTarget target) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(target, "target");
    String where = "fine_tuning (bedrock, provider " + provider.name() + "): ";
    String roleArn = target.option("role_arn", null);
    if (roleArn == null || !roleArn.startsWith("arn:")) {
      throw new IllegalArgumentException(where + "role_arn must be an IAM role ARN");
    }
    String s3Uri = target.option("s3_uri", null);
    if (s3Uri == null || !s3Uri.startsWith("s3://") || s3Uri.length() <= "s3://".length()) {
      throw new IllegalArgumentException(where + "s3_uri must be s3://bucket[/prefix]");
    }
    String path = s3Uri.substring("s3://".length());
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : trimSlashes(path.substring(slash + 1));
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(where + "s3_uri names an invalid bucket `" + bucket + "`");
    }
    String customizationType = target.option("customization_type", FINE_TUNING)
        .toUpperCase(Locale.ROOT);
    if (!customizationType.equals(FINE_TUNING)) {
      throw new IllegalArgumentException(where + "customization_type " + customizationType
          + " is not supported: jobs take chat data, which only FINE_TUNING uses");
    }
    DataFormat format = null;
    try {
      String configured = target.option("data_format", null);
      format = configured == null ? null : DataFormat.of(configured, target.baseModel());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
    String serve = target.option("serve", "deployment").toLowerCase(Locale.ROOT);
    if (!serve.equals("deployment") && !serve.equals("provisioned")) {
      throw new IllegalArgumentException(where + "serve must be deployment or provisioned, got `"
          + serve + "`");
    }
    int units;
    try {
      units = Integer.parseInt(target.option("model_units", "1").trim());
    } catch (NumberFormatException e) {
      units = 0;
    }
    if (units < 1) {
      throw new IllegalArgumentException(where + "model_units must be a whole number >= 1");
    }
    String suffix = provider.region().startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
    String control = target.option("control_endpoint",
        "https://bedrock." + provider.region() + suffix);
    String s3Endpoint = target.option("s3_endpoint", null);
    return new TrainerOptions(roleArn, bucket, prefix,
        s3Endpoint == null ? null : trimTrailingSlash(s3Endpoint), trimTrailingSlash(control),
        customizationType, format, serve.equals("provisioned"), units);
  }

  /** The configured data format, else the base model's. */
  DataFormat format(String baseModel) {
    return dataFormat != null ? dataFormat : DataFormat.of(null, baseModel);
  }

  /** {@code s3://bucket/prefix/<jobId>/<name>}. */
  String s3Uri(String jobId, String name) {
    return "s3://" + bucket + "/" + key(jobId, name);
  }

  /** The object key {@code prefix/<jobId>/<name>} ({@code name} may end with {@code /}). */
  String key(String jobId, String name) {
    return (prefix.isEmpty() ? "" : prefix + "/") + jobId + "/" + name;
  }

  private static String trimSlashes(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && value.charAt(start) == '/') {
      start++;
    }
    while (end > start && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(start, end);
  }

  private static String trimTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
