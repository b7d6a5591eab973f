package dev.gantry.policies.limits;

import java.util.Map;

/**
 * The answer to a reservation.
 *
 * @param admitted whether every bucket had room (then all were debited; else none was)
 * @param limiting the key of a bucket without room (null when admitted)
 * @param retryAfterMillis when admitted is false: how long until that bucket refills enough
 *     (-1 for a bucket that never refills: it waits for releases)
 * @param remaining each bucket's units left after the reservation (or now, when refused), by key
 */
public record Admission(boolean admitted, String limiting, long retryAfterMillis,
    Map<String, Long> remaining) {

  public Admission {
    remaining = Map.copyOf(remaining);
  }
}
