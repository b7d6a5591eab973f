package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.gantry.sdk.internal.Json;
import java.time.Instant;

/**
 * One admin change, as the audit log keeps it.
 *
 * @param seq its number, increasing (the cursor of the next, older page)
 * @param at when
 * @param actor the admin key's name ({@code anonymous} on a gateway without keys)
 * @param action what: {@code models.update}, {@code keys.create}, {@code keys.rotate},
 *     {@code teams.delete}, {@code routing.rollback}, {@code cache.purge}...
 * @param target what it acted on (an alias, a key id, a team...), or null
 * @param before the state before (secrets masked), or a {@code NullNode}
 * @param after the state after, or the request's body (secrets masked), or a {@code NullNode}
 * @param requestId the admin request's id
 */
public record AuditEntry(long seq, @JsonDeserialize(using = Json.EpochMillis.class) Instant at,
    String actor, String action, String target, JsonNode before, JsonNode after,
    String requestId) {

  /** Replaces missing states with a {@code NullNode}. */
  public AuditEntry {
    before = before == null ? NullNode.getInstance() : before.deepCopy();
    after = after == null ? NullNode.getInstance() : after.deepCopy();
  }

  /** The state before, a copy. */
  @Override
  public JsonNode before() {
    return before.deepCopy();
  }

  /** The state after, a copy. */
  @Override
  public JsonNode after() {
    return after.deepCopy();
  }
}
