package dev.gantry.adapters.vertex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * OpenAI tool-call ids for Gemini function calls, which carry no id before Gemini 3 and, from
 * Gemini 3 on, a {@code thoughtSignature} that must be echoed on the call in the next turn
 * (providers.md §3.2, §7 item 7).
 *
 * <p>An id is {@code <base>} or {@code <base>__thought__<signature>}. The base is Gemini's own
 * {@code functionCall.id} when it gave one (echoed back as the call's and the response's
 * {@code id}), else {@code call_} and 24 hex digits of a SHA-256 over the response id, candidate,
 * position, name and arguments: stable for one answer, distinct between calls, and never sent to
 * Gemini. The signature rides in the id because the id is the one field every OpenAI client
 * sends back verbatim with the assistant message (unlike {@code thinking_blocks}, which plain
 * SDK clients drop); signatures are base64, so they never contain the separator.
 */
final class GeminiToolIds {

  /** Between the base and the thought signature. */
  static final String SEPARATOR = "__thought__";

  private static final Pattern GENERATED = Pattern.compile("call_[0-9a-f]{24}");

  private GeminiToolIds() {}

  /**
   * The OpenAI id of a call.
   *
   * @param upstreamId Gemini's {@code functionCall.id}, or null
   * @param signature the part's {@code thoughtSignature}, or null
   */
  static String of(String upstreamId, String signature, String responseId, int candidate,
      int position, String name, String arguments) {
    String base = upstreamId != null ? upstreamId
        : "call_" + hash((responseId == null ? "" : responseId) + '\n' + candidate + '\n'
            + position + '\n' + name + '\n' + arguments);
    return signature == null ? base : base + SEPARATOR + signature;
  }

  /** Gemini's own call id in an OpenAI id, or null when the gateway generated it. */
  static String upstreamId(String id) {
    String base = base(id);
    return GENERATED.matcher(base).matches() ? null : base;
  }

  /** The thought signature carried by an OpenAI id, or null. */
  static String signature(String id) {
    int at = id.indexOf(SEPARATOR);
    return at < 0 || at + SEPARATOR.length() == id.length() ? null
        : id.substring(at + SEPARATOR.length());
  }

  private static String base(String id) {
    int at = id.indexOf(SEPARATOR);
    return at < 0 ? id : id.substring(0, at);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
