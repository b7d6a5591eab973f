package dev.gantry.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a Gantry YAML config into a validated {@link GatewayConfig}, or throws one
 * {@link ConfigException} listing every problem with its path. The schema is in
 * {@code config/README.md}.
 *
 * <p>Secrets are not resolved here (adapters call {@link SecretRef#resolve(Map)}), but an
 * {@code env:} reference to a variable missing from {@code env}, or a {@code file:} reference to
 * a missing file, is an error. Loading reads files, so it blocks: call it at startup or on a
 * worker thread, never on an event loop.
 *
 * <p>A config without keys leaves the gateway open to anyone who can reach it, so its
 * {@code server.host} defaults to {@code 127.0.0.1} and may only be a loopback address; with keys
 * it defaults to {@code 0.0.0.0}.
 */
public final class ConfigLoader {

  /** The classpath resource holding the built-in default config. */
  public static final String DEFAULT_RESOURCE = "dev/gantry/config/default-gantry.yaml";

  /** The source name of a {@link #withRouting} error. */
  public static final String ROUTING_SOURCE = "routing document";

  private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
      .enable(YAMLParser.Feature.EMPTY_DOCUMENT_AS_EMPTY_OBJECT)
      .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)  // `a:` is null, `a: ""` stays ""
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private ConfigLoader() {
  }

  /**
   * Loads a config file.
   *
   * @param env the environment {@code env:} references are checked against
   * @throws ConfigException if the file cannot be read or the config is invalid
   */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new ConfigException(source, List.of("not valid UTF-8"));
    } catch (IOException e) {
      throw new ConfigException(source,
          List.of("cannot read file (" + e.getClass().getSimpleName() + ")"));
    }
    return parse(text, source, env);
  }

  /**
   * Parses a config from YAML text.
   *
   * @param sourceName names the source in {@link ConfigException#getMessage()}
   * @param env the environment {@code env:} references are checked against
   * @throws ConfigException if the config is invalid
   */
  public static GatewayConfig parse(String yaml, String sourceName, Map<String, String> env) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(env, "env");
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new ConfigException(sourceName, List.of(syntaxError(e)));
    }
    ConfigBinder binder = new ConfigBinder(env);
    return binder.bind(root).orElseThrow(() -> new ConfigException(sourceName, binder.errors()));
  }

  /**
   * {@code base} with its providers and models replaced by those of a routing document: JSON in
   * the config file's schema holding only {@code providers} and {@code models} (see
   * {@link ConfigWriter#routing}). The document is validated exactly as those sections of a file,
   * then against the rest of {@code base} as a file is (keys' {@code models} allow-lists name
   * existing aliases, semantic caches need the cache section). Secret files are checked, so this
   * blocks like {@link #load}.
   *
   * @param env the environment {@code env:} references are checked against
   * @throws ConfigException (source {@value #ROUTING_SOURCE}) listing every error with its path,
   *     as in a file ({@code models[1].deployments[0].provider: unknown provider 'x'})
   */
  public static GatewayConfig withRouting(GatewayConfig base, JsonNode routing,
      Map<String, String> env) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(env, "env");
    ConfigBinder binder = new ConfigBinder(env);
    return binder.bindRouting(base, routing)
        .orElseThrow(() -> new ConfigException(ROUTING_SOURCE, binder.errors()));
  }

  /**
   * The built-in config ({@value #DEFAULT_RESOURCE}): a {@code local} provider serving the
   * {@code local-embed} embeddings alias, no keys, default server settings.
   */
  public static GatewayConfig defaults() {
    String text;
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(text, "classpath:" + DEFAULT_RESOURCE, Map.of());
  }

  /**
   * Describes a YAML syntax error by position and problem only: SnakeYAML's own message quotes
   * the offending line, which may hold a secret.
   */
  private static String syntaxError(JacksonException e) {
    if (e.getCause() instanceof MarkedYAMLException) {
      MarkedYAMLException y = (MarkedYAMLException) e.getCause();
      Mark mark = y.getProblemMark();
      String at = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column "
          + (mark.getColumn() + 1) + ": ";
      return at + "invalid YAML: " + y.getProblem();
    }
    JsonLocation loc = e.getLocation();
    String at = loc == null || loc.getLineNr() < 1 ? ""
        : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    return at + "invalid YAML: " + e.getOriginalMessage();
  }
}
