package dev.gantry.gateway;

import dev.gantry.config.ConfigException;
import dev.gantry.config.ConfigLoader;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar gantry.jar [--config FILE] [--port N] [--host ADDR]}. */
@Command(name = "gantry", mixinStandardHelpOptions = true, version = "Gantry 0.1.0",
    description = "An OpenAI-compatible gateway in front of your model providers.")
public final class Launcher implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML configuration (default: $GANTRY_CONFIG, else the built-in config that "
          + "serves the in-process embedding model as 'local-embed').")
  private Path config;

  @Option(names = "--port", paramLabel = "N", description = "Overrides server.port.")
  private Integer port;

  @Option(names = "--host", paramLabel = "ADDR", description = "Overrides server.host.")
  private String host;

  public static void main(String[] args) {
    int code = new CommandLine(new Launcher()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    GatewayConfig cfg;
    try {
      cfg = load(env);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (port != null) {
      cfg = cfg.withServer(cfg.server().withPort(port));
    }
    if (host != null) {
      cfg = cfg.withServer(cfg.server().withHost(host));
    }
    Vertx vertx = Vertx.vertx();
    GatewayConfig started = cfg;
    Gateway.start(vertx, cfg, env)
        .onSuccess(g -> {
          LOG.info("gantry listening on http://{}:{} models={}", g.host(), g.port(),
              started.models().stream().map(ModelAlias::name).toList());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            g.close().toCompletionStage().toCompletableFuture().join();
            vertx.close().toCompletionStage().toCompletableFuture().join();
          }, "gantry-shutdown"));
        })
        .onFailure(e -> {
          LOG.error("gantry failed to start: {}", e.getMessage());
          vertx.close();
          System.exit(1);
        });
    return 0;
  }

  private GatewayConfig load(Map<String, String> env) {
    if (config != null) {
      return ConfigLoader.load(config, env);
    }
    String fromEnv = env.get("GANTRY_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return ConfigLoader.load(Path.of(fromEnv), env);
    }
    return ConfigLoader.defaults();
  }
}
