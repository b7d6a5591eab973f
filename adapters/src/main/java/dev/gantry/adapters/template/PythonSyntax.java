package dev.gantry.adapters.template;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.AstRangeBracket;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.ExtendedScanner;
import com.hubspot.jinjava.el.ext.NamedParameterOperator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstRightValue;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;

/**
 * Jinjava's expression syntax, brought closer to Python's where chat templates need it:
 * <ul>
 *   <li>slices with a step ({@code messages[::-1]}, {@code items[1::2]}): Jinjava knows
 *       {@code [start:stop]} only;
 *   <li>{@code not} binds looser than comparisons and tests, as in Python ({@code not x is defined}
 *       is {@code not (x is defined)}; Jinjava reads {@code (not x) is defined});
 *   <li>keyword arguments bind looser than every operator, as in Python
 *       ({@code namespace(last=messages|length - 1)} is {@code last=(messages|length - 1)}; Jinjava
 *       reads {@code (last=messages|length) - 1}).
 * </ul>
 * Installed by naming {@link PyTreeBuilder} as the {@code TreeBuilder} of the expression factory.
 */
final class PythonSyntax {

  private PythonSyntax() {}

  /** The tree builder: Jinjava's, with the parser below. Public for reflective creation. */
  public static final class PyTreeBuilder extends ExtendedSyntaxBuilder {
    private static final long serialVersionUID = 1L;

    public PyTreeBuilder() {
      super();
    }

    public PyTreeBuilder(jinjava.de.odysseus.el.tree.impl.Builder.Feature... features) {
      super(features);
    }

    @Override
    protected Parser createParser(String expression) {
      return new PyParser(this, expression);
    }
  }

  static final class PyParser extends ExtendedParser {

    PyParser(jinjava.de.odysseus.el.tree.impl.Builder context, String input) {
      super(context, input);
      // '=' is handled in or(), after a whole operand; no operator level may take it first.
      putExtensionHandler(NamedParameterOperator.TOKEN, new ExtensionHandler(ExtensionPoint.LITERAL) {
        @Override
        public AstNode createAstNode(AstNode... children) {
          throw new ELException("Illegal use of '='");
        }
      });
    }

    @Override
    protected Scanner createScanner(String expression) {
      return new StepScanner(expression);
    }

    @Override
    protected AstNode expr(boolean required) throws Scanner.ScanException, ParseException {
      if (getToken() == StepScanner.STEP_COLON) {
        consumeToken();
        return new Step(super.expr(true));
      }
      return super.expr(required);
    }

    @Override
    protected AstNode eq(boolean required) throws Scanner.ScanException, ParseException {
      if (getToken().getSymbol() == Scanner.Symbol.NOT) {
        consumeToken();
        return createAstUnary(eq(true), AstUnary.NOT);
      }
      return super.eq(required);
    }

    @Override
    protected AstNode or(boolean required) throws Scanner.ScanException, ParseException {
      AstNode v = super.or(required);
      if (v != null && getToken() == NamedParameterOperator.TOKEN) {
        consumeToken();
        return NamedParameterOperator.HANDLER.createAstNode(v, super.or(true));
      }
      return v;
    }

    @Override
    protected AstRangeBracket createAstRangeBracket(AstNode base, AstNode start, AstNode stop,
        boolean lvalue, boolean strict) {
      if (stop instanceof Step) {
        return new SteppedSlice(base, start, ((Step) stop).step, lvalue, strict);
      }
      return super.createAstRangeBracket(base, start, stop, lvalue, strict);
    }
  }

  /**
   * Marks the second of two consecutive colons ({@code [::k]}, {@code [i::k]}), so the parser can
   * read what follows as the step.
   */
  static final class StepScanner extends ExtendedScanner {
    static final Scanner.Token STEP_COLON = new Scanner.Token(Scanner.Symbol.COLON, ":");

    private boolean afterColon;

    StepScanner(String input) {
      super(input);
    }

    @Override
    protected Scanner.Token nextEval() throws Scanner.ScanException {
      Scanner.Token token = super.nextEval();
      if (token.getSymbol() == Scanner.Symbol.COLON && afterColon) {
        token = STEP_COLON;
      }
      afterColon = token.getSymbol() == Scanner.Symbol.COLON;
      return token;
    }
  }

  /** The step of a slice, carried from {@code expr} to {@code createAstRangeBracket}. */
  static final class Step extends AstRightValue {
    final AstNode step;

    Step(AstNode step) {
      this.step = step;
    }

    @Override
    public void appendStructure(StringBuilder b, Bindings bindings) {
      b.append(':');
      step.appendStructure(b, bindings);
    }

    @Override
    public Object eval(Bindings bindings, ELContext context) {
      return step.eval(bindings, context);
    }

    @Override
    public int getCardinality() {
      return 1;
    }

    @Override
    public AstNode getChild(int i) {
      return i == 0 ? step : null;
    }

    @Override
    public String toString() {
      return ":" + step;
    }
  }

  /** {@code base[start::step]} on a list or a string, with Python's rules. */
  static final class SteppedSlice extends AstRangeBracket {
    private final AstNode base;
    private final AstNode start;
    private final AstNode step;

    SteppedSlice(AstNode base, AstNode start, AstNode step, boolean lvalue, boolean strict) {
      super(base, start, null, lvalue, strict, false);
      this.base = base;
      this.start = start;
      this.step = step;
    }

    @Override
    public Object eval(Bindings bindings, ELContext context) {
      Object value = base.eval(bindings, context);
      Object from = start == null ? null : start.eval(bindings, context);
      Object by = step.eval(bindings, context);
      if (!(by instanceof Number) || ((Number) by).intValue() == 0
          || (from != null && !(from instanceof Number))) {
        throw new ELException("slice indices must be integers and the step non-zero");
      }
      List<Object> items = new ArrayList<>();
      if (value instanceof String) {
        ((String) value).codePoints().forEach(c -> items.add(new String(Character.toChars(c))));
      } else if (value instanceof Collection) {
        items.addAll((Collection<?>) value);
      } else {
        return null;
      }
      List<Object> out = slice(items, from == null ? null : ((Number) from).intValue(),
          ((Number) by).intValue());
      if (value instanceof String) {
        StringBuilder text = new StringBuilder();
        out.forEach(text::append);
        return text.toString();
      }
      return out;
    }

    private static List<Object> slice(List<Object> items, Integer from, int step) {
      int n = items.size();
      int i;
      if (from == null) {
        i = step > 0 ? 0 : n - 1;
      } else {
        i = from < 0 ? from + n : from;
        i = step > 0 ? Math.max(i, 0) : Math.min(i, n - 1);
      }
      List<Object> out = new ArrayList<>();
      for (; step > 0 ? i < n : i >= 0; i += step) {
        out.add(items.get(i));
      }
      return out;
    }
  }
}
