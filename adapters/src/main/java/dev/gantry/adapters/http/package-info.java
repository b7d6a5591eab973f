/**
 * The one transport every HTTP provider shares: pooled keep-alive connections (HTTP/2 over ALPN
 * where a TLS server offers it), timeouts, cancellation, and the mapping of network failures.
 * Translators build {@link dev.gantry.adapters.http.ProviderHttpRequest} values; only this package
 * performs I/O.
 */
package dev.gantry.adapters.http;
