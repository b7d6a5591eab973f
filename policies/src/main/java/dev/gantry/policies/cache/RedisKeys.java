package dev.gantry.policies.cache;

import java.util.Objects;

/**
 * How {@link RedisResponseCache} names its keys, and the {@code SCAN MATCH} patterns that find
 * them. A key is {@code <prefix><namespace>\n<alias>\n<hash>}, each part escaped so that it holds
 * no newline ({@code \} becomes {@code \\}, a newline {@code \n}): the two newlines are then the
 * only separators, and no two keys collide, whatever characters the names hold. A pattern escapes
 * the glob characters ({@code * ? [ ] \}) of every literal part, so a namespace named {@code *}
 * matches only itself.
 */
final class RedisKeys {

  private static final char SEPARATOR = '\n';

  private final String prefix;

  RedisKeys(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** The Redis key of one entry. */
  String key(CacheKey key) {
    return prefix + escape(key.namespace()) + SEPARATOR + escape(key.alias()) + SEPARATOR
        + escape(key.hash());
  }

  /**
   * The pattern matching the keys of a namespace, of an alias, of both, or of every entry under
   * the prefix (null for every namespace or alias).
   */
  String pattern(String namespace, String alias) {
    StringBuilder p = new StringBuilder(glob(prefix));
    if (namespace == null && alias == null) {
      return p.append('*').toString();
    }
    p.append(namespace == null ? "*" : glob(escape(namespace))).append(SEPARATOR);
    p.append(alias == null ? "*" : glob(escape(alias)) + SEPARATOR + "*");
    return p.toString();
  }

  /** A name with its backslashes doubled and its newlines written {@code \n}. */
  static String escape(String name) {
    if (name.indexOf('\\') < 0 && name.indexOf(SEPARATOR) < 0) {
      return name;
    }
    return name.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** A literal for Redis's glob matcher: each of {@code * ? [ ] \} preceded by a backslash. */
  static String glob(String literal) {
    StringBuilder out = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
