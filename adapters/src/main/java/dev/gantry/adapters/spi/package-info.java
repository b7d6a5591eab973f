/**
 * The adapter SPI: what a provider implements ({@link dev.gantry.adapters.spi.ProviderAdapter}),
 * what it is called with ({@link dev.gantry.adapters.spi.Invocation}), and the one error taxonomy
 * ({@link dev.gantry.adapters.spi.ErrorKind}, {@link dev.gantry.adapters.spi.GatewayException})
 * that every provider's errors and the gateway's own are mapped onto.
 */
package dev.gantry.adapters.spi;
