/**
 * Typed configuration: immutable records for the whole gateway ({@link dev.gantry.config.GatewayConfig}),
 * secret references ({@link dev.gantry.config.SecretRef}), and the YAML loader that binds and
 * validates them, reporting every error with its path.
 */
package dev.gantry.config;
