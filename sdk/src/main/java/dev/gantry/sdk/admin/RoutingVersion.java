package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.gantry.sdk.internal.Json;
import java.time.Instant;

/**
 * One saved version of the routing ({@code GET /admin/v1/routing/history}).
 *
 * @param version its number: 1, 2, ... (0 is the configuration file's routing)
 * @param author the admin key's name that saved it
 * @param createdAt when
 * @param summary what changed, in words ({@code models.chat.deployments[0].weight: 1 -> 3})
 * @param rollbackOf the version it restored, or null
 */
public record RoutingVersion(long version, String author,
    @JsonDeserialize(using = Json.EpochMillis.class) Instant createdAt, String summary,
    Long rollbackOf) {}
