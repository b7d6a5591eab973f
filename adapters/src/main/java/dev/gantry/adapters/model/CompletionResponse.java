package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A legacy text completion response, or (streaming) one chunk of it.
 *
 * @param usage or null
 */
public record CompletionResponse(List<Choice> choices, Usage usage) {

  public CompletionResponse {
    choices = List.copyOf(choices);
  }

  /**
   * @param finishReason or null (always null on non-final chunks)
   * @param logprobs or null
   */
  public record Choice(int index, String text, FinishReason finishReason, JsonNode logprobs) {}
}
