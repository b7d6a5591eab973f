package dev.gantry.adapters.template;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's {@code strftime} for the directives chat templates use to state today's date (Llama 3.1:
 * {@code strftime_now("%d %b %Y")}), in the C locale; {@code %-d}-style unpadded forms (glibc) too.
 */
final class Strftime {

  private Strftime() {}

  static String format(String pattern, ZonedDateTime t) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        out.append(c);
        continue;
      }
      char d = pattern.charAt(++i);
      boolean unpadded = d == '-' && i + 1 < pattern.length();
      if (unpadded) {
        d = pattern.charAt(++i);
      }
      out.append(directive(d, t, unpadded));
    }
    return out.toString();
  }

  private static String directive(char d, ZonedDateTime t, boolean unpadded) {
    switch (d) {
      case 'a':
        return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case 'A':
        return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case 'b':
      case 'h':
        return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case 'B':
        return t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case 'd':
        return number(t.getDayOfMonth(), 2, unpadded);
      case 'e':
        return String.format("%2d", t.getDayOfMonth());
      case 'm':
        return number(t.getMonthValue(), 2, unpadded);
      case 'y':
        return number(t.getYear() % 100, 2, unpadded);
      case 'Y':
        return Integer.toString(t.getYear());
      case 'H':
        return number(t.getHour(), 2, unpadded);
      case 'I':
        return number(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, unpadded);
      case 'M':
        return number(t.getMinute(), 2, unpadded);
      case 'S':
        return number(t.getSecond(), 2, unpadded);
      case 'p':
        return t.getHour() < 12 ? "AM" : "PM";
      case 'j':
        return number(t.getDayOfYear(), 3, unpadded);
      case 'F':
        return t.format(DateTimeFormatter.ISO_LOCAL_DATE);
      case 'z':
        return t.getOffset().getId().equals("Z") ? "+0000" : t.getOffset().getId().replace(":", "");
      case 'Z':
        return t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case '%':
        return "%";
      default:
        return "%" + (unpadded ? "-" : "") + d;
    }
  }

  private static String number(int value, int width, boolean unpadded) {
    return unpadded ? Integer.toString(value) : String.format("%0" + width + "d", value);
  }
}
