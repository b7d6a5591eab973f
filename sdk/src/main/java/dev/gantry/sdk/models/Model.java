package dev.gantry.sdk.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;

/**
 * A model the key may call (in Gantry: an alias).
 *
 * @param id the name to send as {@code model}
 * @param object always {@code model}
 * @param created creation time, epoch seconds
 * @param ownedBy the owner
 * @param headers the answer's headers (empty for models inside a list)
 */
public record Model(String id, String object, long created, String ownedBy,
    @JsonIgnore GantryHeaders headers) {
  /** Replaces a missing headers with none. */
  public Model {
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** This model with the answer's headers. */
  public Model withHeaders(GantryHeaders headers) {
    return new Model(id, object, created, ownedBy, headers);
  }
}
