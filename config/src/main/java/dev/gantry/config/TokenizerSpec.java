package dev.gantry.config;

import java.util.List;
import java.util.Objects;

/**
 * How an alias's tokens are counted (config {@code models[i].tokenizer}):
 * <ul>
 *   <li>{@code hf:<path>}: a Hugging Face {@code tokenizer.json}, or a directory holding one;</li>
 *   <li>{@code hub:<owner>/<model>[@<revision>]}: the {@code tokenizer.json} (and
 *       {@code tokenizer_config.json}) of a Hugging Face Hub model, downloaded once into the Hub
 *       cache directory and read from there afterwards (or only read from it, offline);</li>
 *   <li>{@code tiktoken:<encoding>}: an OpenAI encoding ({@code o200k_base}, {@code cl100k_base},
 *       {@code p50k_base}, {@code r50k_base});</li>
 *   <li>{@code provider}: the provider's own count of the translated request (Bedrock
 *       {@code CountTokens}, Vertex Gemini {@code :countTokens}, Claude on Vertex
 *       {@code count-tokens:rawPredict}), asked of the alias's first serving deployment and cached
 *       per request shape; the estimate when that call fails or is slow. Only for chat aliases
 *       whose every deployment can count (a {@code bedrock} provider, or a {@code vertex} one
 *       serving Gemini or Claude);</li>
 *   <li>{@code estimate}: about four characters a token, when nothing better is known.</li>
 * </ul>
 * When no tokenizer is configured the alias is estimated, except that an alias whose
 * deployments all serve OpenAI models counts with their encoding.
 *
 * @param location the path, repository or encoding; null for {@link Kind#ESTIMATE} and
 *     {@link Kind#PROVIDER}
 */
public record TokenizerSpec(Kind kind, String location) {

  /** The OpenAI encodings JTokkit bundles. */
  public static final List<String> ENCODINGS =
      List.of("o200k_base", "cl100k_base", "p50k_base", "r50k_base");

  /** The default: an estimate. */
  public static final TokenizerSpec ESTIMATE = new TokenizerSpec(Kind.ESTIMATE, null);

  /** The provider's own count. */
  public static final TokenizerSpec PROVIDER = new TokenizerSpec(Kind.PROVIDER, null);

  /** A family of tokenizers. */
  public enum Kind { HF, HUB, TIKTOKEN, PROVIDER, ESTIMATE }

  public TokenizerSpec {
    Objects.requireNonNull(kind, "kind");
    boolean located = kind == Kind.HF || kind == Kind.HUB || kind == Kind.TIKTOKEN;
    if (located != (location != null)) {
      throw new IllegalArgumentException("only hf, hub and tiktoken have a location");
    }
  }

  @Override
  public String toString() {
    return location == null ? kind.name().toLowerCase(java.util.Locale.ROOT)
        : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + location;
  }
}
