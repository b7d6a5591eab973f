package dev.gantry.adapters.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.Message;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Python semantics chat templates rely on, each against what Python's Jinja2 prints. */
class PythonismsTest {

  @ParameterizedTest(name = "{0} => {1}")
  @CsvSource(delimiterString = " -> ", quoteCharacter = '`', value = {
      // slices
      "{{ [1,2,3][::-1] }} -> [3, 2, 1]",
      "{{ 'abc'[::-1] }} -> cba",
      "{{ [1,2,3,4,5][1::2] }} -> [2, 4]",
      "{{ [1,2,3,4][-2::-1] }} -> [3, 2, 1]",
      "{{ [1,2,3][1:] }} -> [2, 3]",
      "{{ [1,2,3][:-1] }} -> [1, 2]",
      "{{ 'hello'[:-1] }} -> hell",
      // precedence
      "{{ not undefined_name is defined }} -> true",
      "{{ not 1 == 2 }} -> true",
      "{{ not false and false }} -> false",
      "{% set ns = namespace(last=[1,2,3]|length - 1) %}{{ ns.last }} -> 2",
      "{% set ns = namespace(found=false) %}{% for x in [1,2] %}{% set ns.found = true %}{% endfor %}{{ ns.found }} -> true",
      // str methods
      "{{ 'a</think>b'.split('</think>')[-1] }} -> b",
      "{{ '  a  b '.split() }} -> ['a', 'b']",
      "{{ 'a,b,c'.split(',', 1) }} -> ['a', 'b,c']",
      "{{ 'a,b,c'.rsplit(',', 1) }} -> ['a,b', 'c']",
      "{{ '\\n\\nx\\n'.strip('\\n') }} -> x",
      "{{ 'xxabc'.lstrip('x') }} -> abc",
      "{{ 'abc'.rstrip('c') }} -> ab",
      "{{ '<tool_response>x'.startswith('<tool_response>') }} -> true",
      "{{ 'x.json'.endswith(('.yaml', '.json')) }} -> true",
      "{{ 'hello world'.title() }} -> Hello World",
      "{{ 'hello'.capitalize() }} -> Hello",
      "{{ 'aaa'.replace('a', 'b', 2) }} -> bba",
      "{{ '-'.join(['a', 'b']) }} -> a-b",
      "{{ 'abcb'.count('b') }} -> 2",
      "{{ 'Abc'.upper() }} -> ABC",
      // tests and filters
      "{{ 'abc' is iterable }} -> true",
      "{{ 'abc' is string }} -> true",
      "{{ none is none }} -> true",
      "{{ {'a': 1}|tojson }} -> {\"a\": 1}",
      "{{ [1, 'é<', 0.5, none, true]|tojson }} -> [1, \"é<\", 0.5, null, true]",
      "{{ {'a': [1, 2]}|tojson(indent=2) }} -> `{\n  \"a\": [\n    1,\n    2\n  ]\n}`",
      "{{ {'b': 1, 'a': 2}|tojson(sort_keys=true) }} -> {\"a\": 2, \"b\": 1}",
      "{{ {'a': 'é'}|tojson(ensure_ascii=true) }} -> {\"a\": \"\\u00e9\"}",
      "{{ {'a': 1}|tojson(separators=[',', ':']) }} -> {\"a\":1}",
      "{% for x in [1,2,3] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %} -> 13",
      "{% generation %}kept{% endgeneration %} -> kept",
      "{{ strftime_now is defined }} -> true",
  })
  void render_pythonism_matchesPython(String template, String expected) {
    assertThat(ChatTemplate.of(template, null, null).render(List.of(Message.user("u")), List.of(),
        false, Map.of())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "%d %b %Y, 07 Mar 2025",
      "%-d %B %y, 7 March 25",
      "%Y-%m-%dT%H:%M:%S, 2025-03-07T09:05:03",
      "%a %A %j %p %I %%, Fri Friday 066 AM 09 %",
  })
  void strftime_directives_formatLikePython(String pattern, String expected) {
    assertThat(Strftime.format(pattern, ZonedDateTime.of(2025, 3, 7, 9, 5, 3, 0, ZoneOffset.UTC)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"1.0, 1.0", "0.5, 0.5", "1e-05, 1e-05", "0.0001, 0.0001", "1e16, 1e+16",
      "123456789.5, 123456789.5", "-2.5, -2.5"})
  void floatRepr_values_likePythonRepr(double value, String expected) {
    assertThat(PyJson.floatRepr(value)).isEqualTo(expected);
  }
}
