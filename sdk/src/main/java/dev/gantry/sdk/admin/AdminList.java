package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.util.List;

/**
 * A whole list of the admin API ({@code {"object": "list", "data": [...]}}), not paged.
 *
 * @param data the items
 * @param headers the answer's headers
 * @param <T> the items
 */
public record AdminList<T>(List<T> data, @JsonIgnore GantryHeaders headers) {

  /** Copies the list; a missing one is empty. */
  public AdminList {
    data = data == null ? List.of() : List.copyOf(data);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  AdminList<T> withHeaders(GantryHeaders headers) {
    return new AdminList<>(data, headers);
  }
}
