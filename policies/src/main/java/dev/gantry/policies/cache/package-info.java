/**
 * Response caching: {@link dev.gantry.policies.cache.ResponseCache} keeps serialized answers under a
 * {@link dev.gantry.policies.cache.CacheKey} (namespace, alias, request hash), each with its own
 * TTL. Two stores: {@link dev.gantry.policies.cache.MemoryResponseCache} in this process, bounded by
 * bytes, and {@link dev.gantry.policies.cache.RedisResponseCache}, shared by every gateway.
 */
package dev.gantry.policies.cache;
