/**
 * The client's machinery: the HTTP transport with retries, error mapping, JSON and SSE parsing.
 * Public only so the service packages can reach it; not an API, it may change at any time.
 */
package dev.gantry.sdk.internal;
