package dev.gantry.policies.limits;

import java.util.Map;

/**
 * The answer to a reservation.
 *
 * @param admitted whether every bucket had room (then all were debited; else none was)
 * @param limiting the key of a bucket without room (null when admitted); when several lack room,
 *     the one that makes the caller wait longest
 * @param retryAfterMillis when admitted is false: the least time until that bucket refills enough
 *     (0 when admitted), or -1 when waiting alone will not make room: the bucket never refills (it
 *     waits for releases) or the amount is above its capacity
 * @param remaining each bucket's units left after the reservation (or now, when refused), by key;
 *     below zero while a bucket pays back a charge made by {@link LimitStore#adjust}
 */
public record Admission(boolean admitted, String limiting, long retryAfterMillis,
    Map<String, Long> remaining) {

  public Admission {
    remaining = Map.copyOf(remaining);
  }
}
