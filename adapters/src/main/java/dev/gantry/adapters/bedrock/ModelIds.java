package dev.gantry.adapters.bedrock;

import dev.gantry.adapters.http.PathSegment;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Bedrock model identifiers (providers.md §1.1): their encoding as one URI path segment, and what
 * can be told of the model behind them. Accepted forms: a foundation model id
 * ({@code anthropic.claude-3-haiku-20240307-v1:0}), a cross-region inference profile with a geo
 * prefix ({@code us.}, {@code eu.}, {@code apac.}, {@code global.}...), and ARNs of every kind.
 * The model family is known from ids, from {@code foundation-model/} and {@code inference-profile/}
 * ARNs; other ARNs (application inference profiles, provisioned, custom and imported models) hide
 * it, and are then treated as "unknown family".
 */
final class ModelIds {

  /** Bedrock's limit ({@code ConversationalModelId}). */
  static final int MAX_LENGTH = 2048;

  private static final List<String> GEO_PREFIXES =
      List.of("us", "us-gov", "eu", "apac", "jp", "au", "ca", "global");

  /**
   * Models known not to accept {@code outputConfig.textFormat}: they predate Bedrock's structured
   * outputs. Anything else, including ids the gateway cannot see through, is sent as asked and
   * Bedrock decides.
   */
  private static final Pattern NO_JSON_SCHEMA = Pattern.compile("^(?:"
      + "anthropic\\.claude-(?:instant|v2|3|sonnet-4-2|opus-4-2)"
      + "|amazon\\.(?:titan|nova-(?:micro|lite|pro|premier)-v1)"
      + "|meta\\.llama|cohere\\.command|ai21\\."
      + "|mistral\\.(?:mistral-7b|mixtral|mistral-large-24|mistral-small-24)).*");

  private ModelIds() {}

  /**
   * Checks that {@code modelId} can be a Bedrock model id: 1 to 2048 characters, no whitespace.
   *
   * @throws IllegalArgumentException otherwise (a deployment configuration error)
   */
  static String check(String modelId) {
    if (modelId == null || modelId.isEmpty() || modelId.length() > MAX_LENGTH
        || modelId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "a Bedrock model id has 1 to " + MAX_LENGTH + " characters and no whitespace");
    }
    return modelId;
  }

  /**
   * The id percent-encoded as one path segment: every byte but RFC 3986's unreserved characters
   * is escaped, so {@code :} becomes {@code %3A} and an ARN's {@code /} becomes {@code %2F}.
   */
  static String pathSegment(String modelId) {
    return PathSegment.encode(modelId);
  }

  /**
   * The foundation model behind an id, lower case and without geo prefix
   * ({@code us.anthropic.claude-sonnet-4-5-20250929-v1:0} → {@code anthropic.claude-sonnet-4-5-...}),
   * or {@code ""} when the id does not show it.
   */
  static String foundationModel(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.startsWith("arn:")) {
      int slash = id.lastIndexOf('/');
      boolean shows = id.contains(":foundation-model/") || id.contains(":inference-profile/");
      if (slash < 0 || !shows) {
        return "";
      }
      id = id.substring(slash + 1);
    }
    int dot = id.indexOf('.');
    if (dot > 0 && id.indexOf('.', dot + 1) > 0 && GEO_PREFIXES.contains(id.substring(0, dot))) {
      id = id.substring(dot + 1);
    }
    return id.indexOf('.') > 0 ? id : "";
  }

  /** True for Amazon Nova models, which take {@code topK} inside an {@code inferenceConfig}. */
  static boolean isNova(String modelId) {
    return foundationModel(modelId).startsWith("amazon.nova");
  }

  /** False only for models known not to support JSON-schema output (see {@link #NO_JSON_SCHEMA}). */
  static boolean mayUseJsonSchema(String modelId) {
    return !NO_JSON_SCHEMA.matcher(foundationModel(modelId)).matches();
  }
}
