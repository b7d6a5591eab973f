package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.time.Instant;
import java.util.Map;

/**
 * A team as the admin API shows it.
 *
 * @param name its name
 * @param limits the limits its keys share
 * @param budget its spending cap, or null
 * @param createdAt when it was created
 * @param metadata its labels
 * @param headers the answer's headers (empty for teams inside a list)
 */
public record Team(String name, Limits limits, Budget budget, Instant createdAt,
    Map<String, String> metadata, @JsonIgnore GantryHeaders headers) {

  /** Copies the metadata; replaces missing values with empty ones. */
  public Team {
    limits = limits == null ? Limits.none() : limits;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** Its spec, to change a field and send back whole. */
  public TeamSpec toSpec() {
    return new TeamSpec(name, limits, budget, metadata);
  }

  Team withHeaders(GantryHeaders headers) {
    return new Team(name, limits, budget, createdAt, metadata, headers);
  }
}
