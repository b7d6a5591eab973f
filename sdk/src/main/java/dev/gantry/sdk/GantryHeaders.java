package dev.gantry.sdk;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The headers of an answer, with typed accessors for what Gantry adds: the request id, the
 * deployment that served it, the attempts made, the cost, the cache outcome and the rate limits
 * left. Against another OpenAI-compatible server the Gantry-specific accessors are empty.
 * Immutable; names are matched case-insensitively.
 */
public final class GantryHeaders {
  private static final GantryHeaders EMPTY = new GantryHeaders(Map.of());

  private final Map<String, List<String>> values;

  private GantryHeaders(Map<String, List<String>> values) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.values = java.util.Collections.unmodifiableMap(copy);
  }

  /** Headers from a name → values map (as {@code java.net.http.HttpHeaders#map()} gives). */
  public static GantryHeaders of(Map<String, List<String>> values) {
    return values.isEmpty() ? EMPTY : new GantryHeaders(values);
  }

  /** No headers. */
  public static GantryHeaders empty() {
    return EMPTY;
  }

  /** The first value of a header. */
  public Optional<String> first(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** Every header, names case-insensitive. */
  public Map<String, List<String>> all() {
    return values;
  }

  /** {@code x-request-id}: the id to quote in support requests and to find the call in logs. */
  public Optional<String> requestId() {
    return first("x-request-id");
  }

  /** {@code x-gantry-deployment}: the deployment that served the call. */
  public Optional<String> deployment() {
    return first("x-gantry-deployment");
  }

  /** {@code x-gantry-attempts}: how many upstream calls Gantry made (failover and retries). */
  public Optional<Integer> attempts() {
    return first("x-gantry-attempts").flatMap(GantryHeaders::parseInt);
  }

  /** {@code x-gantry-cost-usd}: what the call cost (not sent for streams). */
  public Optional<BigDecimal> costUsd() {
    return first("x-gantry-cost-usd").flatMap(v -> {
      try {
        return Optional.of(new BigDecimal(v.trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /** {@code x-gantry-cache}: {@code hit}, {@code miss} or {@code bypass}. */
  public Optional<String> cache() {
    return first("x-gantry-cache").map(v -> v.trim().toLowerCase(Locale.ROOT));
  }

  /** Whether the answer came from Gantry's cache. */
  public boolean cacheHit() {
    return cache().filter("hit"::equals).isPresent();
  }

  /**
   * {@code x-gantry-cache-similarity}: how close the question answered from the semantic cache
   * was to the one asked (0 to 1); absent for exact hits and misses.
   */
  public Optional<Double> cacheSimilarity() {
    return first("x-gantry-cache-similarity").flatMap(GantryHeaders::parseDouble);
  }

  /** {@code x-gantry-overhead-ms}: the time Gantry itself added to the call, in milliseconds. */
  public Optional<Double> overheadMillis() {
    return first("x-gantry-overhead-ms").flatMap(GantryHeaders::parseDouble);
  }

  /** {@code x-ratelimit-remaining-requests}. */
  public Optional<Integer> rateLimitRemainingRequests() {
    return first("x-ratelimit-remaining-requests").flatMap(GantryHeaders::parseInt);
  }

  /** {@code x-ratelimit-remaining-tokens}. */
  public Optional<Integer> rateLimitRemainingTokens() {
    return first("x-ratelimit-remaining-tokens").flatMap(GantryHeaders::parseInt);
  }

  private static Optional<Integer> parseInt(String v) {
    try {
      return Optional.of(Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Double> parseDouble(String v) {
    try {
      return Optional.of(Double.parseDouble(v.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "GantryHeaders" + values;
  }
}
