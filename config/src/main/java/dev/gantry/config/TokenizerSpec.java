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
 *   <li>{@code estimate}: about four characters a token, when nothing better is known.</li>
 * </ul>
 *
 * @param location the path, repository or encoding; null for {@link Kind#ESTIMATE}
 */
public record TokenizerSpec(Kind kind, String location) {

  /** The OpenAI encodings JTokkit bundles. */
  public static final List<String> ENCODINGS =
      List.of("o200k_base", "cl100k_base", "p50k_base", "r50k_base");

  /** The default: an estimate. */
  public static final TokenizerSpec ESTIMATE = new TokenizerSpec(Kind.ESTIMATE, null);

  /** A family of tokenizers. */
  public enum Kind { HF, HUB, TIKTOKEN, ESTIMATE }

  public TokenizerSpec {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.ESTIMATE) != (location == null)) {
      throw new IllegalArgumentException("only an estimate has no location");
    }
  }

  @Override
  public String toString() {
    return kind == Kind.ESTIMATE ? "estimate" : kind.name().toLowerCase() + ":" + location;
  }
}
