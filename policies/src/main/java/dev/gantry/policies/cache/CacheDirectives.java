package dev.gantry.policies.cache;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a request's {@code Cache-Control} header asks of the gateway's cache, read as RFC 9111
 * request directives (section 5.2.1) for a cache that cannot revalidate:
 * <ul>
 *   <li>{@code no-cache}: do not answer from the cache (a stored answer could only be used after
 *       validating it with the origin, which an LLM cannot do); the fresh answer may be
 *       stored.</li>
 *   <li>{@code no-store}: do not store this request's answer. As in the RFC, it does not forbid
 *       answering from an entry stored earlier; send {@code no-cache, no-store} for
 *       neither.</li>
 *   <li>{@code max-age=N}: accept only an entry at most N seconds old; {@code max-age=0} means
 *       never read. It does not shorten how long a new answer is kept. An argument that is not
 *       delta-seconds counts as 0 (the conservative reading), a value past 2147483648 as
 *       2147483648 (RFC 9111, 1.2.2), and the smallest of several wins.</li>
 *   <li>{@code only-if-cached}: answer from the cache or not at all (the RFC's 504 on a
 *       miss).</li>
 * </ul>
 * Directive names are case-insensitive, arguments may be quoted, and anything else
 * ({@code max-stale}, {@code min-fresh}, {@code no-transform}, extensions) is ignored, as the
 * RFC requires of unknown directives; {@code max-stale} has nothing to apply to, expired entries
 * being gone. The deprecated {@code Pragma: no-cache} is not read.
 *
 * @param maxAgeSeconds the oldest acceptable entry, {@link Long#MAX_VALUE} when not limited
 */
public record CacheDirectives(boolean noCache, boolean noStore, boolean onlyIfCached,
    long maxAgeSeconds) {

  /** No header: read and store as configured. */
  public static final CacheDirectives NONE = new CacheDirectives(false, false, false,
      Long.MAX_VALUE);

  /** RFC 9111's cap on delta-seconds. */
  static final long MAX_DELTA_SECONDS = 2147483648L;

  public CacheDirectives {
    if (maxAgeSeconds < 0) {
      throw new IllegalArgumentException("maxAgeSeconds must not be negative");
    }
  }

  /**
   * Reads every {@code Cache-Control} value of a request (a header may be repeated, and each
   * value may list several directives).
   */
  public static CacheDirectives parse(List<String> headerValues) {
    boolean noCache = false;
    boolean noStore = false;
    boolean onlyIfCached = false;
    long maxAge = Long.MAX_VALUE;
    for (String value : headerValues) {
      for (String directive : value.split(",")) {
        int eq = directive.indexOf('=');
        String name = (eq < 0 ? directive : directive.substring(0, eq)).trim()
            .toLowerCase(Locale.ROOT);
        if (name.equals("no-cache")) {
          noCache = true;
        } else if (name.equals("no-store")) {
          noStore = true;
        } else if (name.equals("only-if-cached")) {
          onlyIfCached = true;
        } else if (name.equals("max-age")) {
          maxAge = Math.min(maxAge, deltaSeconds(eq < 0 ? "" : directive.substring(eq + 1)));
        }
      }
    }
    return new CacheDirectives(noCache, noStore, onlyIfCached, maxAge);
  }

  /** Whether the cache may be read for this request at all. */
  public boolean mayRead() {
    return !noCache && maxAgeSeconds > 0;
  }

  /** Whether this request's answer may be stored. */
  public boolean mayStore() {
    return !noStore;
  }

  /** Whether an entry stored {@code age} ago may answer this request. */
  public boolean accepts(Duration age) {
    return mayRead() && age.compareTo(Duration.ofSeconds(maxAgeSeconds)) <= 0;
  }

  /** delta-seconds = 1*DIGIT, possibly quoted; 0 when malformed, capped at 2^31. */
  private static long deltaSeconds(String argument) {
    String digits = argument.trim();
    if (digits.length() >= 2 && digits.startsWith("\"") && digits.endsWith("\"")) {
      digits = digits.substring(1, digits.length() - 1);
    }
    if (digits.isEmpty()) {
      return 0;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      value = Math.min(MAX_DELTA_SECONDS, value * 10 + (c - '0'));
    }
    return value;
  }
}
