package dev.gantry.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** New virtual keys and their hashes. */
final class KeyMaterial {

  /** {@code gk-}, then 32 random bytes in URL-safe base64 (43 characters). */
  static final String PREFIX = "gk-";
  static final int SHOWN = 8;
  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyMaterial() {
  }

  static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes (as {@code keys[].key_sha256} in config). */
  static String sha256(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String shown(String key) {
    return key.substring(0, SHOWN);
  }
}
