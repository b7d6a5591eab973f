package dev.gantry.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret lives: {@code env:NAME}, {@code file:/path}, or a literal value. The secret itself
 * is read by {@link #resolve(Map)} and never printed: {@link #toString()} is {@code ***}.
 */
public final class SecretRef {

  public enum Source { LITERAL, ENV, FILE }

  private final Source source;
  private final String location;

  private SecretRef(Source source, String location) {
    this.source = source;
    this.location = location;
  }

  /** Parses {@code env:NAME}, {@code file:/path} or a literal. */
  public static SecretRef parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("env:")) {
      return new SecretRef(Source.ENV, text.substring(4));
    }
    if (text.startsWith("file:")) {
      return new SecretRef(Source.FILE, text.substring(5));
    }
    return new SecretRef(Source.LITERAL, text);
  }

  public static SecretRef literal(String value) {
    return new SecretRef(Source.LITERAL, value);
  }

  public Source source() {
    return source;
  }

  /**
   * Reads the secret.
   *
   * @param env the environment to read {@code env:} references from
   * @throws IllegalStateException naming the variable or file (never the value) when it is missing
   */
  public String resolve(Map<String, String> env) {
    switch (source) {
      case ENV: {
        String value = env.get(location);
        if (value == null || value.isEmpty()) {
          throw new IllegalStateException("environment variable " + location + " is not set");
        }
        return value;
      }
      case FILE:
        try {
          return Files.readString(Path.of(location), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new IllegalStateException("cannot read secret file " + location + ": "
              + e.getClass().getSimpleName());
        }
      default:
        return location;
    }
  }

  /**
   * The text this secret is configured as, which {@link #parse(String)} reads back:
   * {@code env:NAME}, {@code file:/path}, or for a literal the secret value itself. Only for
   * storing a config; never log it (use {@link #describe()}).
   */
  public String reference() {
    return source == Source.LITERAL ? location : describe();
  }

  /** A safe description: {@code env:NAME}, {@code file:/path} or {@code ***} for a literal. */
  public String describe() {
    switch (source) {
      case ENV:
        return "env:" + location;
      case FILE:
        return "file:" + location;
      default:
        return "***";
    }
  }

  @Override
  public String toString() {
    return "***";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretRef && ((SecretRef) o).source == source
        && ((SecretRef) o).location.equals(location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, location);
  }
}
