package dev.gantry.adapters.bedrock.auth;

import java.util.Objects;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * How one Bedrock request is authenticated: a Bedrock API key sent as a bearer token, or AWS
 * credentials for SigV4. {@link #toString()} never prints key material.
 */
public sealed interface BedrockAuth permits BedrockAuth.Bearer, BedrockAuth.SigV4 {

  /** A Bedrock API key, sent as {@code Authorization: Bearer <key>}. */
  record Bearer(String apiKey) implements BedrockAuth {
    public Bearer {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("a Bedrock API key must not be blank");
      }
    }

    @Override
    public String toString() {
      return "Bearer[***]";
    }
  }

  /**
   * AWS credentials for SigV4; temporary ones are an {@link AwsSessionCredentialsIdentity}, whose
   * session token is sent (and signed) as {@code x-amz-security-token}.
   */
  record SigV4(AwsCredentialsIdentity credentials) implements BedrockAuth {
    public SigV4 {
      Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public String toString() {
      return "SigV4[session=" + (credentials instanceof AwsSessionCredentialsIdentity)
          + ", expires=" + credentials.expirationTime().map(Object::toString).orElse("never")
          + "]";
    }
  }
}
