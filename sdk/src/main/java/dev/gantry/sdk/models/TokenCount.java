package dev.gantry.sdk.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;

/**
 * The answer of {@code POST /gantry/v1/tokenize}.
 *
 * @param model the alias counted for
 * @param tokenizer the tokenizer used ({@code hf:...}, {@code tiktoken:...}, {@code estimate}...)
 * @param count the number of tokens
 * @param headers the answer's headers
 */
public record TokenCount(String model, String tokenizer, int count,
    @JsonIgnore GantryHeaders headers) {
  /** Replaces a missing headers with none. */
  public TokenCount {
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  TokenCount withHeaders(GantryHeaders headers) {
    return new TokenCount(model, tokenizer, count, headers);
  }
}
