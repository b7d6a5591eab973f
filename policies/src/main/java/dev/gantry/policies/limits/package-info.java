/**
 * Rate limits as token buckets: {@link dev.gantry.policies.limits.LimitStore} reserves units on
 * several buckets at once (all or nothing) before a call and adjusts them after it, when the
 * provider's usage is known. Two stores: {@link dev.gantry.policies.limits.MemoryLimitStore} in
 * this process (the single-node default) and {@link dev.gantry.policies.limits.RedisLimitStore}
 * for buckets shared by several gateways.
 */
package dev.gantry.policies.limits;
