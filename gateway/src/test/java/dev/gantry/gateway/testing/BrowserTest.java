package dev.gantry.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.opentest4j.TestAbortedException;

/**
 * The browser test infrastructure itself: a page with an ES module, served by a Vert.x server
 * the way the console is, renders in headless Chromium, reacts to a click after a delay (explicit
 * waits, no sleeps), and is screenshotted; and the skip/fail rule without Chromium.
 */
@ExtendWith(Browser.PerTest.class)
class BrowserTest {

  private static final String PAGE = """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>Browser test</title>
      <script type="module" src="/app.js"></script></head>
      <body><h1>Gantry</h1>
      <input data-testid="admin-key" type="password">
      <button data-testid="sign-in">Sign in</button>
      <p data-testid="sign-in-error" hidden>Wrong key</p>
      <ol data-testid="events"></ol></body></html>
      """;
  private static final String APP = """
      const key = document.querySelector('[data-testid="admin-key"]');
      document.querySelector('[data-testid="sign-in"]').addEventListener('click', () => {
        setTimeout(() => {
          if (key.value !== 'sk-right') {
            document.querySelector('[data-testid="sign-in-error"]').hidden = false;
            return;
          }
          document.querySelector('[data-testid="sign-in-error"]').hidden = true;
          const ol = document.querySelector('[data-testid="events"]');
          for (const m of ['created', 'running', 'succeeded']) {
            const li = document.createElement('li');
            li.textContent = m;
            ol.append(li);
          }
        }, 300);
      });
      """;

  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void serve() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/" -> req.response().putHeader("content-type", "text/html; charset=utf-8")
            .end(PAGE);
        case "/app.js" -> req.response()
            .putHeader("content-type", "text/javascript; charset=utf-8").end(APP);
        default -> req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void servedPage_rendersInHeadlessChromium_reactsToClicks_andIsScreenshotted(Browser browser)
      throws Exception {
    browser.open("http://127.0.0.1:" + server.actualPort() + "/");
    assertThat(browser.find(Browser.testId("admin-key")).isDisplayed()).isTrue();
    Path first = browser.screenshot("loaded");

    browser.type("admin-key", "sk-wrong").click("sign-in");
    assertThat(browser.text(Browser.testId("sign-in-error"), "Wrong key").isDisplayed())
        .isTrue();
    browser.screenshot("wrong key");

    browser.type("admin-key", "sk-right").click("sign-in");
    browser.gone(Browser.testId("sign-in-error"));
    List<String> events = browser.until("three events", d -> {
      List<String> li = d.findElements(By.cssSelector("[data-testid=\"events\"] li")).stream()
          .map(WebElement::getText).toList();
      return li.size() == 3 ? li : null;
    });
    assertThat(events).containsExactly("created", "running", "succeeded");
    Path last = browser.screenshot("signed in");

    assertThat(browser.driver().getTitle()).isEqualTo("Browser test");
    assertThat(first).isEqualTo(Browser.screenshotRoot().resolve(
        "BrowserTest.servedPage_rendersInHeadlessChromium_reactsToClicks_andIsScreenshotted")
        .resolve("01-loaded.png"));
    assertThat(last.getFileName().toString()).isEqualTo("03-signed-in.png");
    for (Path png : new Path[] {first, last}) {
      byte[] bytes = Files.readAllBytes(png);
      assertThat(bytes.length).isGreaterThan(1000);
      assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
          .as("a PNG").isEqualTo("PNG");
    }
  }

  @Test
  void withoutChromium_aTestIsSkippedLocally_andFailsUnderCi() {
    Path none = Path.of("/nonexistent/chromium");
    Path sh = Path.of("/bin/sh");

    assertThatThrownBy(() -> Browser.requireTools(none, sh, Map.of()))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("/nonexistent/chromium")
        .hasMessageContaining("skipped");
    assertThatThrownBy(() -> Browser.requireTools(sh, none, Map.of("CI", "true")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("/nonexistent/chromium")
        .hasMessageContaining("CI=true");
    Browser.requireTools(sh, sh, Map.of("CI", "true"));
  }
}
