package dev.gantry.sdk.admin;

import dev.gantry.sdk.GantryHeaders;
import java.util.List;
import java.util.Optional;

/**
 * Every alias or provider of the routing served now, each with its ETag.
 *
 * @param version the routing version they belong to (0: the configuration file's)
 * @param data the items, in the document's order
 * @param headers the answer's headers
 * @param <T> {@link AliasConfig} or {@link ProviderConfig}
 */
public record RoutingList<T extends ConfigItem>(long version, List<T> data,
    GantryHeaders headers) {

  /** Copies the list; replaces missing headers with none. */
  public RoutingList {
    data = data == null ? List.of() : List.copyOf(data);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** The item named {@code name}, if there is one. */
  public Optional<T> find(String name) {
    return data.stream().filter(item -> item.name().equals(name)).findFirst();
  }
}
