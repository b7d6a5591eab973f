package dev.gantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The fine-tuning broker (config {@code fine_tuning}).
 *
 * @param storageDir where uploaded files are kept
 * @param maxFileBytes the largest file accepted (413 above)
 * @param pollInterval how often a running job's backend is asked for its status
 * @param maxRunningPerTeam jobs of one team past {@code queued} at once; more wait in Gantry's
 *     queue
 * @param lease how long a gateway's claim on driving a job lasts without renewal
 */
public record FineTuningSettings(String storageDir, long maxFileBytes, Duration pollInterval,
    int maxRunningPerTeam, Duration lease) {

  public static final String DEFAULT_STORAGE_DIR = "gantry-files";
  public static final long DEFAULT_MAX_FILE_BYTES = 512L << 20;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RUNNING_PER_TEAM = 2;
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** The defaults. */
  public static final FineTuningSettings DEFAULTS = new FineTuningSettings(DEFAULT_STORAGE_DIR,
      DEFAULT_MAX_FILE_BYTES, DEFAULT_POLL_INTERVAL, DEFAULT_MAX_RUNNING_PER_TEAM, DEFAULT_LEASE);

  public FineTuningSettings {
    Objects.requireNonNull(storageDir, "storageDir");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lease, "lease");
  }
}
