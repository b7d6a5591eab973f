package dev.gantry.policies.pipeline;

import dev.gantry.config.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a request asks of routing (headers {@code x-gantry-pin} and {@code x-gantry-exclude}): each
 * entry is a deployment label ({@code provider/model}) or a tag ({@code region=eu}). Hints only
 * narrow the deployments of the aliases the caller may use.
 */
public record RoutingHints(List<String> pin, List<String> exclude) {

  public static final RoutingHints NONE = new RoutingHints(List.of(), List.of());

  public RoutingHints {
    pin = List.copyOf(pin);
    exclude = List.copyOf(exclude);
  }

  /** Parses the two header values (comma-separated; null when absent). */
  public static RoutingHints of(String pinHeader, String excludeHeader) {
    List<String> pin = split(pinHeader);
    List<String> exclude = split(excludeHeader);
    return pin.isEmpty() && exclude.isEmpty() ? NONE : new RoutingHints(pin, exclude);
  }

  public boolean isEmpty() {
    return pin.isEmpty() && exclude.isEmpty();
  }

  /** Whether the deployment matches a pin (when any) and no exclusion. */
  public boolean admits(Deployment d) {
    if (!pin.isEmpty() && pin.stream().noneMatch(h -> matches(h, d))) {
      return false;
    }
    return exclude.stream().noneMatch(h -> matches(h, d));
  }

  private static boolean matches(String hint, Deployment d) {
    int eq = hint.indexOf('=');
    if (eq < 0) {
      return hint.equals(d.label());
    }
    Map<String, String> tags = d.tags();
    return hint.substring(eq + 1).equals(tags.get(hint.substring(0, eq)));
  }

  private static List<String> split(String header) {
    List<String> out = new ArrayList<>();
    if (header != null) {
      for (String part : header.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return (pin.isEmpty() ? "" : "pin " + String.join(", ", pin))
        + (pin.isEmpty() || exclude.isEmpty() ? "" : "; ")
        + (exclude.isEmpty() ? "" : "exclude " + String.join(", ", exclude));
  }
}
