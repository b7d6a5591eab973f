package dev.gantry.finetune.trainer.bedrock;

import io.vertx.core.MultiMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes a received request's SigV4 signature from the specification (providers.md §1.7,
 * AWS's "Create a canonical request"), independently of the AWS SDK the trainer signs with: the
 * canonical URI is the wire path encoded again for Bedrock and used as sent for S3; the payload
 * hash is the SHA-256 of the bytes received and must equal {@code x-amz-content-sha256} when
 * present (S3 requires it).
 */
public final class SigV4Check {

  private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 "
      + "Credential=([^/,]+)/(\\d{8})/([^/,]+)/([^/,]+)/aws4_request, ?"
      + "SignedHeaders=([^,\\s]+), ?Signature=([0-9a-f]{64})");
  private static final Set<String> NEVER_SIGNED = Set.of("connection", "expect", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
      "user-agent", "x-amzn-trace-id");
  private static final HexFormat HEX = HexFormat.of();

  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final String region;

  public SigV4Check(String accessKeyId, String secretAccessKey, String sessionToken, String region) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    this.region = region;
  }

  /**
   * @param service {@code bedrock} (path encoded twice) or {@code s3} (path as sent)
   * @return what is wrong; empty when the signature is valid
   */
  List<String> problems(String service, String method, String rawPath, String rawQuery,
      MultiMap headers, byte[] body) {
    List<String> problems = new ArrayList<>();
    String authorization = headers.get("authorization");
    Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
    if (auth == null || !auth.matches()) {
      problems.add("no AWS4-HMAC-SHA256 authorization");
      return problems;
    }
    String amzDate = headers.get("x-amz-date");
    if (amzDate == null || !amzDate.matches("\\d{8}T\\d{6}Z")) {
      problems.add("x-amz-date missing or malformed");
      return problems;
    }
    if (!auth.group(1).equals(accessKeyId) || !auth.group(2).equals(amzDate.substring(0, 8))
        || !auth.group(3).equals(region) || !auth.group(4).equals(service)) {
      problems.add("credential scope " + auth.group(2) + "/" + auth.group(3) + "/"
          + auth.group(4) + " is not " + amzDate.substring(0, 8) + "/" + region + "/" + service);
    }
    List<String> signed = Arrays.asList(auth.group(5).split(";"));
    for (String required : List.of("host", "x-amz-date")) {
      if (!signed.contains(required)) {
        problems.add(required + " not signed");
      }
    }
    for (String name : signed) {
      if (NEVER_SIGNED.contains(name)) {
        problems.add("signs " + name);
      }
    }
    if (sessionToken != null && (!sessionToken.equals(headers.get("x-amz-security-token"))
        || !signed.contains("x-amz-security-token"))) {
      problems.add("session token missing or unsigned");
    }
    String payloadHash = HEX.formatHex(sha256(body));
    String declared = headers.get("x-amz-content-sha256");
    if (declared != null && !declared.equals(payloadHash)) {
      problems.add("x-amz-content-sha256 is not the body's SHA-256");
    }
    if (service.equals("s3") && (declared == null || !signed.contains("x-amz-content-sha256"))) {
      problems.add("S3 needs a signed x-amz-content-sha256");
    }
    String canonicalUri = service.equals("s3") ? rawPath
        : encode(rawPath.getBytes(StandardCharsets.UTF_8), true);
    String canonicalHeaders = signed.stream()
        .map(name -> name + ":" + String.join(",", headers.getAll(name)).strip()
            .replaceAll("\\s+", " ") + "\n")
        .collect(Collectors.joining());
    String canonical = method + "\n" + canonicalUri + "\n" + canonicalQuery(rawQuery) + "\n"
        + canonicalHeaders + "\n" + auth.group(5) + "\n" + payloadHash;
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8),
        amzDate.substring(0, 8));
    key = hmac(hmac(hmac(key, region), service), "aws4_request");
    if (!HEX.formatHex(hmac(key, toSign)).equals(auth.group(6))) {
      problems.add("signature mismatch over:\n" + canonical);
    }
    return problems;
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    return Arrays.stream(rawQuery.split("&")).map(pair -> {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      return encode(decode(name), false) + "=" + encode(decode(value), false);
    }).sorted().collect(Collectors.joining("&"));
  }

  private static byte[] decode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length) {
        out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
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

  static byte[] sha256(byte[] bytes) {
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
}
