package dev.gantry.policies.limits;

import dev.gantry.config.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One limit a request counts against: its bucket, what it measures, and who it belongs to (for
 * messages: {@code key a}, {@code team search}, {@code model chat}, {@code deployment p/m}).
 */
public record Charge(Bucket bucket, Measure measure, String owner) {

  public Charge {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(owner, "owner");
  }

  /**
   * The charges of one owner's limits.
   *
   * @param scope the bucket keys' prefix, e.g. {@code key:a}
   * @param owner how messages name the owner, e.g. {@code key a}
   */
  public static List<Charge> of(String scope, String owner, Limits limits) {
    List<Charge> out = new ArrayList<>();
    add(out, scope, owner, Measure.REQUESTS, limits.rpm());
    add(out, scope, owner, Measure.TOKENS, limits.tpm());
    add(out, scope, owner, Measure.INPUT_TOKENS, limits.inputTpm());
    add(out, scope, owner, Measure.OUTPUT_TOKENS, limits.outputTpm());
    add(out, scope, owner, Measure.CONCURRENT, limits.concurrent());
    add(out, scope, owner, Measure.TOKENS_PER_DAY, limits.tokensPerDay());
    return out;
  }

  private static void add(List<Charge> out, String scope, String owner, Measure measure,
      Long capacity) {
    if (capacity != null) {
      out.add(new Charge(new Bucket(scope + ":" + measure.name().toLowerCase(), capacity,
          measure.windowMillis()), measure, owner));
    }
  }
}
