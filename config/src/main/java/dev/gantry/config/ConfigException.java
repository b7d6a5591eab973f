package dev.gantry.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used, with every problem found in it. Each error reads
 * {@code path: message} (for example {@code models[1].deployments[0].provider: unknown provider
 * 'x'}); {@link #getMessage()} lists them one per line, each prefixed with the source name. No
 * message contains a secret's value.
 */
public final class ConfigException extends RuntimeException {

  private final String sourceName;
  private final List<String> errors;

  /**
   * @param sourceName where the config came from (a file path, {@code classpath:...})
   * @param errors at least one {@code path: message}
   */
  public ConfigException(String sourceName, List<String> errors) {
    super(format(sourceName, errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.sourceName = sourceName;
    this.errors = List.copyOf(errors);
  }

  private static String format(String sourceName, List<String> errors) {
    return errors.stream().map(e -> sourceName + ": " + e).collect(Collectors.joining("\n"));
  }

  /** Where the config came from. */
  public String sourceName() {
    return sourceName;
  }

  /** Every error, {@code path: message}, section by section in the order found. */
  public List<String> errors() {
    return errors;
  }
}
