package dev.gantry.gateway.console;

import static dev.gantry.gateway.testing.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobCreateParams;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.FineTuningSettings;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.LimitStoreSettings;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.StateStoreSettings;
import dev.gantry.config.Team;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.finetune.FakeTrainer;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.Browser;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The admin console ({@code /console/}) in headless Chromium against a real gateway: an admin
 * key, two fake upstreams behind one alias, an embedded state store, a fine-tuning trainer.
 * Written against the DOM hooks of console-contract.md ({@code data-testid}); a screenshot per
 * step under {@code target/screenshots/ConsoleBrowserTest.<test>/}.
 */
@ExtendWith(Browser.PerTest.class)
class ConsoleBrowserTest {

  private static final String ADMIN = "sk-admin-console";
  private static final String USER = "sk-user-console";
  private static final String TEAM_KEY = "sk-red-console";
  private static final String BASE = "meta-llama/Llama-3.1-8B-Instruct";
  private static final String CHAT_PATH = "/v1/chat/completions";
  private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;
  private BlockedThreadGuard guard;
  private Vertx vertx;
  private FakeOpenAiUpstream blue;
  private FakeOpenAiUpstream green;
  private FakeOpenAiUpstream vllm;
  private FakeTrainer trainer;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    blue = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    green = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    vllm = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    vllm.override("/v1/load_lora_adapter", req -> req.response().end("Success"));
    trainer = new FakeTrainer(vertx).start().await(10, TimeUnit.SECONDS);

