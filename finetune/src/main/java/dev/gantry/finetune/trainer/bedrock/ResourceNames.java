package dev.gantry.finetune.trainer.bedrock;

/**
 * Names Bedrock accepts, derived from the job so that calling again finds the same resources
 * (service model patterns: job names {@code [a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*}, custom model and
 * deployment names {@code ([0-9a-zA-Z][_-]?){1,63}}, idempotency tokens
 * {@code [a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?}).
 */
final class ResourceNames {

  static final int MAX_NAME = 63;

  private ResourceNames() {}

  /** The job name: the job id. */
  static String jobName(String jobId) {
    return name(jobId);
  }

  /** {@code <suffix>-<jobId>} (the suffix shortened to fit), else the job id. */
  static String customModelName(String jobId, String suffix) {
    String id = name(jobId);
    if (suffix == null || name(suffix).isEmpty()) {
      return id;
    }
    String head = name(suffix);
    int room = MAX_NAME - id.length() - 1;
    if (room <= 0) {
      return id;
    }
    head = head.length() > room ? head.substring(0, room) : head;
    return name(head + "-" + id);
  }

  /** The job id as an idempotency token. */
  static String token(String value) {
    String token = value.replaceAll("[^a-zA-Z0-9-]", "-").replaceAll("^-+|-+$", "");
    return token.length() > 256 ? token.substring(0, 256).replaceAll("-+$", "") : token;
  }

  /**
   * The deployment or provisioned throughput of a job: {@code gantry-<the job ARN's id>} (the
   * ARN's last segment, unique per job).
   */
  static String servingName(String jobArn) {
    String id = jobArn.substring(jobArn.lastIndexOf('/') + 1);
    return name("gantry-" + id);
  }

  /**
   * Letters and digits, with single {@code -} or {@code _} between them; at most
   * {@value #MAX_NAME} characters.
   */
  static String name(String value) {
    String name = value.replaceAll("[^0-9a-zA-Z_-]", "-").replaceAll("[-_]{2,}", "-")
        .replaceAll("^[-_]+", "");
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
    return name.replaceAll("[-_]+$", "");
  }
}
