/**
 * The gateway process: {@link dev.gantry.gateway.Launcher} (command line), {@link dev.gantry.gateway.Gateway}
 * (wires configuration, adapters and the pipeline, and runs the HTTP server on every event loop),
 * and the HTTP-level plumbing shared by all surfaces (request ids, errors).
 */
package dev.gantry.gateway;
