package dev.gantry.sdk.admin;

import dev.gantry.sdk.GantryHeaders;
import java.util.List;
import java.util.Optional;

/**
 * What a change to an alias or provider did (or, for a dry run, would do): the changes in words,
 * one per line ({@code models.chat.deployments[0].provider: blue -> green}, secrets masked), the
 * routing version and the item as now stored.
 *
 * @param <T> {@link AliasConfig} or {@link ProviderConfig}
 */
public final class RoutingChange<T extends ConfigItem> {
  private final List<String> changes;
  private final long version;
  private final boolean dryRun;
  private final T item;
  private final GantryHeaders headers;

  RoutingChange(List<String> changes, long version, boolean dryRun, T item,
      GantryHeaders headers) {
    this.changes = List.copyOf(changes);
    this.version = version;
    this.dryRun = dryRun;
    this.item = item;
    this.headers = headers;
  }

  /** The changes, one line each; empty when the item was already so (nothing was saved). */
  public List<String> changes() {
    return changes;
  }

  /**
   * The routing version: the new one after a saved change; the current one after a dry run or a
   * change that changed nothing.
   */
  public long version() {
    return version;
  }

  /** Whether this was a dry run: validated and compared, nothing saved. */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * The item as stored now, with its new ETag; empty after a delete, a dry run, or a change that
   * changed nothing.
   */
  public Optional<T> item() {
    return Optional.ofNullable(item);
  }

  /** The answer's headers. */
  public GantryHeaders headers() {
    return headers;
  }

  @Override
  public String toString() {
    return "RoutingChange[version=" + version + ", dryRun=" + dryRun + ", changes=" + changes
        + "]";
  }
}
