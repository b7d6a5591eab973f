/**
 * Provider credentials shared by the cloud adapters: {@link dev.gantry.adapters.auth.Refreshing}
 * caches a credential that must be fetched off the event loop and refreshed ahead of its expiry
 * (AWS credentials, Google access tokens).
 */
package dev.gantry.adapters.auth;
