package dev.gantry.gateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentest4j.TestAbortedException;

/**
 * Headless Chromium for browser tests, driven through the system's chromedriver: Debian's
 * {@code chromium} and {@code chromium-driver} ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; {@code GANTRY_TEST_CHROMIUM} and {@code GANTRY_TEST_CHROMEDRIVER}
 * override them). Nothing is ever downloaded: both paths are given to Selenium, so Selenium
 * Manager is never asked (and the surefire configuration disarms it besides). Without Chromium or
 * its driver a test is skipped locally and fails under {@code CI=true}, where it must run
 * ({@code .ci/run} installs both).
 *
 * <p>Each browser has a fresh profile and no network but loopback in practice: the flags below
 * stop Chromium's own background traffic (updates, sync, field trials, QUIC probes). Waits are
 * explicit ({@link WebDriverWait}, retrying past elements a re-render detached), never sleeps.
 * {@link #screenshot} saves {@code target/screenshots/<test>/<NN>-<step>.png}, numbered in the
 * order taken.
 */
public final class Browser implements AutoCloseable {

  /** How long any wait lasts before the test fails. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox",
      "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
      "--disable-features=Translate,MediaRouter,OptimizationHints",
      "--window-size=1280,900");

  /**
   * Selenium warns at every start that it has no CDP binding for this Chromium release: these
   * tests use WebDriver only, never CDP, so selenium-devtools-vNNN is left out and that warning
   * silenced (kept referenced: java.util.logging holds its loggers weakly).
   */
  private static final List<Logger> QUIET = Stream.of(
      "org.openqa.selenium.devtools.CdpVersionFinder",
      "org.openqa.selenium.chromium.ChromiumDriver")
      .map(Logger::getLogger).peek(l -> l.setLevel(Level.SEVERE)).toList();

  private final String test;
  private final Path profile;
  private final Path shots;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final WebDriverWait wait;
  private int step;

