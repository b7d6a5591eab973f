/**
 * How Gantry authenticates to Amazon Bedrock (providers.md §1.1, §1.7), and to SageMaker Runtime,
 * which is signed the same way under its own signing name ({@code sagemaker}).
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.bedrock.auth.BedrockCredentials}: where the credentials come
 *       from (an API key, static keys, a named profile, AWS's default chain), resolved on the
 *       {@code gantry-aws} worker pool, cached and refreshed ahead of their expiry; a non-blocking
 *       {@link io.vertx.core.Future} to the current {@link dev.gantry.adapters.bedrock.auth.BedrockAuth}.
 *   <li>{@link dev.gantry.adapters.bedrock.auth.BedrockSigner}: adds the {@code Authorization}
 *       (bearer, or SigV4 with AWS's own {@code AwsV4HttpSigner} and signing name {@code bedrock})
 *       to a translated {@link dev.gantry.adapters.http.ProviderHttpRequest}, over its exact body
 *       bytes and its once-encoded path, which SigV4 encodes again in the canonical request.
 * </ul>
 *
 * <p>Nothing here prints key material: errors name where credentials were looked for, never what
 * was found.
 */
package dev.gantry.adapters.bedrock.auth;
