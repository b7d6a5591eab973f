/**
 * Gantry's admin API ({@code /admin/v1/...}, admin keys only), from
 * {@code client.admin()}: the live routing (aliases and providers with ETags, dry runs, versions,
 * history and rollback), deployments' health, virtual keys and teams, usage, limits, the audit
 * log and the response cache.
 */
package dev.gantry.sdk.admin;
