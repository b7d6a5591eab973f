package dev.gantry.adapters.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code tojson} filter as transformers defines it for chat templates: Python's
 * {@code json.dumps(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}, so
 * tool schemas reach the prompt byte for byte as the model saw them in training ({@code ", "} and
 * {@code ": "} separators, no HTML escaping, non-ASCII kept) rather than Jinjava's compact JSON.
 */
final class PyJson implements AdvancedFilter {

  @Override
  public String getName() {
    return "tojson";
  }

  @Override
  public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args,
      Map<String, Object> kwargs) {
    boolean ensureAscii = truthy(option(args, kwargs, 0, "ensure_ascii"));
    Object indent = option(args, kwargs, 1, "indent");
    Object separators = option(args, kwargs, 2, "separators");
    boolean sortKeys = truthy(option(args, kwargs, 3, "sort_keys"));
    String itemSeparator = indent == null ? ", " : ",";
    String keySeparator = ": ";
    if (separators instanceof List && ((List<?>) separators).size() == 2) {
      itemSeparator = String.valueOf(((List<?>) separators).get(0));
      keySeparator = String.valueOf(((List<?>) separators).get(1));
    }
    String unit = indent instanceof Number ? " ".repeat(((Number) indent).intValue())
        : indent == null ? null : String.valueOf(indent);
    StringBuilder out = new StringBuilder();
    new Writer(out, ensureAscii, unit, itemSeparator, keySeparator, sortKeys).value(var, 0);
    return out.toString();
  }

  /** {@code json.dumps(value)} with the defaults transformers uses. */
  static String dumps(Object value) {
    StringBuilder out = new StringBuilder();
    new Writer(out, false, null, ", ", ": ", false).value(value, 0);
    return out.toString();
  }

  private static Object option(Object[] args, Map<String, Object> kwargs, int position,
      String name) {
    if (kwargs != null && kwargs.containsKey(name)) {
      return kwargs.get(name);
    }
    return args != null && args.length > position ? args[position] : null;
  }

  private static boolean truthy(Object value) {
    return value instanceof Boolean ? (Boolean) value : value != null;
  }

  private static final class Writer {
    private final StringBuilder out;
    private final boolean ensureAscii;
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    Writer(StringBuilder out, boolean ensureAscii, String indent, String itemSeparator,
        String keySeparator, boolean sortKeys) {
      this.out = out;
      this.ensureAscii = ensureAscii;
      this.indent = indent;
      this.itemSeparator = itemSeparator;
      this.keySeparator = keySeparator;
      this.sortKeys = sortKeys;
    }

    void value(Object v, int depth) {
      if (v == null) {
        out.append("null");
      } else if (v instanceof Boolean) {
        out.append((Boolean) v ? "true" : "false");
      } else if (v instanceof Integer || v instanceof Long || v instanceof Short
          || v instanceof Byte || v instanceof BigInteger) {
        out.append(v);
      } else if (v instanceof Number) {
        out.append(floatRepr(((Number) v).doubleValue()));
      } else if (v instanceof Map) {
        object((Map<?, ?>) v, depth);
      } else if (v instanceof Collection) {
        array(new ArrayList<>((Collection<?>) v), depth);
      } else if (v instanceof Object[]) {
        array(List.of((Object[]) v), depth);
      } else {
        string(String.valueOf(v));
      }
    }

    private void object(Map<?, ?> map, int depth) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      Map<?, ?> entries = sortKeys ? new TreeMap<>(stringKeys(map)) : map;
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        if (!first) {
          out.append(itemSeparator);
        }
        first = false;
        newline(depth + 1);
        string(String.valueOf(e.getKey()));
        out.append(keySeparator);
        value(e.getValue(), depth + 1);
      }
      newline(depth);
      out.append('}');
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
      Map<String, Object> keyed = new TreeMap<>();
      map.forEach((k, v) -> keyed.put(String.valueOf(k), v));
      return keyed;
    }

    private void array(List<?> items, int depth) {
      if (items.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.append(itemSeparator);
        }
        newline(depth + 1);
        value(items.get(i), depth + 1);
      }
      newline(depth);
      out.append(']');
    }

    private void newline(int depth) {
      if (indent != null) {
        out.append('\n').append(indent.repeat(depth));
      }
    }

    private void string(String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"':
            out.append("\\\"");
            break;
          case '\\':
            out.append("\\\\");
            break;
          case '\n':
            out.append("\\n");
            break;
          case '\r':
            out.append("\\r");
            break;
          case '\t':
            out.append("\\t");
            break;
          case '\b':
            out.append("\\b");
            break;
          case '\f':
            out.append("\\f");
            break;
          default:
            if (c < 0x20 || (ensureAscii && c > 0x7f)) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
        }
      }
      out.append('"');
    }
  }

  /** Python's {@code repr(float)}: shortest digits, exponent below 1e-4 and from 1e16. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent < -4 || exponent >= 16) {
      String digits = exact.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    String plain = exact.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }
}
