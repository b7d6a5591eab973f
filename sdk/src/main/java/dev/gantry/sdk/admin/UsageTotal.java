package dev.gantry.sdk.admin;

import java.math.BigDecimal;

/**
 * Usage summed over one group.
 *
 * @param group the group's value: a key name, team, alias, deployment or day ({@code ""} for
 *     usage without a key or team)
 * @param requests answered requests
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param cachedTokens prompt tokens the provider served from its cache
 * @param costUsd spend at the deployments' prices
 */
public record UsageTotal(String group, long requests, long inputTokens, long outputTokens,
    long cachedTokens, BigDecimal costUsd) {}
