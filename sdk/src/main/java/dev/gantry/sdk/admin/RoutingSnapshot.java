package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.GantryHeaders;
import java.util.Objects;

/**
 * The routing served now ({@code GET /admin/v1/routing}): its version and its document,
 * {@code {"providers": {...}, "models": [...]}} in the configuration file's schema, literal secrets
 * shown as {@code ***}.
 *
 * @param version the version (0: the configuration file's, never changed)
 * @param document the providers and models
 * @param headers the answer's headers
 */
public record RoutingSnapshot(long version, ObjectNode document,
    @JsonIgnore GantryHeaders headers) {

  /** Copies the document; replaces missing headers with none. */
  public RoutingSnapshot {
    document = Objects.requireNonNull(document, "document").deepCopy();
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** The providers and models, a copy. */
  @Override
  public ObjectNode document() {
    return document.deepCopy();
  }

  RoutingSnapshot withHeaders(GantryHeaders headers) {
    return new RoutingSnapshot(version, document, headers);
  }
}
