package dev.gantry.policies.limits;

import java.util.ArrayList;
import java.util.List;

/**
 * What a request took from its limits before the call: the charges and the tokens they were
 * computed for (input counted by the model's tokenizer, output at most the request's maximum).
 * Reconciling gives the corrections that make it what the request really used.
 */
public record Reservation(List<Charge> charges, long inputTokens, long outputTokens) {

  public Reservation {
    charges = List.copyOf(charges);
  }

  public List<Debit> debits() {
    List<Debit> out = new ArrayList<>(charges.size());
    for (Charge c : charges) {
      out.add(new Debit(c.bucket(), c.measure().amount(inputTokens, outputTokens)));
    }
    return out;
  }

  /**
   * The corrections once the request is over: tokens charged as used (more or less than
   * reserved), concurrency released; with {@code usage == null} (nothing known, e.g. a broken
   * stream) the reserved tokens stand.
   */
  public List<Debit> reconcile(Long usedInput, Long usedOutput) {
    List<Debit> out = new ArrayList<>();
    for (Charge c : charges) {
      if (!c.measure().kept()) {
        out.add(new Debit(c.bucket(), -1));
      } else if (usedInput != null && usedOutput != null) {
        long delta = c.measure().amount(usedInput, usedOutput)
            - c.measure().amount(inputTokens, outputTokens);
        if (delta != 0 && c.measure() != Measure.REQUESTS) {
          out.add(new Debit(c.bucket(), delta));
        }
      }
    }
    return out;
  }

  /**
   * The corrections for a request cut short without a usage report (a stream that broke or was
   * abandoned): its counted input and the output generated until then are charged.
   */
  public List<Debit> reconcileOutput(long usedOutput) {
    return reconcile(inputTokens, usedOutput);
  }

  /** The corrections for a request that failed before any tokens were used: all given back. */
  public List<Debit> refund() {
    List<Debit> out = new ArrayList<>();
    for (Charge c : charges) {
      long amount = c.measure().amount(inputTokens, outputTokens);
      if (c.measure() != Measure.REQUESTS && amount != 0) {
        out.add(new Debit(c.bucket(), -amount));
      }
    }
    return out;
  }
}
