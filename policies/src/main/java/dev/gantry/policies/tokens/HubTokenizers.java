package dev.gantry.policies.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model's tokenizer files from the Hugging Face Hub ({@code tokenizer: hub:<owner>/<model>}),
 * kept in the Hub's own cache layout so that files fetched by {@code huggingface-cli download} or
 * transformers serve Gantry too, and Gantry's downloads serve them:
 * {@code <cache>/models--<owner>--<model>/snapshots/<commit>/tokenizer.json}, with
 * {@code refs/<revision>} naming the commit a branch or tag stood at. A cached revision is used
 * without asking the Hub again; a missing one is downloaded once ({@code tokenizer.json} and, when
 * the model has one, {@code tokenizer_config.json} for its chat template). Offline, only the cache
 * is read. Blocking: runs on the tokenizer workers at start.
 *
 * <p>Settings follow the Hub's environment variables: {@code HF_ENDPOINT} (default
 * {@code https://huggingface.co}), {@code HF_TOKEN} (for gated models such as Llama; sent only to
 * the endpoint's host, never to the CDN it redirects to), {@code HF_HUB_CACHE} or
 * {@code HF_HOME/hub} (default {@code ~/.cache/huggingface/hub}), {@code HF_HUB_OFFLINE=1}.
 */
public final class HubTokenizers {

  static final String TOKENIZER = "tokenizer.json";
  static final String TOKENIZER_CONFIG = "tokenizer_config.json";
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final int MAX_REDIRECTS = 5;

  private final URI endpoint;
  private final String token;
  private final Path cache;
  private final boolean offline;
  private final HttpClient http;

  /**
   * @param token the Hub token, or null
   * @param offline read the cache only
   */
  public HubTokenizers(URI endpoint, String token, Path cache, boolean offline) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.token = token == null || token.isBlank() ? null : token;
    this.cache = Objects.requireNonNull(cache, "cache");
    this.offline = offline;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The settings the Hub's environment variables give (see the class comment). */
  public static HubTokenizers fromEnvironment(Map<String, String> env) {
    String home = env.getOrDefault("HF_HOME",
        Path.of(System.getProperty("user.home"), ".cache", "huggingface").toString());
    String cache = env.getOrDefault("HF_HUB_CACHE", Path.of(home, "hub").toString());
    String offline = env.getOrDefault("HF_HUB_OFFLINE", "");
    return new HubTokenizers(URI.create(env.getOrDefault("HF_ENDPOINT", "https://huggingface.co")),
        env.get("HF_TOKEN"), Path.of(cache),
        offline.equals("1") || offline.equalsIgnoreCase("true") || offline.equalsIgnoreCase("yes"));
  }

  /**
   * The local {@code tokenizer.json} of {@code repo} ({@code owner/model[@revision]}), downloaded
   * first when the cache does not hold that revision. Its {@code tokenizer_config.json}, when the
   * model has one, sits beside it.
   *
   * @throws IOException when the Hub refuses or cannot be reached, or offline with nothing cached;
   *     the message names the repository and the cache, never the token
   */
  public Path tokenizer(String repo) throws IOException {
    int at = repo.indexOf('@');
    String id = at < 0 ? repo : repo.substring(0, at);
    String revision = at < 0 ? "main" : repo.substring(at + 1);
    Path root = cache.resolve("models--" + id.replace("/", "--"));
    Path cached = cached(root, revision);
    if (cached != null) {
      return cached;
    }
    if (offline) {
      throw new IOException("the tokenizer of " + repo + " is not in the Hub cache " + cache
          + " and HF_HUB_OFFLINE is set: download it there first (huggingface-cli download "
          + id + " " + TOKENIZER + " " + TOKENIZER_CONFIG + ")");
    }
    Path staging = Files.createDirectories(root).resolve(".gantry-" + System.nanoTime());
    Files.createDirectories(staging);
    try {
      String commit = download(id, revision, TOKENIZER, staging.resolve(TOKENIZER), true);
      download(id, revision, TOKENIZER_CONFIG, staging.resolve(TOKENIZER_CONFIG), false);
      String snapshot = commit != null ? commit : revision;
      Path target = root.resolve("snapshots").resolve(snapshot);
      Files.createDirectories(target);
      for (String name : new String[] {TOKENIZER, TOKENIZER_CONFIG}) {
        if (Files.exists(staging.resolve(name))) {
          Files.move(staging.resolve(name), target.resolve(name),
              StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      if (commit != null && !commit.equals(revision)) {
        Path ref = root.resolve("refs").resolve(revision);
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, commit);
      }
      return target.resolve(TOKENIZER);
    } finally {
      try (var left = Files.list(staging)) {
        for (Path p : (Iterable<Path>) left::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(staging);
    }
  }

  /** The cached {@code tokenizer.json} of a revision (a commit, or a ref naming one), or null. */
  private static Path cached(Path root, String revision) throws IOException {
    String snapshot = revision;
    Path ref = root.resolve("refs").resolve(revision);
    if (!COMMIT.matcher(revision).matches() && Files.isRegularFile(ref)) {
      snapshot = Files.readString(ref).trim();
    }
    Path file = root.resolve("snapshots").resolve(snapshot).resolve(TOKENIZER);
    return Files.isRegularFile(file) ? file : null;
  }

  /**
   * Downloads one file of a revision to {@code to}, following the Hub's redirects (relative ones
   * within the Hub keep the token; a redirect to another host, the CDN, drops it).
   *
   * @param required false: a missing file (404) is no error
   * @return the commit the revision resolved to ({@code X-Repo-Commit}), or null
   */
  private String download(String id, String revision, String file, Path to, boolean required)
      throws IOException {
    URI uri = endpoint.resolve("/" + id + "/resolve/"
        + URLEncoder.encode(revision, StandardCharsets.UTF_8) + "/" + file);
    String commit = null;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
          .header("User-Agent", "gantry");
      if (token != null && Objects.equals(uri.getHost(), endpoint.getHost())) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while downloading " + file + " of " + id, e);
      }
      if (commit == null) {
        commit = response.headers().firstValue("X-Repo-Commit").filter(c -> COMMIT.matcher(c)
            .matches()).orElse(null);
      }
      int status = response.statusCode();
      try (InputStream body = response.body()) {
        if (status >= 300 && status < 400) {
          String location = response.headers().firstValue("Location").orElseThrow(
              () -> new IOException("the Hub redirected " + file + " of " + id + " nowhere"));
          uri = uri.resolve(location);
          continue;
        }
        if (status == 200) {
          Files.copy(body, to, StandardCopyOption.REPLACE_EXISTING);
          return commit;
        }
        if (status == 404 && !required) {
          return commit;
        }
        String why = response.headers().firstValue("X-Error-Message").orElse(
            status == 401 || status == 403 ? "gated or private: set HF_TOKEN to a token with access"
                : status == 404 ? "no such model, revision or file" : "refused");
        throw new IOException("cannot download " + file + " of " + id + "@" + revision
            + " from " + endpoint + ": " + why + " (HTTP " + status + ")");
      }
    }
    throw new IOException("too many redirects downloading " + file + " of " + id);
  }
}
