package dev.gantry.finetune.jobs;

import dev.gantry.store.finetune.JobRecord;
import java.util.Locale;

/**
 * The name a tuned model is called by, in OpenAI's form {@code ft:<model>:<org>:<suffix>:<id>}:
 * the alias tuned, the owning team, the client's suffix (may be empty) and the job id's random
 * part (unique).
 */
public final class FineTunedNames {

  private FineTunedNames() {}

  public static String of(JobRecord job) {
    String suffix = JobRequest.text(JobRequest.parse(job.request()), "suffix");
    String id = job.id().substring(job.id().indexOf('-') + 1);
    return "ft:" + job.model() + ":" + clean(job.team()) + ":"
        + (suffix == null ? "" : clean(suffix)) + ":" + id.substring(0, Math.min(12, id.length()));
  }

  private static String clean(String part) {
    return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
  }
}
