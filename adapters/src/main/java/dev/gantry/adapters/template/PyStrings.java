package dev.gantry.adapters.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;
import jinjava.javax.el.ELResolver;

/**
 * The Python {@code str} methods chat templates call ({@code content.startswith('<tool_response>')},
 * {@code content.split('</think>')[-1].lstrip('\n')}, ...), resolved before Jinjava's bean resolver,
 * which only knows Java's {@code String} methods. Method calls on anything else fall through.
 */
final class PyStrings extends ELResolver {

  private static final Set<String> METHODS = Set.of("startswith", "endswith", "strip", "lstrip",
      "rstrip", "split", "rsplit", "splitlines", "upper", "lower", "title", "capitalize", "replace",
      "find", "rfind", "count", "join", "isspace", "isdigit", "isalpha", "isalnum", "islower",
      "isupper");
  private static final String WHITESPACE = " \t\n\r\u000b\f";

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes,
      Object[] params) {
    if (!(base instanceof String) || !(method instanceof String)
        || !METHODS.contains((String) method)) {
      return null;
    }
    context.setPropertyResolved(true);
    return call((String) base, (String) method, params == null ? new Object[0] : params);
  }

  static Object call(String s, String method, Object[] args) {
    switch (method) {
      case "startswith":
        return anyAffix(s, arg(args, 0), true);
      case "endswith":
        return anyAffix(s, arg(args, 0), false);
      case "strip":
        return rstrip(lstrip(s, chars(args)), chars(args));
      case "lstrip":
        return lstrip(s, chars(args));
      case "rstrip":
        return rstrip(s, chars(args));
      case "split":
        return split(s, optional(args, 0), maxsplit(args), false);
      case "rsplit":
        return split(s, optional(args, 0), maxsplit(args), true);
      case "splitlines":
        return splitlines(s);
      case "upper":
        return s.toUpperCase(Locale.ROOT);
      case "lower":
        return s.toLowerCase(Locale.ROOT);
      case "title":
        return title(s);
      case "capitalize":
        return s.isEmpty() ? s
            : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
      case "replace":
        return replace(s, text(args, 0), text(args, 1),
            args.length > 2 ? ((Number) args[2]).intValue() : -1);
      case "find":
        return s.indexOf(text(args, 0));
      case "rfind":
        return s.lastIndexOf(text(args, 0));
      case "count":
        return count(s, text(args, 0));
      case "join":
        return join(s, arg(args, 0));
      case "isspace":
        return !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
      case "isdigit":
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
      case "isalpha":
        return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
      case "isalnum":
        return !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
      case "islower":
        return s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
      default:
        return s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
    }
  }

  private static boolean anyAffix(String s, Object affixes, boolean prefix) {
    if (affixes instanceof Collection) {
      for (Object affix : (Collection<?>) affixes) {
        if (anyAffix(s, affix, prefix)) {
          return true;
        }
      }
      return false;
    }
    String affix = String.valueOf(affixes);
    return prefix ? s.startsWith(affix) : s.endsWith(affix);
  }

  private static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return s.substring(i);
  }

  private static String rstrip(String s, String chars) {
    int i = s.length();
    while (i > 0 && chars.indexOf(s.charAt(i - 1)) >= 0) {
      i--;
    }
    return s.substring(0, i);
  }

  /** Python's split: on a separator keeping empty parts, or on whitespace runs dropping them. */
  private static List<Object> split(String s, Object sep, int maxsplit, boolean fromRight) {
    List<Object> parts = new ArrayList<>();
    if (sep == null) {
      String rest = s.strip();
      while (!rest.isEmpty()) {
        if (maxsplit >= 0 && parts.size() == maxsplit) {
          parts.add(rest);
          return parts;
        }
        int end = 0;
        while (end < rest.length() && WHITESPACE.indexOf(rest.charAt(end)) < 0) {
          end++;
        }
        parts.add(rest.substring(0, end));
        rest = lstrip(rest.substring(end), WHITESPACE);
      }
      return parts;
    }
    String separator = String.valueOf(sep);
    if (separator.isEmpty()) {
      throw new ELException("empty separator");
    }
    if (fromRight && maxsplit >= 0) {
      List<Object> all = split(s, separator, -1, false);
      if (all.size() <= maxsplit + 1) {
        return all;
      }
      int head = all.size() - maxsplit;
      List<Object> joined = new ArrayList<>();
      joined.add(join(separator, all.subList(0, head)));
      joined.addAll(all.subList(head, all.size()));
      return joined;
    }
    int from = 0;
    for (int found = s.indexOf(separator); found >= 0
        && (maxsplit < 0 || parts.size() < maxsplit); found = s.indexOf(separator, from)) {
      parts.add(s.substring(from, found));
      from = found + separator.length();
    }
    parts.add(s.substring(from));
    return parts;
  }

  private static List<Object> splitlines(String s) {
    List<Object> lines = new ArrayList<>(List.of(s.split("\r\n|\r|\n", -1)));
    if (!lines.isEmpty() && ((String) lines.get(lines.size() - 1)).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean previousCased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
      previousCased = Character.isLetter(c);
    }
    return out.toString();
  }

  private static String replace(String s, String old, String replacement, int count) {
    if (count < 0) {
      return s.replace(old, replacement);
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int n = 0; n < count; n++) {
      int found = s.indexOf(old, from);
      if (found < 0) {
        break;
      }
      out.append(s, from, found).append(replacement);
      from = found + old.length();
    }
    return out.append(s.substring(from)).toString();
  }

  private static int count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.length() + 1;
    }
    int n = 0;
    for (int found = s.indexOf(sub); found >= 0; found = s.indexOf(sub, found + sub.length())) {
      n++;
    }
    return n;
  }

  private static String join(String separator, Object items) {
    if (!(items instanceof Iterable)) {
      throw new ELException("join() takes a list");
    }
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (Object item : (Iterable<?>) items) {
      if (!first) {
        out.append(separator);
      }
      first = false;
      out.append(item);
    }
    return out.toString();
  }

  private static Object arg(Object[] args, int i) {
    if (args.length <= i) {
      throw new ELException("missing argument " + (i + 1));
    }
    return args[i];
  }

  private static Object optional(Object[] args, int i) {
    return args.length > i ? args[i] : null;
  }

  private static String text(Object[] args, int i) {
    return String.valueOf(arg(args, i));
  }

  private static String chars(Object[] args) {
    return args.length == 0 || args[0] == null ? WHITESPACE : String.valueOf(args[0]);
  }

  private static int maxsplit(Object[] args) {
    return args.length > 1 && args[1] instanceof Number ? ((Number) args[1]).intValue() : -1;
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    // read-only: other resolvers handle properties
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }
}
