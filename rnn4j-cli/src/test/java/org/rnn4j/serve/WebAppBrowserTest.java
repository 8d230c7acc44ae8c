package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app driven as a person would, in headless Chromium: type, click, wait for the stream or the result, and
 * check what the page shows against the JSON routes. No page may log an error to the console. Screenshots go to
 * target/screenshots/. Skipped where Debian's chromium and chromedriver are not installed
 * ({@code apt-get install chromium chromium-driver}).
 */
class WebAppBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static ServeFixture.Server server;
    private static ChromeDriver driver;
    private static Path profile;
    /** Held so it is not collected: Selenium warns that it has no DevTools bindings for this chromium; none are used. */
    private static final java.util.logging.Logger DEVTOOLS_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        server = ServeFixture.start();
        profile = Files.createTempDirectory("rnn4j-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The explicit driver and browser paths: Selenium Manager then has nothing to find or download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void open() {
        driver.get(server.uri("/").toString());
        waitUntil(() -> driver.findElements(By.cssSelector("[data-testid=model-picker] option")).size() > 0);
    }

    /** Every test ends with a screenshot and without a console error. */
    @AfterEach
    void screenshotAndConsole(TestInfo test) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    private static WebElement byTestId(String id) {
        return driver.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> condition.getAsBoolean());
    }

    private static void type(String testId, String text) {
        WebElement e = byTestId(testId);
        e.clear();
        e.sendKeys(text);
    }

    private static void pickModel(String name) {
        new Select(byTestId("model-picker")).selectByValue(name);
    }

    @Test
    void generateStreamsTheTextOfTheSeedIntoThePage() {
        pickModel("lm");
        assertThat(byTestId("tab-classify").isDisplayed()).isFalse();
        type("generate-prime", "It is a truth");
        type("generate-seed", "4");
        type("generate-length", "40");
        byTestId("generate-button").click();
        waitUntil(() -> "true".equals(byTestId("generate-output").getAttribute("data-done")));

        JsonNode expected = server.post("/v1/models/lm/generate", "{\"prime\": \"It is a truth\", \"max_tokens\": 40,"
                + " \"seed\": 4, \"temperature\": 0.8, \"top_k\": 0, \"top_p\": 1}").json();
        String shown = (String) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector('[data-testid=generate-output]').textContent");
        assertThat(shown).isEqualTo("It is a truth" + expected.get("text").asText());
        assertThat(byTestId("error").isDisplayed()).isFalse();
    }

    @Test
    void classifyShowsTheLabelProbabilitiesAndTheWordsThatMovedTheDecision() {
        pickModel("pl");
        assertThat(byTestId("tab-generate").isDisplayed()).isFalse();
        assertThat(byTestId("tab-inside").isDisplayed()).isFalse();
        type("classify-input", "a gripping, beautifully acted film");
        byTestId("classify-button").click();
        waitUntil(() -> "true".equals(byTestId("classify-result").getAttribute("data-done")));

        JsonNode expected = server.post("/v1/models/pl/explain-classify",
                "{\"text\": \"a gripping, beautifully acted film\"}").json();
        List<WebElement> bars = byTestId("classify-result").findElements(By.cssSelector(".bar"));
        assertThat(bars).hasSize(expected.get("probabilities").size());
        assertThat(bars.get(0).getAttribute("data-label")).isEqualTo(expected.get("label").asText());
        List<WebElement> words = byTestId("classify-result").findElements(By.cssSelector(".words span"));
        assertThat(words).extracting(WebElement::getText).containsExactly("a", "gripping,", "beautifully", "acted",
                "film");
        for (int i = 0; i < words.size(); i++) {
            assertThat(Double.parseDouble(words.get(i).getAttribute("data-change")))
                    .isCloseTo(expected.get("words").get(i).get("change").asDouble(), within(1e-6));
        }
    }

    @Test
    void insideColoursEachCharacterByTheChosenUnitAndFindsTheUnitsOfASelection() {
        pickModel("lm");
        byTestId("tab-inside").click();
        waitUntil(() -> byTestId("inside-gate").findElements(By.tagName("option")).size() == 6);
        type("inside-input", "It is a truth");
        byTestId("inside-button").click();
        waitUntil(() -> "true".equals(byTestId("inside-chars").getAttribute("data-done")));

        JsonNode expected = server.post("/v1/models/lm/inside", "{\"text\": \"It is a truth\"}").json();
        assertShows(expected, "h", 0);
        new Select(byTestId("inside-gate")).selectByValue("f");
        new Select(byTestId("inside-unit")).selectByValue("3");
        assertShows(expected, "f", 3);
        assertThat(byTestId("inside-chars").findElements(By.cssSelector(".guesses")).get(0).getText())
                .startsWith(expected.at("/next/0/0/token").asText().replace(" ", "␣"));

        List<WebElement> cells = byTestId("inside-chars").findElements(By.cssSelector(".cell"));
        cells.get(8).click();                                                        // "truth": a click …
        new Actions(driver).keyDown(Keys.SHIFT).click(cells.get(12)).keyUp(Keys.SHIFT).perform(); // … a shift-click
        assertThat(byTestId("inside-chars").findElements(By.cssSelector(".cell.selected"))).hasSize(5);
        byTestId("inside-find-button").click();
        List<WebElement> units = byTestId("inside-find-result").findElements(By.tagName("li"));
        assertThat(units).hasSize(10);
        int best = Integer.parseInt(units.get(0).getAttribute("data-unit"));
        assertThat(Double.parseDouble(units.get(0).getAttribute("data-score")))
                .isCloseTo(selectivity(expected.at("/layers/0/values/f"), best, 8, 12), within(1e-6));
        for (int j = 0; j < 16; j++) {
            assertThat(selectivity(expected.at("/layers/0/values/f"), j, 8, 12))
                    .isLessThanOrEqualTo(selectivity(expected.at("/layers/0/values/f"), best, 8, 12) + 1e-12);
        }
        units.get(0).click();
        assertThat(new Select(byTestId("inside-unit")).getFirstSelectedOption().getText())
                .isEqualTo(String.valueOf(best));
    }

    /** Each character's data-value is values[t][unit] of the route's answer. */
    private static void assertShows(JsonNode inside, String name, int unit) {
        List<WebElement> cells = byTestId("inside-chars").findElements(By.cssSelector(".cell"));
        assertThat(cells).hasSize(inside.get("tokens").size());
        for (int t = 0; t < cells.size(); t++) {
            assertThat(Double.parseDouble(cells.get(t).getAttribute("data-value")))
                    .as("%s[%d][%d]", name, t, unit)
                    .isEqualTo(inside.at("/layers/0/values/" + name).get(t).get(unit).asDouble(), within(1e-7));
        }
    }

    /** Mean of unit j over steps [from, to] minus its mean over the others. */
    private static double selectivity(JsonNode values, int j, int from, int to) {
        double in = 0;
        double out = 0;
        for (int t = 0; t < values.size(); t++) {
            if (t >= from && t <= to) {
                in += values.get(t).get(j).asDouble();
            } else {
                out += values.get(t).get(j).asDouble();
            }
        }
        return in / (to - from + 1) - out / (values.size() - (to - from + 1));
    }

    @Test
    void gradientsDrawsFourCurvesOnALogAxisAndRedrawsThemForAnotherLength() {
        byTestId("tab-gradients").click();
        WebElement chart = byTestId("gradient-chart");
        waitUntil(() -> "true".equals(chart.getAttribute("data-done")));
        assertThat(chart.findElements(By.cssSelector("svg polyline"))).hasSize(4);
        assertThat(chart.getAttribute("data-length")).isEqualTo("100");
        assertThat(chart.findElements(By.cssSelector("svg polyline")).get(0).getAttribute("data-series"))
                .isEqualTo("rnn_tanh untrained");

        WebElement slider = byTestId("gradient-length");
        slider.sendKeys(Keys.HOME);            // 10, the slider's least
        for (int i = 0; i < 4; i++) {
            slider.sendKeys(Keys.ARROW_RIGHT); // 10 a press
        }
        waitUntil(() -> "50".equals(chart.getAttribute("data-length")) && "true".equals(chart.getAttribute(
                "data-done")));
        assertThat(byTestId("gradient-length-shown").getText()).isEqualTo("50");
        String points = chart.findElements(By.cssSelector("svg polyline")).get(0).getAttribute("points");
        assertThat(points.split(" ")).hasSize(50);
    }
}
