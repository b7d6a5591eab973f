/**
 * Pipeline stages between the HTTP surface and the adapters: routing and load balancing, failover,
 * retries and circuit breakers, token counting, rate limits and budgets, response caching.
 * Filled in by later issues; today the gateway serves each alias from its first deployment.
 */
package dev.gantry.policies;
