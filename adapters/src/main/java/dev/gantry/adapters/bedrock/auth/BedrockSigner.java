package dev.gantry.adapters.bedrock.auth;

import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Authenticates a translated Bedrock request: {@code authorization: Bearer <key>} for an API key,
 * else SigV4 (providers.md §1.7) with AWS's {@link AwsV4HttpSigner}, signing name
 * {@value #SIGNING_NAME} (not {@code bedrock-runtime}) and the provider's region. Other AWS
 * services signed the same way use it with their own signing name (SageMaker Runtime:
 * {@code sagemaker}).
 *
 * <p>SigV4 details:
 * <ul>
 *   <li>The request URL's path is already percent-encoded once, as sent
 *       ({@code /model/us.amazon.nova-micro-v1%3A0/converse}); the signer keeps it and encodes it
 *       again in the canonical request ({@code %253A}), as AWS does for every service but S3.
 *   <li>The exact body bytes are hashed: {@code x-amz-content-sha256} carries (and signs) their
 *       SHA-256. AWS's signer always adds that header; Bedrock accepts it, and it is what the AWS
 *       SDK for Java sends.
 *   <li>Added: {@code x-amz-date} (from the injected clock), {@code x-amz-content-sha256},
 *       {@code x-amz-security-token} for temporary credentials (signed), {@code authorization}.
 *       {@code host} is signed as the HTTP client will send it, derived from the URL.
 *   <li>Headers that clients and proxies add or rewrite are sent but never signed:
 *       {@code user-agent}, {@code x-amzn-trace-id} and the hop-by-hop ones (botocore's list).
 *   <li>Any {@code authorization} or {@code x-amz-*} signing header already present is replaced,
 *       so signing again (a retry with fresh credentials) is safe.
 *   <li>The URL returned is the one signed: a query string comes back in SigV4's canonical
 *       percent-encoding (a {@code +} is read as a space, as the AWS SDK does, and sent as
 *       {@code %20}), so what is sent cannot differ from what was signed.
 * </ul>
 *
 * <p>Pure apart from {@link BedrockCredentials#current()}: no I/O, and the time comes from the
 * clock.
 */
public final class BedrockSigner {

  /** SigV4 signing name of Bedrock Runtime and of the Bedrock control plane. */
  public static final String SIGNING_NAME = "bedrock";

  /** Sent unsigned: added or rewritten on the way (botocore's {@code SIGNED_HEADERS_BLACKLIST}). */
  static final Set<String> UNSIGNED_HEADERS = Set.of("connection", "expect", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
      "user-agent", "x-amzn-trace-id");
  /** Set by signing; any earlier value is dropped. */
  private static final Set<String> SIGNING_HEADERS = Set.of("authorization", "x-amz-date",
      "x-amz-content-sha256", "x-amz-security-token");

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final BedrockCredentials credentials;
  private final String region;
  private final String signingName;
  private final Clock clock;

  /**
   * @param region the provider's region, e.g. {@code us-east-1}
   * @param clock gives {@code x-amz-date}
   */
  public BedrockSigner(BedrockCredentials credentials, String region, Clock clock) {
    this(credentials, region, SIGNING_NAME, clock);
  }

  /**
   * A signer for another AWS service signed the same way (SigV4 over the once-encoded path).
   *
   * @param signingName the service's SigV4 signing name, e.g. {@code sagemaker} for SageMaker
   *     Runtime (the AWS test suite uses {@code service})
   */
  public BedrockSigner(BedrockCredentials credentials, String region, String signingName,
      Clock clock) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.region = Objects.requireNonNull(region, "region");
    this.signingName = Objects.requireNonNull(signingName, "signingName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The request with its authentication headers. Fails with the credentials' own
   * {@link GatewayException} when there are none, or {@link ErrorKind#INTERNAL} when the request
   * cannot be signed (a URL that is not a valid URI).
   */
  public Future<ProviderHttpRequest> sign(ProviderHttpRequest request) {
    return credentials.current().compose(auth -> {
      try {
        return Future.succeededFuture(sign(request, auth));
      } catch (RuntimeException e) {
        return Future.failedFuture(new GatewayException(ErrorKind.INTERNAL,
            "The gateway could not sign its request to " + service() + ".", null, -1, e));
      }
    });
  }

  ProviderHttpRequest sign(ProviderHttpRequest request, BedrockAuth auth) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((name, value) -> {
      if (!SIGNING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        headers.put(name, value);
      }
    });
    if (auth instanceof BedrockAuth.Bearer bearer) {
      headers.put("authorization", "Bearer " + bearer.apiKey());
      return new ProviderHttpRequest(request.method(), request.url(), headers, request.body());
    }
    AwsCredentialsIdentity identity = ((BedrockAuth.SigV4) auth).credentials();
    SdkHttpRequest signed = sigV4(request, headers, identity);
    headers.put("x-amz-date", header(signed, "x-amz-date"));
    headers.put("x-amz-content-sha256", header(signed, "x-amz-content-sha256"));
    signed.firstMatchingHeader("x-amz-security-token")
        .ifPresent(token -> headers.put("x-amz-security-token", token));
    headers.put("authorization", header(signed, "authorization"));
    return new ProviderHttpRequest(request.method(), signed.getUri().toString(), headers,
        request.body());
  }

  private SdkHttpRequest sigV4(ProviderHttpRequest request, Map<String, String> headers,
      AwsCredentialsIdentity identity) {
    SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.fromValue(request.method().name()))
        .uri(URI.create(request.url()));
    headers.forEach((name, value) -> {
      if (!UNSIGNED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        unsigned.appendHeader(name, value);
      }
    });
    byte[] body = request.body().getBytes();
    return signer.sign(r -> r
        .identity(identity)
        .request(unsigned.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
  }

  /** The service's name for messages. */
  private String service() {
    switch (signingName) {
      case SIGNING_NAME:
        return "Bedrock";
      case "sagemaker":
        return "SageMaker";
      default:
        return "AWS (" + signingName + ")";
    }
  }

  private static String header(SdkHttpRequest signed, String name) {
    return signed.firstMatchingHeader(name).orElseThrow(() ->
        new IllegalStateException("the AWS signer did not set " + name));
  }
}
