package dev.gantry.sdk.admin;

import dev.gantry.sdk.GantryHeaders;
import java.util.Objects;

/**
 * A key just created or rotated, with the key itself ({@code gk-...}): the only time the server
 * shows it (it stores only its SHA-256), so keep it now. {@link #toString()} never shows it.
 *
 * @param virtualKey the key's spec and state
 * @param key the key to give its user, sent as {@code Authorization: Bearer}
 */
public record IssuedKey(VirtualKey virtualKey, String key) {

  /** Checks both are present. */
  public IssuedKey {
    Objects.requireNonNull(virtualKey, "virtualKey");
    Objects.requireNonNull(key, "key");
  }

  /** The key's id. */
  public String id() {
    return virtualKey.id();
  }

  /** The answer's headers. */
  public GantryHeaders headers() {
    return virtualKey.headers();
  }

  /** Shows the key's spec and its prefix, never the key. */
  @Override
  public String toString() {
    return "IssuedKey[key=***, virtualKey=" + virtualKey + "]";
  }
}
