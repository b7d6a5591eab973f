package dev.gantry.sdk.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.util.List;

/**
 * The answer of {@code GET /v1/models}.
 *
 * @param data the models
 * @param headers the answer's headers
 */
public record ModelList(List<Model> data, @JsonIgnore GantryHeaders headers) {
  /** Copies the list; a missing one is empty. */
  public ModelList {
    data = data == null ? List.of() : List.copyOf(data);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  ModelList withHeaders(GantryHeaders headers) {
    return new ModelList(data, headers);
  }
}
