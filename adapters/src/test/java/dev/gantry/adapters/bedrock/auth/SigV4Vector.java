package dev.gantry.adapters.bedrock.auth;

import io.vertx.core.MultiMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One case in the AWS SigV4 test-suite format, from {@code bedrock/sigv4/<folder>/}: the request
 * before ({@code .req}) and after ({@code .sreq}) signing, and the expected canonical request
 * ({@code .creq}), string to sign ({@code .sts}) and Authorization value ({@code .authz}).
 *
 * @param headers the {@code .req} headers in order; a folded line continues a value after a
 *     {@code \n}
 * @param signedHeaders the {@code .sreq} headers, Authorization included
 */
record SigV4Vector(String name, String method, String rawPath, String rawQuery,
    List<Map.Entry<String, String>> headers, MultiMap signedHeaders, byte[] body,
    String canonicalRequest, String stringToSign, String authorization) {

  static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String REGION = "us-east-1";
  static final String TIME = "2015-08-30T12:36:00Z";

  /** Every case under {@code bedrock/sigv4/<folder>/}, sorted by name. */
  static Stream<SigV4Vector> load(String folder) {
    try (Stream<Path> files = Files.walk(root().resolve(folder))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".req")).map(SigV4Vector::read)
          .sorted((a, b) -> a.name.compareTo(b.name)).collect(Collectors.toList()).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first value of a {@code .req} header, or null. */
  String header(String headerName) {
    return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(headerName))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /** The request target as on the request line. */
  String target() {
    return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
  }

  @Override
  public String toString() {
    return name;
  }

  private static SigV4Vector read(Path req) {
    String file = req.getFileName().toString();
    String name = file.substring(0, file.length() - ".req".length());
    Request unsigned = Request.parse(text(req));
    Request signed = Request.parse(text(req.resolveSibling(name + ".sreq")));
    MultiMap signedHeaders = MultiMap.caseInsensitiveMultiMap();
    signed.headers.forEach(h -> signedHeaders.add(h.getKey(), h.getValue()));
    int q = unsigned.target.indexOf('?');
    return new SigV4Vector(name, unsigned.method,
        q < 0 ? unsigned.target : unsigned.target.substring(0, q),
        q < 0 ? null : unsigned.target.substring(q + 1), unsigned.headers, signedHeaders,
        unsigned.body.getBytes(StandardCharsets.UTF_8),
        text(req.resolveSibling(name + ".creq")), text(req.resolveSibling(name + ".sts")),
        text(req.resolveSibling(name + ".authz")));
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    try {
      return Path.of(SigV4Vector.class.getResource("/bedrock/sigv4/").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A raw HTTP/1.1 request as the suite writes it (LF line ends, body after a blank line). */
  private static final class Request {
    final String method;
    final String target;
    final List<Map.Entry<String, String>> headers;
    final String body;

    private Request(String method, String target, List<Map.Entry<String, String>> headers,
        String body) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
    }

    static Request parse(String text) {
      int blank = text.indexOf("\n\n");
      String head = blank < 0 ? text : text.substring(0, blank);
      String body = blank < 0 ? "" : text.substring(blank + 2);
      String[] lines = head.split("\n");
      String first = lines[0];
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        if (line.startsWith(" ") || line.startsWith("\t")) {
          Map.Entry<String, String> previous = headers.remove(headers.size() - 1);
          headers.add(Map.entry(previous.getKey(), previous.getValue() + "\n" + line));
        } else {
          int colon = line.indexOf(':');
          headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1)));
        }
      }
      return new Request(first.substring(0, first.indexOf(' ')),
          first.substring(first.indexOf(' ') + 1, first.lastIndexOf(' ')), headers, body);
    }
  }
}
