package dev.gantry.policies.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.TokenizerSpec;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hub tokenizers against a fake Hub that answers as huggingface.co does: {@code /resolve/} of a
 * large (LFS) file redirects to a CDN on another host, small files come directly, every answer
 * names the commit in {@code X-Repo-Commit}, a gated model wants a token, a missing one is 404
 * with {@code X-Error-Message}.
 */
class HubTokenizersTest {

  static final String COMMIT = "c1899de289a04d12100db370d81485cdf75e47ca";
  static final String TOKEN = "hf_secretToken123";
  static final Path QWEN3 = Qwen3Files.dir();

  HttpServer hub;
  HttpServer cdn;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> cdnAuthorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cdn.createContext("/", ex -> {
      requests.add("cdn " + ex.getRequestURI().getPath());
      cdnAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      send(ex, 200, Files.readAllBytes(QWEN3.resolve("tokenizer.json")), Map.of());
    });
    cdn.start();
    hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext("/", this::hub);
    hub.start();
  }

  @AfterEach
  void stop() {
    hub.stop(0);
    cdn.stop(0);
  }

  private void hub(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    requests.add("hub " + path);
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (path.startsWith("/meta-llama/") && !("Bearer " + TOKEN).equals(auth)) {
      send(ex, 401, new byte[0], Map.of("X-Error-Code", "GatedRepo", "X-Error-Message",
          "Access to model meta-llama/Llama-3.2-1B is restricted. You must have access to it and"
              + " be authenticated to access it. Please log in."));
      return;
    }
    if (path.matches("/(Qwen/Qwen3-8B|meta-llama/Llama-3.2-1B)/resolve/main/tokenizer\\.json")) {
      // an LFS file: to the CDN (another host: "localhost", not "127.0.0.1")
      send(ex, 302, new byte[0], Map.of("X-Repo-Commit", COMMIT, "Location",
          "http://localhost:" + cdn.getAddress().getPort() + "/repos/ab/cd/blob?X-Amz-Signature=x"));
      return;
    }
    if (path.equals("/Qwen/Qwen3-8B/resolve/main/tokenizer_config.json")) {
      send(ex, 200, Files.readAllBytes(QWEN3.resolve("tokenizer_config.json")),
          Map.of("X-Repo-Commit", COMMIT));
      return;
    }
    send(ex, 404, new byte[0], Map.of("X-Error-Code", "EntryNotFound",
        "X-Error-Message", "Entry not found"));
  }

  private static void send(HttpExchange ex, int status, byte[] body, Map<String, String> headers)
      throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private HubTokenizers hub(Path cache, boolean offline) {
    return new HubTokenizers(URI.create("http://127.0.0.1:" + hub.getAddress().getPort()), TOKEN,
        cache, offline);
  }

  @Test
  void tokenizer_downloadsOnceIntoTheHubCacheLayout_thenReadsItOffline(@TempDir Path cache)
      throws Exception {
    Path file = hub(cache, false).tokenizer("Qwen/Qwen3-8B");

    Path snapshot = cache.resolve("models--Qwen--Qwen3-8B/snapshots/" + COMMIT);
    assertThat(file).isEqualTo(snapshot.resolve("tokenizer.json"));
    assertThat(snapshot.resolve("tokenizer_config.json")).exists();
    assertThat(Files.readString(cache.resolve("models--Qwen--Qwen3-8B/refs/main")))
        .isEqualTo(COMMIT);
    assertThat(Files.mismatch(file, QWEN3.resolve("tokenizer.json"))).isEqualTo(-1);
    assertThat(cdnAuthorizations).as("the token stays with the Hub").containsExactly("null");
    try (TokenCounter counter = TokenCounter.load(
        new TokenizerSpec(TokenizerSpec.Kind.HUB, "Qwen/Qwen3-8B"), hub(cache, false))) {
      assertThat(counter.count("Hello, world!")).isEqualTo(4);
      assertThat(counter.chatTemplate()).as("its chat template came along").isPresent();
    }

    requests.clear();
    assertThat(hub(cache, true).tokenizer("Qwen/Qwen3-8B")).isEqualTo(file);
    assertThat(hub(cache, false).tokenizer("Qwen/Qwen3-8B@" + COMMIT)).isEqualTo(file);
    assertThat(requests).as("cached revisions are not asked for again").isEmpty();
  }

  @Test
  void tokenizer_gatedModel_sendsTheTokenToTheHubOnly(@TempDir Path cache) throws Exception {
    Path file = hub(cache, false).tokenizer("meta-llama/Llama-3.2-1B");

    assertThat(file).exists();
    assertThat(cache.resolve("models--meta-llama--Llama-3.2-1B/snapshots/" + COMMIT
        + "/tokenizer_config.json")).as("a model without one").doesNotExist();
    assertThat(cdnAuthorizations).containsExactly("null");

    HubTokenizers anonymous = new HubTokenizers(
        URI.create("http://127.0.0.1:" + hub.getAddress().getPort()), null,
        cache.resolve("other"), false);
    assertThatThrownBy(() -> anonymous.tokenizer("meta-llama/Llama-3.2-1B"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("meta-llama/Llama-3.2-1B@main")
        .hasMessageContaining("Access to model meta-llama/Llama-3.2-1B is restricted")
        .hasMessageContaining("HTTP 401");
  }

  @Test
  void tokenizer_missingModel_failsNamingIt_neverTheToken(@TempDir Path cache) {
    assertThatThrownBy(() -> hub(cache, false).tokenizer("nobody/nothing@v2"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tokenizer.json of nobody/nothing@v2")
        .hasMessageContaining("Entry not found (HTTP 404)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertThat(requests).containsExactly("hub /nobody/nothing/resolve/v2/tokenizer.json");
  }

  @Test
  void tokenizer_offlineWithNothingCached_saysHowToFillTheCache(@TempDir Path cache) {
    assertThatThrownBy(() -> hub(cache, true).tokenizer("Qwen/Qwen3-8B"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HF_HUB_OFFLINE")
        .hasMessageContaining("huggingface-cli download Qwen/Qwen3-8B tokenizer.json");
    assertThat(requests).isEmpty();
  }

  @Test
  void fromEnvironment_readsTheHubsVariables() {
    HubTokenizers fromEnv = HubTokenizers.fromEnvironment(Map.of("HF_HOME", "/srv/hf",
        "HF_HUB_OFFLINE", "1"));
    assertThat(fromEnv).isNotNull();
    assertThatThrownBy(() -> fromEnv.tokenizer("Qwen/Qwen3-8B"))
        .hasMessageContaining("/srv/hf/hub").hasMessageContaining("HF_HUB_OFFLINE");
  }

  @Test
  void tokensLoad_hubUnreachable_leavesTheAliasOnTheEstimate(@TempDir Path cache)
      throws Exception {
    hub.stop(0);
    ModelAlias alias = new ModelAlias("qwen", ModelKind.CHAT,
        List.of(new Deployment("gpu", "Qwen/Qwen3-8B", 1, null, Map.of())), null,
        new TokenizerSpec(TokenizerSpec.Kind.HUB, "Qwen/Qwen3-8B"));
    Vertx vertx = Vertx.vertx();
    try {
      Tokens tokens = Tokens.load(vertx, List.of(alias), 1, hub(cache, false))
          .await(30, TimeUnit.SECONDS);

      assertThat(tokens.counter("qwen")).isSameAs(TokenCounter.ESTIMATE);
      tokens.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
