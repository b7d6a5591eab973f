/**
 * Client authentication: API keys from the configuration (plain or SHA-256 hashed), presented as
 * {@code Authorization: Bearer}, {@code api-key} or {@code x-api-key}.
 */
package dev.gantry.policies.auth;
