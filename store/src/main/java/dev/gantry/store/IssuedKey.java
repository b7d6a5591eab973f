package dev.gantry.store;

/**
 * A key just created or rotated: the stored record and the key itself, which exists nowhere else
 * and is shown to the caller this once. {@link #toString()} leaves the key out.
 */
public record IssuedKey(StoredKey key, String plaintext) {

  @Override
  public String toString() {
    return "IssuedKey[key=" + key + ", plaintext=***]";
  }
}
