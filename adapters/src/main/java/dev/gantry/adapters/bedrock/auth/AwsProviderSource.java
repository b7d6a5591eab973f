package dev.gantry.adapters.bedrock.auth;

import dev.gantry.adapters.auth.Refreshing;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Credentials from an AWS provider (profile files, the default chain), whose
 * {@code resolveCredentials()} may read files or call a metadata endpoint; cached and refreshed by
 * {@link Refreshing}, which runs this only on its worker pool.
 */
final class AwsProviderSource implements Refreshing.Source<BedrockAuth> {

  private final Supplier<? extends AwsCredentialsProvider> factory;
  /** Created by the first fetch (creating some providers reads files). */
  private volatile AwsCredentialsProvider provider;

  AwsProviderSource(Supplier<? extends AwsCredentialsProvider> factory) {
    this.factory = factory;
  }

  @Override
  public Refreshing.Fetched<BedrockAuth> fetch() {
    AwsCredentialsProvider p = provider;
    if (p == null) {
      p = factory.get();
      provider = p;
    }
    AwsCredentialsIdentity credentials = p.resolveCredentials();
    Instant expires = credentials.expirationTime().orElse(null);
    return new Refreshing.Fetched<>(new BedrockAuth.SigV4(credentials), expires);
  }

  @Override
  public void close() throws Exception {
    AwsCredentialsProvider created = provider;
    if (created instanceof AutoCloseable) {
      ((AutoCloseable) created).close();
    }
  }
}
