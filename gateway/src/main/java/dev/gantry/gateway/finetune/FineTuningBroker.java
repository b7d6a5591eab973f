package dev.gantry.gateway.finetune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ProviderSettings;
import dev.gantry.finetune.data.TokenCounter;
import dev.gantry.finetune.data.TrainingFileValidator;
import dev.gantry.finetune.data.ValidationError;
import dev.gantry.finetune.data.ValidationReport;
import dev.gantry.finetune.data.ValidationRules;
import dev.gantry.finetune.files.FileStorage;
import dev.gantry.finetune.jobs.JobDriver;
import dev.gantry.finetune.trainer.Trainer;
import dev.gantry.finetune.trainer.bedrock.BedrockTrainer;
import dev.gantry.finetune.trainer.selfhosted.SelfHostedTrainer;
import dev.gantry.finetune.trainer.vertex.VertexTrainer;
import dev.gantry.gateway.Routes;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.routing.ModelCatalog;
import dev.gantry.policies.tokens.TokenTexts;
import dev.gantry.policies.tokens.Tokens;
import dev.gantry.store.finetune.FineTuneStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fine-tuning broker of one gateway: file storage, a trainer per fine-tunable alias, the job
 * driver, and the files and jobs APIs. Built when the gateway has a state store.
 */
public final class FineTuningBroker {

  private static final Logger LOG = LoggerFactory.getLogger(FineTuningBroker.class);

  private final Vertx vertx;
  private final FineTuneStore store;
  private final FileStorage storage;
  /** Replaced whole when routing changes (see {@link #reconfigure}). */
  private volatile Map<String, JobDriver.Backend> backends;
  /** The configuration served now: its aliases' targets and rules apply to new work. */
  private volatile GatewayConfig config;
  private final Map<String, String> env;
  private final JobDriver driver;
  private final Clock clock;

  private FineTuningBroker(Vertx vertx, GatewayConfig config, FineTuneStore store,
      Map<String, JobDriver.Backend> backends, Supplier<Tokens> tokens,
      JobDriver.Registrar registrar, Map<String, String> env, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.env = env;
    this.store = store;
    this.backends = backends;
    this.clock = clock;
    this.storage = new FileStorage(vertx, Path.of(config.fineTuning().storageDir()));
    this.driver = new JobDriver(vertx, store, storage, alias -> this.backends.get(alias),
        (alias, file) -> validate(alias, file, tokens), registrar, config.fineTuning(), clock,
        "gateway-" + UUID.randomUUID());
  }

