package dev.gantry.policies.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks the debits of one call and merges those on the same bucket (their amounts add up). */
final class Debits {

  private Debits() {}

  /** The debits of a reservation: amounts must not be negative (units come back by adjust). */
  static List<Debit> forReserve(List<Debit> debits) {
    for (Debit d : debits) {
      if (d.amount() < 0) {
        throw new IllegalArgumentException("a reservation takes units (" + d.amount() + " on "
            + d.bucket().key() + "); give units back with adjust");
      }
    }
    return merge(debits);
  }

  /** One debit per bucket, in first-seen order. */
  static List<Debit> merge(List<Debit> debits) {
    if (distinctKeys(debits)) {
      return List.copyOf(debits);
    }
    Map<String, Debit> byKey = new LinkedHashMap<>();
    for (Debit d : debits) {
      Debit seen = byKey.get(d.bucket().key());
      if (seen == null) {
        byKey.put(d.bucket().key(), d);
      } else if (!seen.bucket().equals(d.bucket())) {
        throw new IllegalArgumentException("bucket " + d.bucket().key()
            + " is named with two definitions: " + seen.bucket() + " and " + d.bucket());
      } else {
        byKey.put(d.bucket().key(), new Debit(d.bucket(), Math.addExact(seen.amount(), d.amount())));
      }
    }
    return new ArrayList<>(byKey.values());
  }

  /** Whether no two debits name the same key, checked without a map for a request's few. */
  private static boolean distinctKeys(List<Debit> debits) {
    if (debits.size() > 8) {
      return false;
    }
    for (int i = 1; i < debits.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (debits.get(i).bucket().key().equals(debits.get(j).bucket().key())) {
          return false;
        }
      }
    }
    return true;
  }
}
