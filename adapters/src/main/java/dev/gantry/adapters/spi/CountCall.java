package dev.gantry.adapters.spi;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A prepared count-tokens call ({@link InputTokenCounting}).
 *
 * @param shape the SHA-256 (hex) of the unsigned request's URL and body: equal shapes count the
 *     same, so callers may cache by it; it reveals nothing of the prompt
 * @param send makes the call (signed or authorized then) and yields the input tokens
 */
public record CountCall(String shape, Supplier<Future<Integer>> send) {

  public CountCall {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(send, "send");
  }

  /** A call whose shape is the hash of {@code url} and {@code body}. */
  public static CountCall of(String url, Buffer body, Supplier<Future<Integer>> send) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(url.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(body.getBytes());
      return new CountCall(HexFormat.of().formatHex(sha.digest()), send);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }
}
