/**
 * Usage and budgets: {@link dev.gantry.gateway.usage.UsageRecorder} adds up each answer's tokens
 * and cost and writes them to the state store in batches; {@link
 * dev.gantry.gateway.usage.EnforceBudget} refuses or marks requests of keys and teams whose spend
 * has reached their budget.
 */
package dev.gantry.gateway.usage;
