package dev.gantry.adapters.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import dev.gantry.adapters.spi.GatewayException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava set up the way transformers sets up Jinja2 for {@code apply_chat_template}
 * ({@code trim_blocks}, {@code lstrip_blocks}, loop controls, its {@code tojson},
 * {@code raise_exception} and {@code strftime_now}), plus the Python-isms chat templates rely on
 * (Python operator precedence, {@code {{-}} trimming, slices with a step, {@code str} methods) and
 * the {@code {% generation %}} block of transformers' assistant-mask extension, rendered as its body.
 * One shared instance: parsing and rendering are thread-safe.
 */
final class TemplateEngine {

  static final TemplateEngine INSTANCE = new TemplateEngine();

  /** Where a render keeps its clock for {@code strftime_now}. */
  private static final String CLOCK = "__gantry_clock__";
  /** The callables templates test with {@code is defined} before calling them. */
  private static final List<String> GLOBALS = List.of("raise_exception", "strftime_now");
  private static final long MAX_OUTPUT = 8L << 20;

  private final Jinjava jinjava;
  private final JinjavaConfig config;

  private TemplateEngine() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PyStrings());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    config = JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withMaxOutputSize(MAX_OUTPUT)
        .withElResolver(resolver)
        .withLegacyOverrides(LegacyOverrides.newBuilder()
            .withUseNaturalOperatorPrecedence(true)
            .withUseTrimmingForNotesAndExpressions(true)
            .withParseWhitespaceControlStrictly(true)
            .withEvaluateMapKeys(true)
            .withIterateOverMapKeys(true)
            .withUsePyishObjectMapper(true)
            .withKeepNullableLoopValues(true)
            .build())
        .build();
    jinjava = new PythonJinjava(config);
    Context globals = jinjava.getGlobalContext();
    globals.registerFilter(new PyJson());
    PyTests.all().forEach(globals::registerExpTest);
    globals.registerTag(new GenerationTag());
    globals.registerFunction(function("raise_exception", "raiseException"));
    globals.registerFunction(function("strftime_now", "strftimeNow"));
  }

  /** Parses a template once; the tree is rendered by every later call. */
  Node parse(String template) {
    JinjavaInterpreter interpreter = interpreter(Map.of());
    Node root = interpreter.parse(template);
    List<TemplateError> errors = interpreter.getErrors();
    for (TemplateError error : errors) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new IllegalArgumentException("the chat template does not parse: "
            + error.getMessage() + " (line " + error.getLineno() + ")");
      }
    }
    return root;
  }

  /**
   * Renders a parsed template.
   *
   * @throws GatewayException INVALID_REQUEST with the template's message when it calls
   *     {@code raise_exception}, or naming the failure when it cannot render these inputs
   */
  String render(Node root, Map<String, Object> variables, Clock clock) {
    Map<String, Object> bindings = new HashMap<>(variables);
    for (String global : GLOBALS) {
      bindings.putIfAbsent(global, global);
    }
    bindings.put(CLOCK, clock);
    JinjavaInterpreter interpreter = interpreter(bindings);
    JinjavaInterpreter.pushCurrent(interpreter);
    String output;
    try {
      output = interpreter.render(root, false);
    } finally {
      JinjavaInterpreter.popCurrent();
    }
    for (TemplateError error : interpreter.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw failure(error);
      }
    }
    return output;
  }

  private JinjavaInterpreter interpreter(Map<String, Object> bindings) {
    return new JinjavaInterpreter(jinjava, new Context(jinjava.getGlobalContext(), bindings),
        config);
  }

  private static GatewayException failure(TemplateError error) {
    for (Throwable t = error.getException(); t != null; t = t.getCause()) {
      if (t instanceof TemplateRaise) {
        return GatewayException.invalid(t.getMessage(), "messages");
      }
    }
    return GatewayException.invalid("The model's chat template cannot render this conversation: "
        + error.getMessage(), "messages");
  }

  private static ELFunctionDefinition function(String name, String method) {
    for (Method m : TemplateEngine.class.getDeclaredMethods()) {
      if (m.getName().equals(method)) {
        m.setAccessible(true);
        return new ELFunctionDefinition("", name, m);
      }
    }
    throw new IllegalStateException("no method " + method);
  }

  /** {@code raise_exception(message)}: the template refuses the conversation. */
  static Object raiseException(String message) {
    throw new TemplateRaise(message);
  }

  /** {@code strftime_now(format)}: the render's clock, formatted with Python's directives. */
  static String strftimeNow(String format) {
    Object clock = JinjavaInterpreter.getCurrent().getContext().get(CLOCK);
    return Strftime.format(format,
        ZonedDateTime.now(clock instanceof Clock ? (Clock) clock : Clock.systemUTC()));
  }

  /** The template's own refusal of its input. */
  static final class TemplateRaise extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateRaise(String message) {
      super(message, null, false, false);
    }
  }

  /** Jinjava whose expressions are parsed with {@link PythonSyntax}. */
  private static final class PythonJinjava extends Jinjava {
    private final ExpressionFactory expressions;

    PythonJinjava(JinjavaConfig config) {
      super(config);
      Properties properties = new Properties();
      properties.setProperty(TreeBuilder.class.getName(),
          PythonSyntax.PyTreeBuilder.class.getName());
      expressions = new ExpressionFactoryImpl(properties, new TruthyTypeConverter());
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
      return expressions;
    }
  }

  /** transformers' {@code {% generation %}...{% endgeneration %}}: only its body is output. */
  private static final class GenerationTag implements Tag {
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
      return "generation";
    }

    @Override
    public String getEndTagName() {
      return "endgeneration";
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
      StringBuilder out = new StringBuilder();
      for (Node child : tagNode.getChildren()) {
        out.append(child.render(interpreter).getValue());
      }
      return out.toString();
    }
  }
}
