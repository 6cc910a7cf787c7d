package dev.verdict.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.KeycloakResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal's performance figures (docs/performance.md), on the same platform as {@link PortalIT}: the packaged
 * portal and services as processes, a real headless Chromium, 10,000 catalog entities. Not part of the suite (its
 * name is not *IT); run it with
 * {@code ./mvnw -B verify -pl ui -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PortalBench}.
 *
 * <ul>
 *   <li>time to content: from navigation start to the page's data on screen, measured in the page (performance.now()
 *       when the element shows), for home and the catalog grid, against the register page in the same run (the
 *       frame and a form, no service call): median and p95 of {@code bench.loads} loads each, interleaved;
 *   <li>heap per session: the portal's heap after a full GC with 20 signed-in sessions open, less the heap after one;
 *   <li>rows fetched by the catalog grid for a scroll to the end of 10,000 entities.
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBench {

    static final int LOADS = Integer.getInteger("bench.loads", 20);
    static final int ENTITIES = Integer.getInteger("bench.entities", 10_000);
    static final int SESSIONS = Integer.getInteger("bench.sessions", 20);

    /** Resolves with performance.now() once the selector's element holds the text (polled every 2 ms). */
    static final String SHOWN = """
            const [selector, text, done] = arguments;
            const t0 = Date.now();
            (function check() {
              const e = document.querySelector(selector);
              if (e && e.textContent.includes(text)) { done(performance.now()); return; }
              if (Date.now() - t0 > 30000) { done(-1); return; }
              setTimeout(check, 2);
            })();
            """;

    @BeforeAll
    static void platform() throws Exception {
        PortalIT.platform();
        String token = KeycloakResource.accessToken("engineer");
        // the catalog in batches of 200 documents, one multi-document YAML each
        for (int from = 0; from < ENTITIES; from += 200) {
            StringBuilder yaml = new StringBuilder();
            for (int i = from; i < Math.min(ENTITIES, from + 200); i++) {
                yaml.append(String.format(
                        Locale.ROOT,
                        """
                        ---
                        apiVersion: backstage.io/v1alpha1
                        kind: Component
                        metadata:
                          name: bench-%05d
                          description: bench entity %d of the portal's catalog grid figure
                          tags: [bench, t%d]
                        spec:
                          type: service
                          lifecycle: production
                          owner: group:default/%s
                        """,
                        i,
                        i,
                        i % 10,
                        // every 25th is the engineer's team's, so home has components to show
                        i % 25 == 0 ? "payments-team" : "team-" + i % 25));
            }
            HttpResponse<String> r = PortalIT.HTTP.send(
                    HttpRequest.newBuilder(URI.create(PortalIT.catalog.url() + "/api/entities"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/yaml")
                            .POST(HttpRequest.BodyPublishers.ofString(yaml.toString(), StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
            token = from % 2000 == 0 ? KeycloakResource.accessToken("engineer") : token;
        }
    }

    @AfterAll
    static void stop() {
        PortalIT.stop();
    }

    static double shown(WebDriver driver, String path, String selector, String text) {
        driver.get("http://localhost:" + PortalIT.PORTAL_PORT + path);
        Object t = ((JavascriptExecutor) driver).executeAsyncScript(SHOWN, selector, text);
        double ms = ((Number) t).doubleValue();
        assertThat(ms).as(path + " never showed '" + text + "' in " + selector).isPositive();
        return ms;
    }

    @Test
    @Order(1)
    void timeToContentOfHomeAndTheCatalogGridAgainstTheRegisterPage() throws IOException {
        WebDriver driver = PortalIT.browser();
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(40));
            PortalIT.signIn(driver, "engineer");
            List<Double> base = new ArrayList<>();
            List<Double> home = new ArrayList<>();
            List<Double> catalog = new ArrayList<>();
            for (int i = -3; i < LOADS; i++) { // three warm-up rounds
                double b = shown(driver, "/catalog/register", "#register-submit", "Register");
                double h = shown(driver, "/", "#home-components", "bench-");
                double c = shown(driver, "/catalog", "#catalog-grid", "bench-00000");
                if (i >= 0) {
                    base.add(b);
                    home.add(h);
                    catalog.add(c);
                }
            }
            report("register page (baseline)", base, base);
            report("home", home, base);
            report("catalog grid, 10,000 entities", catalog, base);
        } finally {
            driver.quit();
        }
    }

    @Test
    @Order(2)
    void rowsTheCatalogGridFetchesForAScrollToTheEnd() throws IOException {
        WebDriver driver = PortalIT.browser();
        try {
            PortalIT.signIn(driver, "viewer");
            driver.get("http://localhost:" + PortalIT.PORTAL_PORT + "/catalog");
            new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("catalog-grid"), "bench-00000"));
            String first = driver.findElement(By.id("catalog-loaded")).getText();
            long start = System.nanoTime();
            String last = String.format(Locale.ROOT, "bench-%05d", ENTITIES - 1);
            // the grid does not know the total (keyset pages have none): scroll to its end until the last row shows
            for (int i = 0;
                    i < 2000
                            && !driver.findElement(By.id("catalog-grid"))
                                    .getText()
                                    .contains(last);
                    i++) {
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const g = document.querySelector('#catalog-grid'); g.scrollToIndex(g.size - 1);");
                sleep(50);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(driver.findElement(By.id("catalog-grid")).getText()).contains(last);
            String end = driver.findElement(By.id("catalog-loaded")).getText();
            System.out.printf(
                    Locale.ROOT,
                    "BENCH catalog scroll to the end of %d entities: first screen '%s', at the end '%s', %.1f s%n",
                    ENTITIES,
                    first,
                    end,
                    seconds);
        } finally {
            driver.quit();
        }
    }

    @Test
    @Order(3)
    void heapPerSignedInSession() throws Exception {
        long pid = PortalIT.portal.process().pid();
        List<WebDriver> open = new ArrayList<>();
        try {
            open.add(session());
            long one = heapAfterGc(pid);
            for (int i = 1; i < SESSIONS; i++) {
                open.add(session());
            }
            long all = heapAfterGc(pid);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH heap after GC: %d KiB with 1 session, %d KiB with %d: %.0f KiB per session%n",
                    one,
                    all,
                    SESSIONS,
                    (all - one) / (double) (SESSIONS - 1));
        } finally {
            open.forEach(WebDriver::quit);
        }
    }

    /** A new browser (no cookies: a new Keycloak and portal session) signed in, on the catalog page. */
    static WebDriver session() throws IOException {
        WebDriver d = PortalIT.browser();
        PortalIT.signIn(d, "viewer");
        d.get("http://localhost:" + PortalIT.PORTAL_PORT + "/catalog");
        new WebDriverWait(d, Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("catalog-grid"), "bench-00000"));
        return d;
    }

    static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /**
     * The JVM's heap in use right after a full GC, through jcmd of the JDK running this test: the sum of the heap's
     * "total …, used …K" lines (one for G1, young + old for the serial and parallel collectors; not Metaspace).
     */
    static long heapAfterGc(long pid) throws Exception {
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = USED.matcher(info);
        long used = 0;
        int spaces = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            spaces++;
        }
        assertThat(spaces).as(info).isPositive();
        System.out.println("BENCH GC.heap_info after GC.run:\n" + info.strip());
        return used;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    static void report(String what, List<Double> ms, List<Double> base) {
        System.out.printf(
                Locale.ROOT,
                "BENCH %-32s median %6.0f ms  p95 %6.0f ms  (ratio to baseline: median %.2f, p95 %.2f; n=%d)%n",
                what,
                pct(ms, 50),
                pct(ms, 95),
                pct(ms, 50) / pct(base, 50),
                pct(ms, 95) / pct(base, 95),
                ms.size());
    }

    static double pct(List<Double> xs, int p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
