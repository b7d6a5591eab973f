package dev.gantry.store;

import java.math.BigDecimal;

/**
 * Usage summed over one group of a {@link UsageStore#query}.
 *
 * @param group the group's value: a key id, team, alias, deployment or ISO day ({@code ""} for
 *     usage without a key or team)
 */
public record UsageTotal(String group, long requests, long inputTokens, long outputTokens,
    long cachedTokens, BigDecimal costUsd) {
}
