/**
 * How Gantry authenticates to Google Vertex AI (OAuth 2.0 access tokens).
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.vertex.auth.VertexCredentials}: where the token comes from (a
 *       static token, a service-account JSON key, Application Default Credentials), minted by
 *       google-auth on the {@code gantry-gcp} worker pool, cached and refreshed ahead of expiry; a
 *       non-blocking {@link io.vertx.core.Future} to the current bearer token, and
 *       {@code authorize} to add it to a translated
 *       {@link dev.gantry.adapters.http.ProviderHttpRequest}.
 * </ul>
 *
 * <p>Nothing here prints key or token material: errors name where credentials were looked for,
 * never what was found.
 */
package dev.gantry.adapters.vertex.auth;
