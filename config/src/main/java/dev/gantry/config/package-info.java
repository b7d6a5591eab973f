/**
 * Typed configuration: immutable records for the whole gateway ({@link dev.gantry.config.GatewayConfig}),
 * secret references ({@link dev.gantry.config.SecretRef}), and the YAML loader that binds and
 * validates them, reporting every error with its path.
 *
 * <p>Entry point: {@link dev.gantry.config.ConfigLoader} ({@code load}, {@code parse},
 * {@code defaults}); a bad config raises one {@link dev.gantry.config.ConfigException} whose
 * {@code errors()} read {@code path: message}, e.g.
 * {@code models[1].deployments[0].provider: unknown provider 'x'}. Binding is done by hand over a
 * Jackson YAML tree (package-private {@code ConfigBinder}, {@code ProviderBinder},
 * {@code TreeReader}), so unknown fields are errors everywhere and nothing is bound by reflection.
 * Secrets stay {@link dev.gantry.config.SecretRef}s until an adapter resolves them; every record
 * prints them as {@code ***}. The schema is documented in {@code config/README.md}.
 */
package dev.gantry.config;
