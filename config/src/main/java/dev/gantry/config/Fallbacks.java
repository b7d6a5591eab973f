package dev.gantry.config;

import java.util.List;

/**
 * Other aliases to try when all of an alias's deployments failed, by the class of the failure
 * (config {@code models[i].fallbacks}). Each list is tried in order; the loader refuses cycles.
 *
 * @param general after unavailability, timeouts and upstream errors
 * @param contextLength after {@code context_length_exceeded} (typically a longer-context alias)
 * @param contentFilter after {@code content_filter}
 * @param rateLimit after the providers rate limited every deployment
 */
public record Fallbacks(List<String> general, List<String> contextLength,
    List<String> contentFilter, List<String> rateLimit) {

  public static final Fallbacks NONE = new Fallbacks(List.of(), List.of(), List.of(), List.of());

  public Fallbacks {
    general = List.copyOf(general);
    contextLength = List.copyOf(contextLength);
    contentFilter = List.copyOf(contentFilter);
    rateLimit = List.copyOf(rateLimit);
  }

  /** Every alias named, in any list. */
  public List<String> all() {
    return java.util.stream.Stream.of(general, contextLength, contentFilter, rateLimit)
        .flatMap(List::stream).distinct().toList();
  }
}
