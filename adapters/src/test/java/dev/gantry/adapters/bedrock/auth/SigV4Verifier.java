package dev.gantry.adapters.bedrock.auth;

import dev.gantry.adapters.http.ProviderHttpRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a fake Bedrock server uses to check the SigV4 signature of a request it received. It
 * recomputes the signature from the specification (providers.md §1.7, botocore's
 * {@code SigV4Auth}) without the AWS SDK, so a misused signer fails here as it would against AWS:
 * a path not encoded twice, the wrong signing name or region, a body changed after signing, an
 * unsigned session token.
 *
 * <p>It also reports what AWS would accept but Gantry must not do: signing {@code user-agent} or a
 * hop-by-hop header (rewritten on the way), and an {@code x-amz-content-sha256} that is not the
 * body's hash.
 *
 * <pre>{@code
 * SigV4Verifier verifier = SigV4Verifier.forKeys("AKIDEXAMPLE", "secret", "us-east-1");
 * server.requestHandler(req -> req.body().onSuccess(body -> {
 *   SigV4Verifier.Result result = verifier.verify(req, body);
 *   if (!result.valid()) { req.response().setStatusCode(403).end(result.problems().toString()); }
 * }));
 * }</pre>
 */
public final class SigV4Verifier {

  private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 "
      + "Credential=([^/,]+)/(\\d{8})/([^/,]+)/([^/,]+)/aws4_request, ?"
      + "SignedHeaders=([^,\\s]+), ?Signature=([0-9a-f]{64})");
  private static final Pattern AMZ_DATE = Pattern.compile("\\d{8}T\\d{6}Z");
  private static final Set<String> NEVER_SIGNED = Set.of("connection", "expect", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
      "user-agent", "x-amzn-trace-id");
  private static final HexFormat HEX = HexFormat.of();

  private final String accessKeyId;
  private final String secretAccessKey;
  private final String region;
  private final String service;
  private final String sessionToken;

  private SigV4Verifier(String accessKeyId, String secretAccessKey, String region, String service,
      String sessionToken) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.sessionToken = sessionToken;
  }

  /** Expects these keys, this region and the signing name {@code bedrock}. */
  public static SigV4Verifier forKeys(String accessKeyId, String secretAccessKey, String region) {
    return new SigV4Verifier(accessKeyId, secretAccessKey, region, "bedrock", null);
  }

  /** Expects another signing name (the AWS test suite uses {@code service}). */
  public SigV4Verifier withService(String value) {
    return new SigV4Verifier(accessKeyId, secretAccessKey, region, value, sessionToken);
  }

  /** Also requires this session token in a signed {@code x-amz-security-token}. */
  public SigV4Verifier withSessionToken(String value) {
    return new SigV4Verifier(accessKeyId, secretAccessKey, region, service,
        Objects.requireNonNull(value, "sessionToken"));
  }

  /** Checks a request a Vert.x server received (path and query as on the request line). */
  public Result verify(HttpServerRequest request, Buffer body) {
    String target = request.uri();
    int q = target.indexOf('?');
    return verify(request.method().name(), q < 0 ? target : target.substring(0, q),
        q < 0 ? null : target.substring(q + 1), request.headers(), body.getBytes());
  }

  /**
   * Checks a request before it is sent, with {@code host} as an HTTP client derives it from the URL
   * when the request has none.
   */
  public Result verify(ProviderHttpRequest request) {
    URI url = URI.create(request.url());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    request.headers().forEach(headers::add);
    if (!headers.contains("host")) {
      int port = url.getPort();
      boolean defaultPort = port == -1 || port == ("https".equals(url.getScheme()) ? 443 : 80);
      headers.add("host", url.getHost() + (defaultPort ? "" : ":" + port));
    }
    return verify(request.method().name(), url.getRawPath(), url.getRawQuery(), headers,
        request.body().getBytes());
  }

  /**
   * Checks a request as received.
   *
   * @param rawPath the path exactly as on the request line, still percent-encoded
   * @param rawQuery the query as on the request line, or null
   * @param headers every header, repeated names included
   */
  public Result verify(String method, String rawPath, String rawQuery, MultiMap headers,
      byte[] body) {
    List<String> problems = new ArrayList<>();
    List<String> authorizations = headers.getAll("authorization");
    if (authorizations.size() != 1) {
      problems.add("expected one Authorization header, got " + authorizations.size());
      return new Result(problems, "", "", "");
    }
    Matcher auth = AUTHORIZATION.matcher(authorizations.get(0).strip());
    if (!auth.matches()) {
      problems.add("Authorization is not AWS4-HMAC-SHA256 Credential=.../aws4_request,"
          + " SignedHeaders=..., Signature=<64 hex>");
      return new Result(problems, "", "", "");
    }
    String amzDate = headers.get("x-amz-date");
    if (headers.getAll("x-amz-date").size() != 1 || !AMZ_DATE.matcher(amzDate).matches()) {
      problems.add("x-amz-date must be one basic ISO-8601 UTC time, got "
          + headers.getAll("x-amz-date"));
      return new Result(problems, "", "", "");
    }
    checkScope(auth, amzDate, problems);
    String signedHeaders = auth.group(5);
    List<String> signed = Arrays.asList(signedHeaders.split(";", -1));
    checkSignedHeaders(signed, headers, problems);
    String payloadHash = HEX.formatHex(sha256(body));
    String declaredHash = headers.get("x-amz-content-sha256");
    if (declaredHash != null && !declaredHash.equals(payloadHash)) {
      problems.add("x-amz-content-sha256 is " + declaredHash + ", the body's SHA-256 is "
          + payloadHash);
    }

    String canonicalRequest = method + "\n" + canonicalUri(rawPath) + "\n"
        + canonicalQuery(rawQuery) + "\n" + canonicalHeaders(signed, headers) + "\n"
        + signedHeaders + "\n" + payloadHash;
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8),
        amzDate.substring(0, 8));
    key = hmac(hmac(hmac(key, region), service), "aws4_request");
    String signature = HEX.formatHex(hmac(key, stringToSign));
    if (!MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
        auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
      problems.add("signature mismatch: the request was not signed over this canonical request:\n"
          + canonicalRequest);
    }
    String expected = "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    return new Result(problems, canonicalRequest, stringToSign, expected);
  }

  private void checkScope(Matcher auth, String amzDate, List<String> problems) {
    if (!auth.group(1).equals(accessKeyId)) {
      problems.add("the credential names another access key id");
    }
    if (!auth.group(2).equals(amzDate.substring(0, 8))) {
      problems.add("the credential scope date " + auth.group(2) + " is not x-amz-date's");
    }
    if (!auth.group(3).equals(region)) {
      problems.add("the credential scope region is " + auth.group(3) + ", expected " + region);
    }
    if (!auth.group(4).equals(service)) {
      problems.add("the credential scope service is " + auth.group(4) + ", expected " + service);
    }
  }

  private void checkSignedHeaders(List<String> signed, MultiMap headers, List<String> problems) {
    List<String> sorted = signed.stream().sorted().distinct().collect(Collectors.toList());
    if (!signed.equals(sorted)) {
      problems.add("SignedHeaders must be sorted and distinct: " + signed);
    }
    for (String name : signed) {
      if (!name.equals(name.toLowerCase(Locale.ROOT)) || !headers.contains(name)) {
        problems.add("signed header " + name + " is not in the request (or not lower case)");
      }
      if (NEVER_SIGNED.contains(name)) {
        problems.add("signs " + name + ", which clients and proxies add or rewrite");
      }
    }
    for (String required : List.of("host", "x-amz-date")) {
      if (!signed.contains(required)) {
        problems.add(required + " is not signed");
      }
    }
    if (headers.contains("x-amz-security-token") && !signed.contains("x-amz-security-token")) {
      problems.add("x-amz-security-token is sent but not signed");
    }
    if (sessionToken != null && !sessionToken.equals(headers.get("x-amz-security-token"))) {
      problems.add("x-amz-security-token is missing or not the expected session token");
    }
  }

  /** The path with dot segments and empty segments removed, encoded again (so %3A becomes %253A). */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    String path = "/" + String.join("/", segments)
        + (rawPath.endsWith("/") && !segments.isEmpty() ? "/" : "");
    return encode(path.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Each name and value decoded, encoded with the RFC 3986 unreserved set, then sorted. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {encode(decode(name), false), encode(decode(value), false)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
  }

  /** {@code name:value\n} per signed header: values trimmed, inner whitespace runs collapsed. */
  private static String canonicalHeaders(List<String> signed, MultiMap headers) {
    StringBuilder out = new StringBuilder();
    for (String name : signed) {
      out.append(name).append(':').append(headers.getAll(name).stream()
          .map(v -> String.join(" ", v.strip().split("\\s+")))
          .collect(Collectors.joining(","))).append('\n');
    }
    return out.toString();
  }

  private static byte[] decode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
  }

  private static String encode(byte[] bytes, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved || (keepSlash && c == '/')) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The verdict, with what was recomputed (empty when the request could not be read that far).
   *
   * @param problems why the request would be rejected or must not be sent; empty when valid
   * @param expectedAuthorization the Authorization value these keys give for this request
   */
  public record Result(List<String> problems, String canonicalRequest, String stringToSign,
      String expectedAuthorization) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return problems.isEmpty();
    }
  }
}
