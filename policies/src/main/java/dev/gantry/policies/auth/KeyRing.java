package dev.gantry.policies.auth;

import dev.gantry.config.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configured keys, indexed by the SHA-256 of the key, so plain and hashed keys are checked the
 * same way and no plaintext key is kept in memory after start-up.
 */
public final class KeyRing {

  private final Map<String, ApiKey> byHash;

  private KeyRing(Map<String, ApiKey> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  /**
   * Resolves every key's secret reference (plain keys are hashed here).
   *
   * @throws IllegalStateException when a referenced secret is missing (the message names the
   *     reference, never its value)
   */
  public static KeyRing of(List<ApiKey> keys, Map<String, String> env) {
    Map<String, ApiKey> byHash = new HashMap<>();
    for (ApiKey k : keys) {
      String hash = k.sha256() != null ? k.sha256().toLowerCase(Locale.ROOT) : sha256(k.key().resolve(env));
      byHash.put(hash, k);
    }
    return new KeyRing(byHash);
  }

  /** True when no keys are configured: the gateway is open (and bound to loopback only). */
  public boolean isEmpty() {
    return byHash.isEmpty();
  }

  /** Every key, ordered by name. */
  public List<ApiKey> keys() {
    return byHash.values().stream().sorted(java.util.Comparator.comparing(ApiKey::name))
        .toList();
  }

  public Optional<ApiKey> find(String presented) {
    return Optional.ofNullable(byHash.get(sha256(presented)));
  }

  /** Hex SHA-256 of a key, the form {@code key_sha256} takes in the configuration. */
  public static String sha256(String key) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