    FineTuningTarget target = new FineTuningTarget(FineTuningTarget.Backend.TRAINER, "vllm",
        BASE, Map.of("trainer_url", trainer.url(), "price_per_million_tokens", "2.0"),
        SecretRef.literal(FakeTrainer.KEY));
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("blue", openAi("blue", blue), "green", openAi("green", green),
            "vllm", openAi("vllm", vllm)),
        List.of(new ModelAlias("chat", ModelKind.CHAT,
                List.of(new Deployment("blue", "gpt-4o-mini", 1, null),
                    new Deployment("green", "gpt-4o-mini", 1, null)), null),
            new ModelAlias("llama", ModelKind.CHAT,
                List.of(new Deployment("vllm", BASE, 1, null)), null, null, null, null, null,
                null, target)),
        List.of(new ApiKey("ops", SecretRef.literal(ADMIN), null, List.of(), true),
            new ApiKey("app", SecretRef.literal(USER), null, List.of(), false),
            new ApiKey("red-app", SecretRef.literal(TEAM_KEY), null, List.of(), false, "red",
                null)),
        List.of(new Team("red", null)), LimitStoreSettings.MEMORY,
        StateStoreSettings.embedded(dir.resolve("state").toString()), null,
        new FineTuningSettings(dir.resolve("files").toString(), 64 * 1024,
            Duration.ofMillis(100), 1, Duration.ofSeconds(1)));
    gateway = Gateway.start(vertx, config, Map.of()).await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close().await(20, TimeUnit.SECONDS);
    }
    trainer.close().await(10, TimeUnit.SECONDS);
    vllm.close().await(10, TimeUnit.SECONDS);
    green.close().await(10, TimeUnit.SECONDS);
    blue.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  private static ProviderSettings openAi(String name, FakeOpenAiUpstream upstream) {
    return new ProviderSettings.OpenAi(name, upstream.baseUrl(), null, null, Map.of(), Map.of(),
        Duration.ofSeconds(10), 16);
  }

  private String console() {
    return "http://127.0.0.1:" + gateway.port() + "/console/";
  }

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + gateway.port() + path)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens the console and signs in with the admin key; waits for the navigation. */
  private void signIn(Browser browser) {
    browser.open(console());
    browser.type("admin-key", ADMIN).click("sign-in");
    browser.find("nav-models");
    browser.gone(testId("sign-in-error"));
  }

  /** The plaintext of a new key in {@code element}: its text or, for an input, its value. */
  private static String gatewayKey(WebElement element) {
    Matcher m = Pattern.compile("gk-[A-Za-z0-9_\\-]+").matcher(element.getText() + " "
        + element.getDomProperty("value"));
    return m.find() ? m.group() : null;
  }

  @Test
  void signIn_withTheAdminKey_andAWrongKeyShowsAnError(Browser browser) throws Exception {
    browser.open(console());
    browser.find("admin-key");
    browser.screenshot("sign-in page");

    browser.type("admin-key", "sk-not-a-key").click("sign-in");
    browser.find("sign-in-error");
    browser.screenshot("unknown key refused (401)");

    browser.type("admin-key", USER).click("sign-in");
    browser.find("sign-in-error");
    assertThat(browser.driver().findElements(testId("nav-models")).stream()
        .filter(WebElement::isDisplayed)).as("no console for a key that is not admin").isEmpty();
    browser.screenshot("non-admin key refused (403)");

    browser.type("admin-key", ADMIN).click("sign-in");
    browser.find("nav-models");
    browser.gone(testId("sign-in-error"));
    browser.screenshot("signed in");

    assertThat(browser.driver().getCurrentUrl()).as("the key is never put in a URL")
        .doesNotContain(ADMIN);
    assertThat((String) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
        .executeScript("return sessionStorage.getItem('gantry.adminKey')")).isEqualTo(ADMIN);

    browser.click("sign-out");
    browser.find("admin-key");
    browser.screenshot("signed out");
  }

  @Test
  void modelEditor_weightChange_isPreviewedSaved_andTrafficFollowsTheNewWeights(Browser browser)
      throws Exception {
    for (int i = 0; i < 100; i++) {
      assertThat(send("POST", CHAT_PATH, USER, CHAT).statusCode()).isEqualTo(200);
    }
    long blueBefore = blue.calls(CHAT_PATH);
    long greenBefore = green.calls(CHAT_PATH);
    assertThat(blueBefore + greenBefore).isEqualTo(100);
    // weights 1 and 1: expected 50/50, one standard deviation is 5 requests
    assertThat(blueBefore).as("share of blue at weights 1/1").isBetween(25L, 75L);

    signIn(browser);
    browser.click("nav-models");
    WebElement row = browser.find(testId("model-row", "data-name", "chat"));
    browser.screenshot("models list");
    browser.find(row, testId("edit-model")).click();
    By second = By.cssSelector("[data-testid=\"deployment-row\"][data-index=\"1\"]"
        + " [data-testid=\"deployment-weight\"]");
    assertThat(browser.find(second).getDomProperty("value")).isEqualTo("1");
    browser.screenshot("model editor");

    browser.type(second, "100");
    browser.click("preview-changes");
    WebElement diff = browser.text(testId("diff"), "100");
    assertThat(diff.getText()).contains("weight");
    browser.screenshot("preview diff");
    assertThat(new JsonObject(send("GET", "/admin/v1/models/chat", ADMIN, null).body())
        .getJsonArray("deployments").getJsonObject(1).getInteger("weight", 1))
        .as("a preview is a dry run: nothing changed yet").isEqualTo(1);

    browser.click("save");
    browser.find("saved");
    browser.screenshot("saved");
    JsonObject model = new JsonObject(send("GET", "/admin/v1/models/chat", ADMIN, null).body());
    assertThat(model.getJsonArray("deployments").getJsonObject(0).getInteger("weight", 1))
        .isEqualTo(1);
    assertThat(model.getJsonArray("deployments").getJsonObject(1).getInteger("weight"))
        .isEqualTo(100);

    for (int i = 0; i < 100; i++) {
      assertThat(send("POST", CHAT_PATH, USER, CHAT).statusCode()).isEqualTo(200);
    }
    long toBlue = blue.calls(CHAT_PATH) - blueBefore;
    long toGreen = green.calls(CHAT_PATH) - greenBefore;
    assertThat(toBlue + toGreen).isEqualTo(100);
    // weights 1 and 100: expected about 1 of 100 to blue; 9 or more has odds below 1e-6
    assertThat(toBlue).as("share of blue at weights 1/100").isLessThanOrEqualTo(8);
    assertThat(toGreen).as("share of green at weights 1/100").isGreaterThanOrEqualTo(92);
  }

  @Test
  void keys_createdKeyIsShownOnce_andRevokingItStopsIt(Browser browser) throws Exception {
    signIn(browser);
    browser.click("nav-keys");
    browser.click("new-key");
    browser.type("key-name", "browser-app");
    browser.screenshot("new key form");
    browser.click("create-key");

    WebElement created = browser.find("created-key");
    String key = browser.until("the new key's plaintext", d -> gatewayKey(created));
    browser.find("copy-key");
    browser.screenshot("key created");
    assertThat(send("POST", CHAT_PATH, key, CHAT).statusCode()).as("the new key works")
        .isEqualTo(200);

    browser.click("nav-overview");
    browser.click("nav-keys");
    By row = testId("key-row", "data-name", "browser-app");
    browser.find(row);
    assertThat(browser.driver().getPageSource()).as("the plaintext is shown only once")
        .doesNotContain(key);
    browser.screenshot("keys list");

    browser.find(browser.find(row), testId("revoke-key")).click();
    browser.click("confirm");
    browser.until("the key's row is gone or marked revoked", d -> {
      List<WebElement> rows = d.findElements(row);
      return rows.isEmpty() || !rows.get(0).isDisplayed()
          || rows.get(0).getText().toLowerCase(Locale.ROOT).contains("revoked");
    });
    browser.screenshot("key revoked");

    assertThat(send("POST", CHAT_PATH, key, CHAT).statusCode()).as("a revoked key")
        .isEqualTo(401);
  }

  @Test
  void models_newModelIsPreviewedCreatedServed_andDeletedAgain(Browser browser) throws Exception {
    String chatNew = CHAT.replace("\"chat\"", "\"chat-new\"");
    assertThat(send("POST", CHAT_PATH, USER, chatNew).statusCode()).as("no such alias yet")
        .isEqualTo(404);

    signIn(browser);
    browser.click("nav-models");
    browser.find(testId("model-row", "data-name", "chat"));
    browser.click("new-model");
    browser.type("new-model-name", "chat-new");
    browser.type("new-model-provider", "green");
    browser.type("new-model-model", "gpt-4o-mini");
    browser.screenshot("new model form");

    browser.click("preview-changes");
    WebElement diff = browser.text(testId("diff"), "chat-new");
    assertThat(diff.getText()).contains("green");
    browser.screenshot("new model preview");
    assertThat(send("GET", "/admin/v1/models/chat-new", ADMIN, null).statusCode())
        .as("a preview is a dry run: nothing created yet").isEqualTo(404);

    browser.click("create-model");
    By row = testId("model-row", "data-name", "chat-new");
    browser.find(row);
    browser.screenshot("model created");
    long greenBefore = green.calls(CHAT_PATH);
    HttpResponse<String> served = send("POST", CHAT_PATH, USER, chatNew);
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(green.calls(CHAT_PATH)).as("answered through green's fake upstream")
        .isEqualTo(greenBefore + 1);

    browser.find(browser.find(row), testId("delete-model")).click();
    browser.find("confirm");
    browser.screenshot("delete confirmation");
    browser.click("confirm");
    browser.gone(row);
    browser.screenshot("model deleted");
    HttpResponse<String> gone = send("POST", CHAT_PATH, USER, chatNew);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(gone.body()).getJsonObject("error").getString("code"))
        .isEqualTo("model_not_found");
    assertThat(send("GET", "/admin/v1/models/chat", ADMIN, null).statusCode())
        .as("the other aliases stay").isEqualTo(200);
  }

  @Test
  void models_deleteAfterSomeoneElsesChange_showsAConflict_andDeletesNothing(Browser browser)
      throws Exception {
    signIn(browser);
    browser.click("nav-models");
    By row = testId("model-row", "data-name", "chat");
    browser.find(row);
    JsonObject chat = new JsonObject(send("GET", "/admin/v1/models/chat", ADMIN, null).body());
    chat.getJsonArray("deployments").getJsonObject(0).put("weight", 3);
    assertThat(send("PUT", "/admin/v1/models/chat", ADMIN, chat.encode()).statusCode())
        .as("someone else's change").isEqualTo(200);

    browser.find(browser.find(row), testId("delete-model")).click();
    browser.click("confirm");
    browser.text(testId("conflict"), "412");
    browser.screenshot("delete refused as a conflict");
    assertThat(send("GET", "/admin/v1/models/chat", ADMIN, null).statusCode())
        .as("the stale delete deleted nothing").isEqualTo(200);
  }

  @Test
  void providers_jsonIsEditedPreviewedAndSaved_andOneIsCreatedAndDeleted(Browser browser)
      throws Exception {
    signIn(browser);
    browser.click("nav-providers");
    WebElement row = browser.find(testId("provider-row", "data-name", "green"));
    assertThat(row.getText()).contains("openai").contains(green.baseUrl());
    browser.screenshot("providers list");

    browser.find(row, testId("edit-provider")).click();
    WebElement json = browser.find("provider-json");
    JsonObject shown = new JsonObject(json.getDomProperty("value"));
    assertThat(shown.getString("base_url")).isEqualTo(green.baseUrl());
    browser.screenshot("provider editor");

    browser.type(testId("provider-json"), shown.copy().put("base_url", "not a url").encode());
    browser.click("save-provider");
    browser.text(testId("field-error"), "providers.green.base_url");
    browser.screenshot("invalid provider refused");

    browser.type(testId("provider-json"), shown.copy().put("timeout", "17s").encode());
    browser.click("preview-changes");
    browser.text(testId("diff"), "17s");
    browser.screenshot("provider preview");
    assertThat(new JsonObject(send("GET", "/admin/v1/providers/green", ADMIN, null).body())
        .getString("timeout")).as("a preview is a dry run").isNotEqualTo("17s");

    browser.click("save-provider");
    browser.find("saved");
    browser.screenshot("provider saved");
    assertThat(new JsonObject(send("GET", "/admin/v1/providers/green", ADMIN, null).body())
        .getString("timeout")).isEqualTo("17s");
    assertThat(send("POST", CHAT_PATH, USER, CHAT).statusCode()).as("chat is still served")
        .isEqualTo(200);

    browser.click("new-provider");
    browser.type("provider-name", "spare");
    browser.type(testId("provider-json"), new JsonObject().put("type", "openai")
        .put("base_url", blue.baseUrl()).put("api_key", "sk-spare-literal").encode());
    browser.click("save-provider");
    browser.find("saved");
    browser.find(testId("provider-row", "data-name", "spare"));
    assertThat(browser.find("provider-json").getDomProperty("value"))
        .as("the editor shows the saved provider, its secret masked").contains("***")
        .doesNotContain("sk-spare-literal");
    browser.screenshot("provider created");

    browser.find(browser.find(testId("provider-row", "data-name", "spare")),
        testId("delete-provider")).click();
    browser.click("confirm");
    browser.gone(testId("provider-row", "data-name", "spare"));
    browser.screenshot("provider deleted");
    assertThat(send("GET", "/admin/v1/providers/spare", ADMIN, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void keys_editedLimits_areSaved_andTheKeyIsNotShownAgain(Browser browser) throws Exception {
    JsonObject issued = new JsonObject(send("POST", "/admin/v1/keys", ADMIN,
        "{\"name\":\"edit-me\",\"models\":[\"chat\"]}").body());
    String key = issued.getString("key");

    signIn(browser);
    browser.click("nav-keys");
    By row = testId("key-row", "data-name", "edit-me");
    browser.find(browser.find(row), testId("edit-key")).click();
    By rpm = By.cssSelector("[data-testid=\"key-editor\"] [data-path=\"limits.rpm\"]");
    browser.type(rpm, "42");
    browser.screenshot("key editor");
    browser.click("save-key");
    browser.text(row, "rpm 42");
    browser.screenshot("key saved");

    JsonObject stored = new JsonObject(send("GET", "/admin/v1/keys", ADMIN, null).body())
        .getJsonArray("data").stream().map(JsonObject.class::cast)
        .filter(k -> k.getString("name").equals("edit-me")).findFirst().orElseThrow();
    assertThat(stored.getJsonObject("limits").getLong("rpm")).isEqualTo(42);
    assertThat(stored.getJsonArray("models").getList()).containsExactly("chat");
    assertThat(browser.driver().getPageSource()).as("the key is never shown again")
        .doesNotContain(key);
    assertThat(send("POST", CHAT_PATH, key, CHAT).statusCode()).as("the edited key works")
        .isEqualTo(200);
  }

  @Test
  void jobs_aFineTuningJobsEventsAreShown(Browser browser) throws Exception {
    OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1").apiKey(TEAM_KEY).maxRetries(0)
        .build();
    Path file = dir.resolve("train.jsonl");
    Files.writeString(file, IntStream.range(0, 12).mapToObj(i -> new JsonObject()
        .put("messages", List.of(
            new JsonObject().put("role", "user").put("content", "What is " + i + " + 1?"),
            new JsonObject().put("role", "assistant").put("content", String.valueOf(i + 1))))
        .encode()).collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
    String fileId = client.files().create(FileCreateParams.builder().file(file)
        .purpose(FilePurpose.FINE_TUNE).build()).id();
    String id = client.fineTuning().jobs().create(JobCreateParams.builder().model("llama")
        .trainingFile(fileId).suffix("console").build()).id();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!client.fineTuning().jobs().retrieve(id).status()
        .equals(FineTuningJob.Status.SUCCEEDED) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(client.fineTuning().jobs().retrieve(id).status())
        .isEqualTo(FineTuningJob.Status.SUCCEEDED);

    signIn(browser);
    browser.click("nav-jobs");
    By row = testId("job-row", "data-id", id);
    WebElement jobRow = browser.find(row);
    browser.screenshot("jobs list");
    List<WebElement> links = jobRow.findElements(By.tagName("a"));
    (links.isEmpty() ? jobRow : links.get(0)).click();

    browser.text(testId("job-status"), "succeeded");
    List<String> events = browser.until("the job's events", d -> {
      List<String> texts = d.findElements(By.cssSelector("[data-testid=\"job-events\"] li"))
          .stream().map(WebElement::getText).toList();
      return texts.stream().anyMatch(t -> t.contains("The job has successfully completed"))
          ? texts : null;
    });
    browser.screenshot("job events");
    assertThat(events).anyMatch(t -> t.contains("Created fine-tuning job"))
        .anyMatch(t -> t.contains("Step 2: training loss"));
  }
}
