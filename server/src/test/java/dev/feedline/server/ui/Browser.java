package dev.feedline.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver. Missing packages fail the test with
 * the command that installs them (.ci/run installs them); nothing is downloaded.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);
    final ChromeDriver driver;
    /** Where Chromium saves downloads (a fresh temporary folder). */
    final Path downloads;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    static Browser start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("The browser tests need Debian's chromium and chromedriver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get update && apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("feedline-chromium-");
        Path downloads = Files.createDirectories(profile.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile, downloads);
    }

    /** What the page wrote to the console (errors, warnings, logs) since the last call. */
    List<String> consoleMessages() {
        return driver.manage().logs().get("browser").getAll().stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /** Accepts the confirm() the page shows next. */
    void acceptConfirm() {
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
    }

    void click(By by) { waiting().until(ExpectedConditions.elementToBeClickable(by)).click(); }

    /** The button whose text is exactly text. */
    static By button(String text) { return By.xpath("//button[normalize-space()='" + text + "']"); }

    void resize(Dimension size) { driver.manage().window().setSize(size); }

    /** How far the page is wider than the window, in CSS pixels (0 when nothing overflows). */
    long horizontalOverflow() {
        return (Long) driver.executeScript("return Math.max(0, document.documentElement.scrollWidth - window.innerWidth);");
    }

    /**
     * The visible inputs, selects, textareas and buttons of the page that have no accessible name:
     * no label (wrapping or for=), no aria-label(ledby), no text, no title. Each described by its HTML.
     */
    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) driver.executeScript("""
                const named = (el) => {
                  if ((el.getAttribute('aria-label') || '').trim()) return true;
                  const by = el.getAttribute('aria-labelledby');
                  if (by && by.split(/\\s+/).some((id) => (document.getElementById(id)?.textContent || '').trim())) return true;
                  if ([...(el.labels || [])].some((l) => l.textContent.trim())) return true;
                  if (el.tagName === 'BUTTON' && el.textContent.trim()) return true;
                  return !!(el.getAttribute('title') || '').trim();
                };
                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
                  .filter((el) => el.getClientRects().length && !named(el))
                  .map((el) => el.outerHTML.slice(0, 160));""");
    }

    WebDriverWait waiting() { return new WebDriverWait(driver, WAIT); }

    WebElement visible(By by) { return waiting().until(ExpectedConditions.visibilityOfElementLocated(by)); }

    void waitForText(By by, String text) {
        waiting().withMessage(() -> "text \"" + text + "\" in " + by).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    void type(By by, String text) {
        WebElement e = visible(by);
        e.clear();
        e.sendKeys(text);
    }

    /** Saves a PNG of the page under target/screenshots/. */
    void screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
