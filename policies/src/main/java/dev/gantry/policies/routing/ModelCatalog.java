package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aliases of one configuration snapshot with their deployments resolved to adapters, in
 * configuration order.
 */
public final class ModelCatalog {

  private final Map<String, List<Route>> routes = new LinkedHashMap<>();
  private final Map<String, ModelAlias> aliases = new LinkedHashMap<>();

  /**
   * @param adapters one adapter per provider name of {@code config}
   */
  public ModelCatalog(GatewayConfig config, Map<String, ProviderAdapter> adapters) {
    Duration defaultTimeout = config.server().requestTimeout();
    for (ModelAlias alias : config.models()) {
      List<Route> list = new ArrayList<>();
      for (Deployment d : alias.deployments()) {
        ProviderSettings provider = config.providers().get(d.provider());
        ProviderAdapter adapter = adapters.get(d.provider());
        if (provider == null || adapter == null) {
          throw new IllegalArgumentException("no provider '" + d.provider() + "' for alias "
              + alias.name());
        }
        Duration timeout = d.timeout() != null ? d.timeout()
            : provider.timeout() != null ? provider.timeout() : defaultTimeout;
        list.add(new Route(alias, d, provider, adapter, timeout));
      }
      routes.put(alias.name(), List.copyOf(list));
      aliases.put(alias.name(), alias);
    }
  }

  public Optional<ModelAlias> alias(String name) {
    return Optional.ofNullable(aliases.get(name));
  }

  public List<ModelAlias> aliases() {
    return List.copyOf(aliases.values());
  }

  /** The routes of an alias in configuration order (empty for an unknown alias). */
  public List<Route> routes(String alias) {
    return routes.getOrDefault(alias, List.of());
  }
}
