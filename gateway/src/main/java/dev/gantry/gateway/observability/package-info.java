/** Prometheus metrics (OpenTelemetry GenAI tag names) and health endpoints. */
package dev.gantry.gateway.observability;
