/**
 * The OpenAI HTTP surface ({@code /v1/...}): parses requests into the canonical model, runs them
 * through the pipeline and writes OpenAI-shaped responses, streams and errors.
 */
package dev.gantry.gateway.openai;