  /**
   * Builds the trainers of the fine-tunable aliases and starts driving jobs (models of jobs that
   * succeeded earlier are registered first). The storage directory is made at the first upload.
   */
  public static Future<FineTuningBroker> start(Vertx vertx, GatewayConfig config,
      FineTuneStore store, Map<String, String> env, Supplier<Tokens> tokens,
      JobDriver.Registrar registrar, Clock clock) {
    Map<String, JobDriver.Backend> backends;
    try {
      backends = backends(vertx, config, env, clock, Map.of(), Map.of());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    FineTuningBroker broker = new FineTuningBroker(vertx, config, store, backends, tokens,
        registrar, env, clock);
    return broker.driver.start().map(broker);
  }

  /**
   * The backends of {@code config}'s fine-tunable aliases: an alias whose target (and provider)
   * did not change keeps its trainer, the others get new ones.
   *
   * @param targets the targets {@code current}'s trainers were made for, by alias
   */
  private static Map<String, JobDriver.Backend> backends(Vertx vertx, GatewayConfig config,
      Map<String, String> env, Clock clock, Map<String, JobDriver.Backend> current,
      Map<String, Object> targets) {
    Map<String, JobDriver.Backend> out = new LinkedHashMap<>();
    try {
      for (ModelAlias alias : config.models()) {
        FineTuningTarget target = alias.fineTuning();
        if (target == null) {
          continue;
        }
        JobDriver.Backend kept = current.get(alias.name());
        if (kept != null && identity(config, target).equals(targets.get(alias.name()))) {
          out.put(alias.name(), kept);
        } else {
          out.put(alias.name(), new JobDriver.Backend(trainer(vertx, config, target, env, clock),
              target.baseModel(), target.pricePerMillionTokens()));
        }
      }
    } catch (RuntimeException e) {
      out.forEach((name, b) -> {
        if (current.get(name) != b) {
          b.trainer().close();
        }
      });
      throw e;
    }
    return out;
  }

  /** What a trainer is made from: the target and its provider's settings. */
  private static Object identity(GatewayConfig config, FineTuningTarget target) {
    return List.of(target, String.valueOf(config.providers().get(target.provider())));
  }

  private static Map<String, Object> identities(GatewayConfig config) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ModelAlias alias : config.models()) {
      if (alias.fineTuning() != null) {
        out.put(alias.name(), identity(config, alias.fineTuning()));
      }
    }
    return out;
  }

  /**
   * Follows a routing change: aliases that gained or changed a {@code fine_tuning} target get
   * trainers, those that lost it stop taking jobs (their unfinished jobs fail at their next
   * step, saying so), and trainers no longer used close after a minute. Blocking (a trainer may
   * read credentials): call it on a worker.
   */
  public void reconfigure(GatewayConfig next) {
    Map<String, JobDriver.Backend> current = backends;
    Map<String, JobDriver.Backend> fresh = backends(vertx, next, env, clock, current,
        identities(config));
    config = next;
    backends = fresh;
    List<JobDriver.Backend> retired = current.values().stream()
        .filter(b -> !fresh.containsValue(b)).toList();
    if (!retired.isEmpty()) {
      vertx.setTimer(60_000, id -> retired.forEach(b -> b.trainer().close()));
    }
  }

  private static Trainer trainer(Vertx vertx, GatewayConfig config, FineTuningTarget target,
      Map<String, String> env, Clock clock) {
    ProviderSettings provider = config.providers().get(target.provider());
    switch (target.backend()) {
      case BEDROCK:
        return new BedrockTrainer(vertx, (ProviderSettings.Bedrock) provider, target, env, clock);
      case VERTEX:
        return new VertexTrainer(vertx, (ProviderSettings.Vertex) provider, target, env);
      default:
        return new SelfHostedTrainer(vertx, target, (ProviderSettings.OpenAi) provider, env);
    }
  }

  /** The files and jobs APIs. */
  public List<Routes> routes(Supplier<KeyRing> keys, Supplier<ModelCatalog> catalog) {
    return List.of(
        new FilesApi(vertx, keys, store, storage, config.fineTuning().maxFileBytes(), clock),
        new FineTuningApi(keys, catalog, store, alias -> backends.get(alias), clock));
  }

  /** The driver, for tests that drive rounds themselves. */
  public JobDriver driver() {
    return driver;
  }

  /** Stops driving (leases run out for other gateways) and closes the trainers. */
  public Future<Void> close() {
    return driver.stop().transform(ar -> {
      List<Future<Void>> closed = new ArrayList<>();
      backends.values().forEach(b -> closed.add(b.trainer().close()));
      return Future.join(closed).mapEmpty();
    });
  }

  // --- validation

  /** Validates a job's file on a worker thread, by the rules of the alias's backend. */
  private Future<JobDriver.Validation> validate(String alias, Path file, Supplier<Tokens> tokens) {
    ModelAlias model = config.model(alias).orElse(null);
    FineTuningTarget target = model == null ? null : model.fineTuning();
    if (target == null) {
      return Future.failedFuture(new IllegalStateException("no fine_tuning target for " + alias));
    }
    TrainingFileValidator validator = new TrainingFileValidator(rules(target),
        counter(tokens.get().counter(alias)));
    return vertx.executeBlocking(() -> {
      ValidationReport report = validator.validate(file, 1);
      List<String> errors = new ArrayList<>();
      for (ValidationError e : report.errors()) {
        errors.add(e.toString());
      }
      return new JobDriver.Validation(report.examples(), report.totalTokens(), errors);
    }, false);
  }

  /** The data rules of a backend (Bedrock's by the format its base model takes). */
  static ValidationRules rules(FineTuningTarget target) {
    switch (target.backend()) {
      case VERTEX:
        return ValidationRules.vertexGemini();
      case TRAINER:
        return ValidationRules.openai();
      default:
        String format = target.option("data_format", null);
        String base = target.baseModel().toLowerCase(Locale.ROOT);
        if ("nova".equals(format) || (format == null && base.startsWith("amazon.nova"))) {
          return ValidationRules.bedrockNova();
        }
        if ("claude".equals(format) || (format == null && base.startsWith("anthropic.claude"))) {
          return ValidationRules.bedrockClaude();
        }
        return ValidationRules.bedrockPromptCompletion();
    }
  }

  /**
   * Counts a training example with the alias's tokenizer, the way a chat prompt of the same
   * messages and tools is counted; the estimate when the example does not read as a chat request
   * (its errors are reported anyway).
   */
  private static TokenCounter counter(dev.gantry.policies.tokens.TokenCounter tokenizer) {
    return example -> {
      try {
        ObjectNode body = ((ObjectNode) example).deepCopy();
        body.put("model", "training-example");
        body.remove("parallel_tool_calls");
        ChatRequest request = OpenAiChat.readRequest(body);
        return TokenTexts.prompt(tokenizer, request);
      } catch (RuntimeException e) {
        return TokenCounter.estimate().count(example);
      }
    };
  }
}
