package dev.gantry.adapters.bedrock.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The signer against the vectors and the independent {@link SigV4Verifier}.
 *
 * <p>AWS's signer always adds and signs {@code x-amz-content-sha256}, which neither the 2015 suite
 * nor botocore (which produced the Bedrock-derived vectors) send, so their {@code .authz} cannot be
 * equal byte for byte. Each vector instead checks that the signed request is the vector's plus
 * that one header: the signed-header list is the vector's with {@code x-amz-content-sha256}
 * inserted; the header's value is the vector's payload hash; the verifier (an implementation of the
 * spec without the AWS SDK) accepts the signature, which proves the canonical request AWS's signer
 * hashed is the verifier's; and that canonical request minus the one header line is the vector's
 * {@code .creq}, byte for byte.
 */
@ExtendWith(VertxExtension.class)
class BedrockSignerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse(SigV4Vector.TIME), ZoneOffset.UTC);
  private static final String NOVA = "/model/us.amazon.nova-micro-v1%3A0/converse";
  private static final SigV4Verifier VERIFIER = SigV4Verifier
      .forKeys(SigV4Vector.ACCESS_KEY_ID, SigV4Vector.SECRET, SigV4Vector.REGION);
  private static final BedrockAuth KEYS = new BedrockAuth.SigV4(
      AwsCredentialsIdentity.create(SigV4Vector.ACCESS_KEY_ID, SigV4Vector.SECRET));

  /** Suite cases a Bedrock request cannot be, and why. */
  private static final Map<String, String> NOT_APPLICABLE = Map.of(
      "get-space", "a space is not legal in a URL; sent as %20, SigV4 signs it as %2520",
      "get-header-key-duplicate", "repeats a header; ProviderHttpRequest holds one value a name",
      "get-header-value-order", "repeats a header; ProviderHttpRequest holds one value a name",
      "get-header-value-multiline", "obsolete line folding cannot be sent over HTTP/1.1",
      "post-sts-header-after", "Bedrock needs the token signed: the signer adds it first");

  static Stream<SigV4Vector> derived() {
    return SigV4Vector.load("bedrock-derived");
  }

  static Stream<SigV4Vector> applicableSuite() {
    return SigV4Vector.load("aws-test-suite").filter(v -> !NOT_APPLICABLE.containsKey(v.name()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derived")
  void sign_bedrockDerivedVector_isTheVectorPlusTheContentHash(SigV4Vector vector) {
    assertSignedAsVector(new BedrockSigner(BedrockCredentials.fixed(KEYS), "us-east-1", CLOCK),
        vector, VERIFIER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applicableSuite")
  void sign_awsSuiteVector_isTheVectorPlusTheContentHash(SigV4Vector vector) {
    assertSignedAsVector(new BedrockSigner(BedrockCredentials.fixed(KEYS), "us-east-1", "service",
        CLOCK), vector, VERIFIER.withService("service"));
  }

  @Test
  void sign_modelIdWithColon_keepsTheWirePathAndSignsItEncodedTwice() {
    ProviderHttpRequest signed = signer(KEYS).sign(converse(NOVA), KEYS);

    SigV4Verifier.Result result = VERIFIER.verify(signed);
    assertThat(signed.url()).isEqualTo("https://bedrock-runtime.us-east-1.amazonaws.com" + NOVA);
    assertThat(result.canonicalRequest()).startsWith(
        "POST\n/model/us.amazon.nova-micro-v1%253A0/converse\n\n");
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void sign_temporaryCredentials_signsTheSessionToken() {
    BedrockAuth session = new BedrockAuth.SigV4(AwsSessionCredentialsIdentity.create(
        SigV4Vector.ACCESS_KEY_ID, SigV4Vector.SECRET, "session-token"));

    ProviderHttpRequest signed = signer(session).sign(converse(NOVA), session);

    assertThat(signed.headers()).containsEntry("x-amz-security-token", "session-token");
    assertThat(signed.headers().get("authorization")).contains(
        "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
    assertThat(VERIFIER.withSessionToken("session-token").verify(signed).problems()).isEmpty();
  }

  @Test
  void sign_userAgentAndHopByHopHeaders_areSentUnsigned() {
    ProviderHttpRequest request = converse(NOVA).withHeader("User-Agent", "gantry/1")
        .withHeader("connection", "keep-alive").withHeader("x-amzn-trace-id", "Root=1-abc")
        .withHeader("accept", "application/json");

    ProviderHttpRequest signed = signer(KEYS).sign(request, KEYS);

    assertThat(signed.headers()).containsEntry("User-Agent", "gantry/1")
        .containsEntry("connection", "keep-alive").containsEntry("x-amzn-trace-id", "Root=1-abc");
    assertThat(signed.headers().get("authorization")).contains(
        "SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date,");
    assertThat(VERIFIER.verify(signed).problems()).isEmpty();
  }

  @Test
  void sign_alreadySignedRequest_replacesEverySigningHeader() {
    BedrockAuth session = new BedrockAuth.SigV4(AwsSessionCredentialsIdentity.create(
        "AKIDOLD", "old-secret", "old-token"));
    ProviderHttpRequest first = signer(session).sign(converse(NOVA), session);
    Clock later = Clock.offset(CLOCK, Duration.ofMinutes(7));

    ProviderHttpRequest again = new BedrockSigner(BedrockCredentials.fixed(KEYS), "us-east-1",
        later).sign(first, KEYS);

    assertThat(again.headers().keySet()).containsExactly("content-type", "x-amz-date",
        "x-amz-content-sha256", "authorization");
    assertThat(again.headers()).containsEntry("x-amz-date", "20150830T124300Z");
    assertThat(VERIFIER.verify(again).problems()).isEmpty();
  }

  @Test
  void sign_apiKey_addsOnlyTheBearerAuthorization() {
    BedrockAuth bearer = new BedrockAuth.Bearer("bedrock-api-key-abc");
    ProviderHttpRequest request = converse(NOVA).withHeader("X-Amz-Date", "20150830T123600Z");

    ProviderHttpRequest signed = signer(bearer).sign(request, bearer);

    assertThat(signed.headers()).containsExactly(Map.entry("content-type", "application/json"),
        Map.entry("authorization", "Bearer bedrock-api-key-abc"));
    assertThat(signed.url()).isEqualTo(request.url());
    assertThat(signed.body()).isSameAs(request.body());
  }

  @Test
  void sign_queryWithPlus_returnsTheUrlItSigned() {
    ProviderHttpRequest request = new ProviderHttpRequest(HttpMethod.GET,
        "https://bedrock.us-east-1.amazonaws.com/custom-models?nameContains=a+b&maxResults=10",
        Map.of(), Buffer.buffer());

    ProviderHttpRequest signed = signer(KEYS).sign(request, KEYS);

    assertThat(signed.url()).isEqualTo(
        "https://bedrock.us-east-1.amazonaws.com/custom-models?nameContains=a%20b&maxResults=10");
    SigV4Verifier.Result result = VERIFIER.verify(signed);
    assertThat(result.canonicalRequest()).contains("\nmaxResults=10&nameContains=a%20b\n");
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void sign_bodyChangedAfterSigning_failsVerification() {
    ProviderHttpRequest signed = signer(KEYS).sign(converse(NOVA), KEYS);
    ProviderHttpRequest tampered = new ProviderHttpRequest(signed.method(), signed.url(),
        signed.headers(), Buffer.buffer("{\"messages\":[]}"));

    List<String> problems = VERIFIER.verify(tampered).problems();

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("x-amz-content-sha256 is ");
    assertThat(problems.get(1)).startsWith("signature mismatch");
  }

  @Test
  void sign_urlThatIsNotAUri_failsInternal(VertxTestContext ctx) {
    ProviderHttpRequest request = converse("/model/a b/converse");

    signer(KEYS).sign(request).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(GatewayException.class)
          .hasMessage("The gateway could not sign its request to Bedrock.");
      assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.INTERNAL);
      ctx.completeNow();
    })));
  }

  @Test
  void sign_noCredentials_failsWithTheCredentialsError(Vertx vertx, VertxTestContext ctx) {
    BedrockCredentials none = BedrockCredentials.fromProvider(vertx, () -> {
      throw SdkClientException.create("Unable to load credentials from any provider");
    }, CLOCK);

    new BedrockSigner(none, "us-east-1", CLOCK).sign(converse(NOVA))
        .eventually(none::close)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e).hasMessage(
              "no AWS credentials found (checked: the configured credentials provider).");
          ctx.completeNow();
        })));
  }

  @Test
  void sign_sentByTheTransport_passesAFakeServersVerification(Vertx vertx, VertxTestContext ctx) {
    BedrockAuth session = new BedrockAuth.SigV4(AwsSessionCredentialsIdentity.create(
        SigV4Vector.ACCESS_KEY_ID, SigV4Vector.SECRET, "session-token"));
    SigV4Verifier verifier = VERIFIER.withSessionToken("session-token");
    List<String> received = new ArrayList<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      received.add(req.uri());
      SigV4Verifier.Result result = verifier.verify(req, b);
      req.response().setStatusCode(result.valid() ? 200 : 403)
          .end(String.join("\n", result.problems()));
    }));
    server.listen(0, "127.0.0.1").compose(s -> {
      String base = "http://127.0.0.1:" + s.actualPort();
      HttpTransport transport = new HttpTransport(vertx, base, 2, Duration.ofSeconds(10));
      BedrockSigner signer = new BedrockSigner(BedrockCredentials.fixed(session), "us-east-1",
          Clock.systemUTC());
      ProviderHttpRequest request = ProviderHttpRequest.postJson(base + NOVA,
          Map.of("user-agent", "gantry"), Buffer.buffer("{\"messages\":[]}"));
      return signer.sign(request)
          .compose(signed -> Future.all(transport.send(signed, Duration.ofSeconds(10)),
              transport.send(new ProviderHttpRequest(signed.method(), signed.url(),
                  signed.headers(), Buffer.buffer("{\"messages\":[1]}")), Duration.ofSeconds(10))))
          .eventually(transport::close);
    }).eventually(server::close).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(received).containsOnly(NOVA);
      assertThat(all.<UpstreamResponse>resultAt(0).status())
          .as(all.<UpstreamResponse>resultAt(0).body().toString())
          .isEqualTo(200);
      assertThat(all.<UpstreamResponse>resultAt(1).status())
          .isEqualTo(403);
      ctx.completeNow();
    })));
  }

  private static void assertSignedAsVector(BedrockSigner signer, SigV4Vector vector,
      SigV4Verifier verifier) {
    String token = tokenOf(vector.canonicalRequest());
    BedrockAuth auth = token == null ? KEYS : new BedrockAuth.SigV4(
        AwsSessionCredentialsIdentity.create(SigV4Vector.ACCESS_KEY_ID, SigV4Vector.SECRET, token));
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : vector.headers()) {
      if (!Set.of("host", "x-amz-date", "x-amz-security-token").contains(h.getKey().toLowerCase())) {
        headers.put(h.getKey(), h.getValue());
      }
    }
    ProviderHttpRequest request = new ProviderHttpRequest(HttpMethod.valueOf(vector.method()),
        "https://" + vector.header("host") + vector.target(), headers, Buffer.buffer(vector.body()));
    String[] creq = vector.canonicalRequest().split("\n", -1);
    String payloadHash = creq[creq.length - 1];
    List<String> signedNames = new ArrayList<>(Arrays.asList(creq[creq.length - 2].split(";")));
    signedNames.add("x-amz-content-sha256");
    signedNames.sort(null);

    ProviderHttpRequest signed = signer.sign(request, auth);

    assertThat(signed.headers()).containsEntry("x-amz-date", "20150830T123600Z")
        .containsEntry("x-amz-content-sha256", payloadHash);
    assertThat(signed.headers().get("x-amz-security-token")).isEqualTo(token);
    assertThat(signed.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential="
        + vector.authorization().split("Credential=")[1].split(",")[0] + ", SignedHeaders="
        + String.join(";", signedNames) + ", Signature=");
    SigV4Verifier.Result result = verifier.verify(signed);
    assertThat(result.problems()).isEmpty();
    assertThat(result.expectedAuthorization()).isEqualTo(signed.headers().get("authorization"));
    assertThat(withoutContentHash(result.canonicalRequest())).isEqualTo(vector.canonicalRequest());
  }

  private static String withoutContentHash(String canonicalRequest) {
    String[] lines = canonicalRequest.split("\n", -1);
    lines[lines.length - 2] = lines[lines.length - 2].replace(";x-amz-content-sha256", "");
    return Arrays.stream(lines).filter(l -> !l.startsWith("x-amz-content-sha256:"))
        .collect(Collectors.joining("\n"));
  }

  private static String tokenOf(String canonicalRequest) {
    return Arrays.stream(canonicalRequest.split("\n"))
        .filter(l -> l.startsWith("x-amz-security-token:"))
        .map(l -> l.substring("x-amz-security-token:".length())).findFirst().orElse(null);
  }

  private static BedrockSigner signer(BedrockAuth auth) {
    return new BedrockSigner(BedrockCredentials.fixed(auth), "us-east-1", CLOCK);
  }

  private static ProviderHttpRequest converse(String path) {
    return ProviderHttpRequest.postJson("https://bedrock-runtime.us-east-1.amazonaws.com" + path,
        Map.of(), Buffer.buffer("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"));
  }
}
