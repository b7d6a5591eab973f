package dev.gantry.adapters.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Jinja tests whose answer depends on Python's types: a {@code str} is iterable and a sequence
 * (Llama 3's template sends a tool result through {@code tojson} when {@code message.content is
 * iterable}, which is always the case for a string).
 */
final class PyTests {

  private PyTests() {}

  static List<ExpTest> all() {
    return List.of(test("iterable", PyTests::iterable), test("sequence", PyTests::iterable));
  }

  private static boolean iterable(Object value) {
    return value instanceof String || value instanceof Collection || value instanceof Map
        || value instanceof Object[] || value instanceof Iterable;
  }

  private static ExpTest test(String name, java.util.function.Predicate<Object> predicate) {
    return new ExpTest() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        return predicate.test(var);
      }
    };
  }
}
