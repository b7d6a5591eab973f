package dev.gantry.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.gateway.testing.GantryHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's static files, served by a real gateway without a key: the security headers, the
 * content types modules need, the redirect, 404s; and its assets: nothing external, every hook of
 * the DOM contract ({@code gateway/console.md}) present.
 */
class ConsoleRoutesTest {

  private static final Path ASSETS = Path.of("src/main/resources/console");
  private static final Path CONTRACT = Path.of("console.md");
  /** Element names the contract quotes beside its hooks (attributes, data-*, are skipped). */
  private static final Set<String> TAGS = Set.of("tr", "li", "ol", "input", "button");
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

  private static GantryHarness gantry;

  @BeforeAll
  static void start() throws Exception {
    gantry = GantryHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    gantry.close();
  }

  private static HttpResponse<String> fetch(String path) throws Exception {
    return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(gantry.url(path)))
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void index_servedWithoutKey_withStrictHeaders() throws Exception {
    HttpResponse<String> index = fetch("/console/");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(t ->
        assertThat(t).startsWith("text/html"));
    String csp = index.headers().firstValue("content-security-policy").orElse("");
    assertThat(csp).contains("default-src 'self'").contains("script-src 'self'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(index.headers().firstValue("referrer-policy")).hasValue("no-referrer");
    assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");
    assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
    assertThat(fetch("/console/index.html").body()).isEqualTo(index.body());
  }

  @Test
  void assets_revalidatedWithLastModified() throws Exception {
    HttpResponse<String> first = fetch("/console/app.js");
    String lastModified = first.headers().firstValue("last-modified").orElseThrow();

    HttpResponse<String> again = NO_REDIRECTS.send(HttpRequest.newBuilder(
            URI.create(gantry.url("/console/app.js"))).timeout(Duration.ofSeconds(20))
        .header("if-modified-since", lastModified).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(first.headers().firstValue("cache-control")).hasValue("no-cache");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.headers().firstValue("cache-control")).hasValue("no-cache");
  }

  @Test
  void modules_servedAsJavaScript() throws Exception {
    for (String module : List.of("/console/app.js", "/console/api.js",
        "/console/pages/model-editor.js")) {
      HttpResponse<String> js = fetch(module);

      assertThat(js.statusCode()).as(module).isEqualTo(200);
      assertThat(js.headers().firstValue("content-type")).as(module).hasValueSatisfying(t ->
          assertThat(t).startsWith("text/javascript"));
      assertThat(js.headers().firstValue("x-content-type-options")).hasValue("nosniff");
      assertThat(js.headers().firstValue("content-security-policy")).isPresent();
    }
    assertThat(fetch("/console/console.css").headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
  }

  @Test
  void bareConsole_redirectsToItsDirectory() throws Exception {
    HttpResponse<String> bare = fetch("/console");

    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("location")).hasValue("/console/");
  }

  @Test
  void unknownAsset_is404() throws Exception {
    assertThat(fetch("/console/nope.js").statusCode()).isEqualTo(404);
    assertThat(fetch("/console/pages/nope.js").statusCode()).isEqualTo(404);
    assertThat(fetch("/console/../logback.xml").statusCode()).isIn(400, 404);
  }

  @Test
  void assets_referenceNothingExternal() throws IOException {
    Map<Path, String> assets = assets();

    assertThat(assets).isNotEmpty();
    assets.forEach((path, text) -> assertThat(text).as(path.toString())
        .doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
        .doesNotContain("//cdn").doesNotContainPattern("(?i)<script(?![^>]*\\bsrc=)[^>]*>"));
  }

  @Test
  void everyContractHook_isInSomeAsset() throws IOException {
    Set<String> hooks = contractHooks();
    String all = String.join("\n", assets().values());
    List<String> missing = new ArrayList<>();

    for (String hook : hooks) {
      if (!all.contains("data-testid=\"" + hook + "\"") && !all.contains("testid: '" + hook
          + "'")) {
        missing.add(hook);
      }
    }

    assertThat(hooks).contains("admin-key", "nav-audit", "deployment-weight", "confirm",
        "overview-chart", "usage-table").hasSizeGreaterThanOrEqualTo(40);
    assertThat(missing).as("hooks of console.md found in no asset").isEmpty();
  }

  /** The {@code data-testid}s the contract's "Stable hooks" list names. */
  private static Set<String> contractHooks() throws IOException {
    String contract = Files.readString(CONTRACT, StandardCharsets.UTF_8);
    int start = contract.indexOf("Stable hooks");
    assertThat(start).as("console.md lists its stable hooks").isNotNegative();
    int end = contract.indexOf("\n#", start);
    String section = contract.substring(start, end < 0 ? contract.length() : end);
    Set<String> hooks = new LinkedHashSet<>();
    Matcher m = Pattern.compile("`([a-z]+(?:-[a-z]+)*)`").matcher(section);
    while (m.find()) {
      if (!TAGS.contains(m.group(1)) && !m.group(1).startsWith("data-")) {
        hooks.add(m.group(1));
      }
    }
    return hooks;
  }

  private static Map<Path, String> assets() throws IOException {
    Map<Path, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(ASSETS)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        out.put(p, Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
