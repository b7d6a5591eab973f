package dev.gantry.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, an immutable snapshot.
 *
 * @param stateStore where virtual keys, teams and usage live, or null for none
 * @param cache the response cache ({@link CacheSettings#OFF} when not configured)
 * @param fineTuning the fine-tuning broker's settings (defaults when not configured)
 */
public record GatewayConfig(ServerSettings server, Map<String, ProviderSettings> providers,
    List<ModelAlias> models, List<ApiKey> keys, List<Team> teams, LimitStoreSettings limitStore,
    StateStoreSettings stateStore, CacheSettings cache, FineTuningSettings fineTuning) {

  public GatewayConfig {
    providers = Map.copyOf(providers);
    models = List.copyOf(models);
    keys = List.copyOf(keys);
    teams = teams == null ? List.of() : List.copyOf(teams);
    limitStore = limitStore == null ? LimitStoreSettings.MEMORY : limitStore;
    cache = cache == null ? CacheSettings.OFF : cache;
    fineTuning = fineTuning == null ? FineTuningSettings.DEFAULTS : fineTuning;
  }

  /** A configuration with the default fine-tuning settings. */
  public GatewayConfig(ServerSettings server, Map<String, ProviderSettings> providers,
      List<ModelAlias> models, List<ApiKey> keys, List<Team> teams, LimitStoreSettings limitStore,
      StateStoreSettings stateStore, CacheSettings cache) {
    this(server, providers, models, keys, teams, limitStore, stateStore, cache, null);
  }

  /** A configuration without a response cache. */
  public GatewayConfig(ServerSettings server, Map<String, ProviderSettings> providers,
      List<ModelAlias> models, List<ApiKey> keys, List<Team> teams, LimitStoreSettings limitStore,
      StateStoreSettings stateStore) {
    this(server, providers, models, keys, teams, limitStore, stateStore, null);
  }

  /**
   * A configuration without a state store (keys from the configuration only). A loaded YAML
   * configuration always has one: the embedded file unless {@code state_store} says otherwise.
   */
  public GatewayConfig(ServerSettings server, Map<String, ProviderSettings> providers,
      List<ModelAlias> models, List<ApiKey> keys, List<Team> teams,
      LimitStoreSettings limitStore) {
    this(server, providers, models, keys, teams, limitStore, null);
  }

  /** A configuration with in-process limits. */
  public GatewayConfig(ServerSettings server, Map<String, ProviderSettings> providers,
      List<ModelAlias> models, List<ApiKey> keys, List<Team> teams) {
    this(server, providers, models, keys, teams, null, null);
  }

  /** A configuration without teams, with in-process limits. */
  public GatewayConfig(ServerSettings server, Map<String, ProviderSettings> providers,
      List<ModelAlias> models, List<ApiKey> keys) {
    this(server, providers, models, keys, List.of(), null, null);
  }

  public Optional<Team> team(String name) {
    return teams.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<ModelAlias> model(String name) {
    for (ModelAlias m : models) {
      if (m.name().equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  public GatewayConfig withServer(ServerSettings value) {
    return new GatewayConfig(value, providers, models, keys, teams, limitStore, stateStore, cache,
        fineTuning);
  }

  /** This configuration with {@code alias} added, or replacing the alias of its name. */
  public GatewayConfig withModel(ModelAlias alias) {
    List<ModelAlias> next = new java.util.ArrayList<>(models);
    next.removeIf(m -> m.name().equals(alias.name()));
    next.add(alias);
    return new GatewayConfig(server, providers, next, keys, teams, limitStore, stateStore, cache,
        fineTuning);
  }
}
