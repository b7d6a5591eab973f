package dev.gantry.policies.tokens;

import dev.gantry.config.ModelAlias;
import dev.gantry.config.TokenizerSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token counters of every alias, loaded once at start on the {@code gantry-tokenizer} worker
 * pool, and the place counting runs: small texts inline (cheaper than a thread hop), big ones on
 * that pool so an event loop never spends milliseconds encoding.
 */
public final class Tokens {

  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

  private final WorkerExecutor worker;
  private final Map<String, TokenCounter> byAlias;
  private final List<TokenCounter> loaded;

  private Tokens(WorkerExecutor worker, Map<String, TokenCounter> byAlias,
      List<TokenCounter> loaded) {
    this.worker = worker;
    this.byAlias = byAlias;
    this.loaded = loaded;
  }

  /**
   * Loads each distinct tokenizer the aliases name, off the event loop.
   *
   * @return fails when a tokenizer cannot be loaded (its alias and file named)
   */
  public static Future<Tokens> load(Vertx vertx, List<ModelAlias> aliases, int threads) {
    return load(vertx, aliases, threads, HubTokenizers.fromEnvironment(System.getenv()));
  }

  /**
   * Loads each distinct tokenizer the aliases name, off the event loop, Hub tokenizers through
   * {@code hub}. A Hub tokenizer that cannot be had (the Hub unreachable, offline with an empty
   * cache) leaves its aliases on the estimate with a warning rather than keeping the gateway down;
   * the next start tries again.
   *
   * @return fails when a local tokenizer cannot be loaded (its alias and file named)
   */
  public static Future<Tokens> load(Vertx vertx, List<ModelAlias> aliases, int threads,
      HubTokenizers hub) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("gantry-tokenizer",
        Math.max(1, threads));
    return worker.executeBlocking(() -> {
      Map<TokenizerSpec, TokenCounter> bySpec = new HashMap<>();
      Map<String, TokenCounter> byAlias = new LinkedHashMap<>();
      try {
        for (ModelAlias alias : aliases) {
          TokenizerSpec spec = effective(alias);
          TokenCounter counter = bySpec.get(spec);
          if (counter == null) {
            long started = System.nanoTime();
            try {
              counter = TokenCounter.load(spec, hub);
            } catch (java.io.IOException e) {
              if (spec.kind() != TokenizerSpec.Kind.HUB) {
                throw new IllegalStateException("model " + alias.name() + ": " + e.getMessage(), e);
              }
              LOG.warn("Tokenizer unavailable, counting by estimate model={} tokenizer={} reason={}",
                  alias.name(), spec, e.getMessage());
              counter = TokenCounter.ESTIMATE;
            } catch (RuntimeException e) {
              throw new IllegalStateException("model " + alias.name() + ": " + e.getMessage(), e);
            }
            bySpec.put(spec, counter);
            if (counter != TokenCounter.ESTIMATE) {
              LOG.info("Tokenizer loaded tokenizer={} millis={}", spec,
                  (System.nanoTime() - started) / 1_000_000);
            }
          }
          byAlias.put(alias.name(), counter.withImages(ImageFormula.forModels(
              alias.deployments().stream().map(dev.gantry.config.Deployment::model).toList())));
        }
      } catch (RuntimeException e) {
        bySpec.values().forEach(TokenCounter::close);
        throw e;
      }
      return new Tokens(worker, byAlias, List.copyOf(bySpec.values()));
    }, false).onFailure(e -> worker.close());
  }

  /**
   * The tokenizer an alias counts with: the configured one; for an alias left on the estimate
   * whose deployments all serve OpenAI models, those models' encoding ({@code o200k_base} for the
   * GPT-4o, 4.1, 5 and o-series families, {@code cl100k_base} for GPT-4 and 3.5).
   */
  static TokenizerSpec effective(ModelAlias alias) {
    if (alias.tokenizer().kind() != TokenizerSpec.Kind.ESTIMATE || alias.deployments().isEmpty()) {
      return alias.tokenizer();
    }
    String encoding = null;
    for (dev.gantry.config.Deployment d : alias.deployments()) {
      String e = openAiEncoding(d.model());
      if (e == null || (encoding != null && !encoding.equals(e))) {
        return alias.tokenizer();
      }
      encoding = e;
    }
    return new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, encoding);
  }

  private static String openAiEncoding(String model) {
    String m = model.toLowerCase(java.util.Locale.ROOT);
    if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-5")
        || m.matches("o[1-9].*") || m.startsWith("chatgpt-4o")) {
      return "o200k_base";
    }
    if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("text-embedding-3")
        || m.startsWith("text-embedding-ada-002")) {
      return "cl100k_base";
    }
    return null;
  }

  /**
   * The alias's counter; an estimate for an alias it was not loaded with, and for one counted by
   * its provider ({@link ProviderCounts}), whose fallback that is.
   */
  public TokenCounter counter(String alias) {
    return byAlias.getOrDefault(alias, TokenCounter.ESTIMATE);
  }

  /**
   * Runs a count by {@code counter} over about {@code chars} characters: inline when the counter
   * does that in well under 0.1 ms ({@link TokenCounter#inlineChars()}), else on the workers.
   */
  public <T> Future<T> count(TokenCounter counter, long chars, Callable<T> counting) {
    if (chars <= counter.inlineChars()) {
      try {
        return Future.succeededFuture(counting.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return worker.executeBlocking(counting, false);
  }

  public Future<Void> close() {
    loaded.forEach(TokenCounter::close);
    return worker.close();
  }
}