  private Browser(String test, Path chromium, Path chromedriver) throws IOException {
    this.test = test;
    this.shots = screenshotRoot().resolve(safe(test));
    deleteTree(shots); // only this run's steps
    Files.createDirectories(shots);
    this.profile = Files.createTempDirectory("gantry-chromium-");
    this.service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .withLogFile(shots.resolve("chromedriver.log").toFile())
        .build();
    ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
    options.addArguments(FLAGS);
    options.addArguments("--user-data-dir=" + profile);
    ChromeDriver started;
    try {
      started = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw new AssertionError("Chromium (" + chromium + ") did not start through "
          + chromedriver + "; see " + shots.resolve("chromedriver.log"), e);
    }
    this.driver = started;
    // a page that re-renders (the console does on every answer) detaches elements mid-wait
    this.wait = new WebDriverWait(driver, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  /**
   * A headless Chromium for the test named {@code test} (its screenshots' folder), or the test
   * skipped when Chromium or chromedriver is missing (failed under {@code CI=true}).
   */
  public static Browser startOrSkip(String test) {
    Path chromium = Path.of(System.getenv().getOrDefault("GANTRY_TEST_CHROMIUM",
        "/usr/bin/chromium"));
    Path chromedriver = Path.of(System.getenv().getOrDefault("GANTRY_TEST_CHROMEDRIVER",
        "/usr/bin/chromedriver"));
    requireTools(chromium, chromedriver, System.getenv());
    try {
      return new Browser(test, chromium, chromedriver);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns when both executables are there; otherwise aborts the test (skipped), or under
   * {@code CI=true} in {@code env} fails it.
   */
  static void requireTools(Path chromium, Path chromedriver, Map<String, String> env) {
    String missing = Stream.of(chromium, chromedriver)
        .filter(p -> !Files.isExecutable(p)).map(Path::toString)
        .reduce((a, b) -> a + " and " + b).orElse(null);
    if (missing == null) {
      return;
    }
    String why = "no " + missing + " (Debian packages chromium and chromium-driver; .ci/run"
        + " installs them)";
    if ("true".equalsIgnoreCase(env.get("CI"))) {
      throw new AssertionError(why + ": under CI=true browser tests must run");
    }
    Assumptions.abort(why + "; skipped");
  }

  /** Where screenshots go: {@code target/screenshots} of the module under test. */
  public static Path screenshotRoot() {
    return Path.of(System.getProperty("basedir", "."), "target", "screenshots");
  }

  public WebDriver driver() {
    return driver;
  }

  /** The folder of this test's screenshots. */
  public Path screenshots() {
    return shots;
  }

  /** Loads {@code url} and waits for the document to be complete. */
  public Browser open(String url) {
    driver.get(url);
    until("document of " + url + " complete", d -> "complete".equals(
        driver.executeScript("return document.readyState")) ? Boolean.TRUE : null);
    return this;
  }

  /** The CSS selector of a {@code data-testid} hook. */
  public static By testId(String id) {
    return By.cssSelector("[data-testid=" + quote(id) + "]");
  }

  /** A hook with an attribute, e.g. {@code row("key-row", "data-name", "app")}. */
  public static By testId(String id, String attribute, String value) {
    return By.cssSelector("[data-testid=" + quote(id) + "][" + attribute + "=" + quote(value)
        + "]");
  }

  /** The visible element with this {@code data-testid}, once there is one. */
  public WebElement find(String id) {
    return find(testId(id));
  }

  public WebElement find(By by) {
    return wait.withMessage("visible: " + by)
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** The element {@code by} inside {@code parent}, once visible. */
  public WebElement find(WebElement parent, By by) {
    return wait.withMessage("visible in " + parent + ": " + by).until(d -> {
      List<WebElement> found = parent.findElements(by);
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  /** All visible elements {@code by}, once there is at least one. */
  public List<WebElement> all(By by) {
    return wait.withMessage("at least one visible: " + by)
        .until(ExpectedConditions.visibilityOfAllElementsLocatedBy(by));
  }

  /** Clicks the element {@code by} once it is clickable. */
  public Browser click(By by) {
    wait.withMessage("clickable: " + by).until(ExpectedConditions.elementToBeClickable(by))
        .click();
    return this;
  }

  public Browser click(String id) {
    return click(testId(id));
  }

  /** Replaces the value of the input {@code by} with {@code text}. */
  public Browser type(By by, String text) {
    WebElement input = wait.withMessage("editable: " + by)
        .until(ExpectedConditions.elementToBeClickable(by));
    input.clear();
    input.sendKeys(text);
    return this;
  }

  public Browser type(String id, String text) {
    return type(testId(id), text);
  }

  /** Waits until no element {@code by} is visible (gone or hidden). */
  public Browser gone(By by) {
    wait.withMessage("gone: " + by).until(ExpectedConditions.invisibilityOfElementLocated(by));
    return this;
  }

  /** Waits until the visible element {@code by} has text containing {@code text}. */
  public WebElement text(By by, String text) {
    wait.withMessage("text '" + text + "' in " + by)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return find(by);
  }

  /** Waits until {@code condition} returns non-null and not false; its last value. */
  public <T> T until(String what, Function<WebDriver, T> condition) {
    return wait.withMessage(what).until(condition::apply);
  }

  /**
   * Saves what the page shows now as {@code target/screenshots/<test>/<NN>-<step>.png}, NN
   * counting this test's screenshots.
   */
  public Path screenshot(String step) {
    Path file = shots.resolve(String.format("%02d-%s.png", ++this.step, safe(step)));
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Saves the page's current DOM beside the screenshots (for a failed test). */
  public Path pageSource(String step) {
    Path file = shots.resolve(String.format("%02d-%s.html", ++this.step, safe(step)));
    try {
      Files.writeString(file, driver.getPageSource(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  @Override
  public String toString() {
    return "Browser[" + test + "]";
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]+", "-");
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException | UncheckedIOException e) {
      // a profile left in /tmp is harmless
    }
  }

  /**
   * Gives a test method a {@link Browser} parameter, named after the test
   * ({@code Class.method}); on failure (not on a skip) saves a last screenshot and the page's
   * DOM, and always closes the browser.
   */
  public static final class PerTest implements BeforeEachCallback, ParameterResolver,
      AfterTestExecutionCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS =
        ExtensionContext.Namespace.create(PerTest.class);

    /**
     * Starts the browser before the test's own set-up (so that a missing Chromium skips the test
     * there: an abort while resolving a parameter would be reported as an error instead).
     */
    @Override
    public void beforeEach(ExtensionContext context) {
      boolean wanted = Arrays.stream(context.getRequiredTestMethod().getParameterTypes())
          .anyMatch(t -> t == Browser.class);
      if (wanted) {
        context.getStore(NS).put(Browser.class, startOrSkip(
            context.getRequiredTestClass().getSimpleName() + "."
                + context.getRequiredTestMethod().getName()));
      }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getStore(NS).get(Browser.class, Browser.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
      Browser browser = context.getStore(NS).get(Browser.class, Browser.class);
      if (browser != null && context.getExecutionException()
          .filter(e -> !(e instanceof TestAbortedException)).isPresent()) {
        try {
          browser.screenshot("failure");
          browser.pageSource("failure");
        } catch (RuntimeException e) {
          context.getExecutionException().get().addSuppressed(e);
        }
      }
    }

    @Override
    public void afterEach(ExtensionContext context) {
      Browser browser = context.getStore(NS).remove(Browser.class, Browser.class);
      if (browser != null) {
        browser.close();
      }
    }
  }
}
