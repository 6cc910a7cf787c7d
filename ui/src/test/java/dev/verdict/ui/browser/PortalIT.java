package dev.verdict.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.events.Topics;
import dev.verdict.runtime.secrets.SecretScan;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TestService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal's user journeys in a real headless Chromium (Debian's {@code chromium} + {@code chromedriver}, nothing
 * downloaded), signing in on Keycloak's real login page, against the packaged portal and the packaged
 * catalog-service, decision-records and deploy-orchestrator as OS processes on the libs/testing PostgreSQL, Kafka
 * and Keycloak. Each journey saves a screenshot of its main view into {@code docs/portal/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalIT {

    /** The realm's verdict-portal client allows this port besides 8080. */
    static final int PORTAL_PORT = 18080;

    static final Path WORK = Path.of("target/portal-it").toAbsolutePath();
    static final Path SHOTS = Path.of("../docs/portal");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static final int ROUTER_PORT = freePort();

    static TestService catalog;
    static TestService decisions;
    static TestService deploy;
    static TestService portal;
    WebDriver driver;

    @BeforeAll
    static void platform() throws Exception {
        // a fresh work dir: the orchestrator's Kafka Streams state there belongs to an earlier run's broker
        dev.verdict.runtime.files.Trees.deleteQuietly(WORK);
        Files.createDirectories(WORK);
        for (String t : Topics.ALL) {
            TestKafka.get().createTopic(t, 1);
        }
        KeycloakAdmin.join("engineer", "payments-team");
        catalog = TestService.of("catalog-service", Path.of("../catalog-service"))
                .database("catalog_portal")
                .logDir(WORK)
                .launch();
        decisions = TestService.of("decision-records", Path.of("../decision-records"))
                .database("decisions_portal")
                .env("VERDICT_DECISIONS_GIT_DIR", WORK.resolve("decisions-git").toString())
                .logDir(WORK)
                .launch();
        deploy = TestService.of("deploy-orchestrator", Path.of("../deploy-orchestrator"))
                .database("deploy_portal")
                .env("VERDICT_DEPLOY_WORK_DIR", WORK.resolve("deploy").toString())
                .env("VERDICT_DEPLOY_ROUTER_PORT", Integer.toString(ROUTER_PORT))
                .env("VERDICT_DEPLOY_RECORD_INTERVAL", "1s")
                .env("VERDICT_DEPLOY_STOP_ON_SHUTDOWN", "true")
                .logDir(WORK)
                .launch();
        // all four boot side by side (the portal needs only the others' URLs, known at launch); then wait for each
        portal = TestService.of("ui", Path.of("."))
                .oidcClient(null)
                .port(PORTAL_PORT)
                .env("VERDICT_CATALOG_SERVICE_URL", catalog.url())
                .env("VERDICT_DECISION_RECORDS_URL", decisions.url())
                .env("VERDICT_DEPLOY_ORCHESTRATOR_URL", deploy.url())
                .logDir(WORK)
                .launch();
        for (TestService s : new TestService[] {catalog, decisions, deploy, portal}) {
            s.ready();
        }
        Files.createDirectories(SHOTS);
    }

    /**
     * After every journey (sign-ins on Keycloak's page, code exchanges, token refreshes, sign-outs): no token,
     * password or client secret in the logs of the portal and of the services it called (issue #18).
     */
    @AfterAll
    static void stop() {
        List<String> findings = new ArrayList<>();
        SecretScan scan = SecretScan.ofRealmFile(KeycloakResource.realmFile());
        for (TestService s : new TestService[] {portal, deploy, decisions, catalog}) {
            if (s != null) {
                s.close();
                findings.addAll(scan.find(s.log()));
            }
        }
        assertThat(findings)
                .as("credentials in the portal's and the services' logs")
                .isEmpty();
    }

    /** Each journey's last page stays in target/portal-it, so a failed one shows where it stood. */
    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        if (driver != null) {
            Path png =
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(
                    png,
                    WORK.resolve("last-" + test.getTestMethod().orElseThrow().getName() + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
            driver.quit();
            driver = null;
        }
    }

    static WebDriver browser() throws IOException {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(Path.of(System.getenv().getOrDefault("VERDICT_CHROMIUM", "/usr/bin/chromium"))
                .toString());
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(WORK, "chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(
                        Path.of(System.getenv().getOrDefault("VERDICT_CHROMEDRIVER", "/usr/bin/chromedriver"))
                                .toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, o);
    }

    /** Opens the portal, signs in on Keycloak's own login page, and waits for the portal's frame. */
    void signIn(String user) throws IOException {
        driver = browser();
        signIn(driver, user);
    }

    static void signIn(WebDriver driver, String user) {
        driver.get("http://localhost:" + PORTAL_PORT + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(driver.getCurrentUrl()).startsWith(KeycloakResource.realmUrl());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user + "-demo");
        driver.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in-user"), user));
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text, Duration within) {
        new WebDriverWait(driver, within).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    void screenshot(String name) throws IOException {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    void open(String path) {
        driver.get("http://localhost:" + PORTAL_PORT + path);
    }

    @Test
    @Order(1)
    void anEngineerRegistersAComponentFromPastedYamlAndSeesALineErrorFirst() throws Exception {
        signIn("engineer");
        waitFor(By.id("home-components"));
        screenshot("home");
        driver.findElement(By.id("nav-RegisterView")).click();
        WebElement yaml = waitFor(By.cssSelector("#register-yaml textarea"));
        String bad = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: Portal Demo!
                spec:
                  type: service
                  lifecycle: experimental
                  owner: group:default/payments-team
                """;
        yaml.clear();
        yaml.sendKeys(bad);
        driver.findElement(By.id("register-submit")).click();
        waitForText(By.id("register-problems"), "line 4", Duration.ofSeconds(30));
        assertThat(driver.findElement(By.id("register-problems")).getText()).contains("/metadata/name");
        screenshot("register-error");

        yaml.clear();
        yaml.sendKeys(bad.replace("Portal Demo!", "portal-demo"));
        driver.findElement(By.id("register-submit")).click();
        waitForText(By.id("register-result"), "component:default/portal-demo", Duration.ofSeconds(30));
        assertThat(driver.findElement(By.id("register-result")).getText()).contains("created");

        // and it is in the catalog, found by the full-text search
        driver.findElement(By.id("nav-CatalogView")).click();
        WebElement search = waitFor(By.cssSelector("#catalog-search input"));
        search.sendKeys("portal");
        waitForText(By.id("catalog-grid"), "portal-demo", Duration.ofSeconds(30));
        screenshot("catalog");
    }

    @Test
    @Order(2)
    void aViewerCannotSeeTheRegisterActionNorOpenIt() throws Exception {
        signIn("viewer");
        waitFor(By.id("nav-CatalogView"));
        assertThat(driver.findElements(By.id("nav-RegisterView"))).isEmpty();
        open("/catalog/register");
        waitFor(By.id("access-denied"));
        assertThat(driver.findElements(By.id("register-submit"))).isEmpty();
    }

    @Test
    @Order(3)
    void anArchitectAcceptsADecisionOnceEvidenceSupportsIt() throws Exception {
        String subject = "component:default/portal-demo";
        String engineer = KeycloakResource.accessToken("engineer");
        JsonNode created = post(
                decisions.url() + "/api/decisions",
                engineer,
                Map.of(
                        "title",
                        "Run portal-demo on JDK 25",
                        "context",
                        "CPU cost of portal-demo.",
                        "consideredOptions",
                        List.of("JDK 25", "JDK 17"),
                        "outcome",
                        "Chosen option: \"JDK 25\", because it uses less CPU.",
                        "affectedEntities",
                        List.of(subject),
                        "criteria",
                        List.of(
                                Map.of(
                                        "text",
                                        "cpu: benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.upper <= 0.95 with n >= 10"))));
        String id = created.path("id").asText();
        post(decisions.url() + "/api/evidence", engineer, evidence(subject, id, 0.91));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(decisions.url() + "/api/decisions/" + id, engineer)
                        .path("evidenceStatus")
                        .asText()
                        .equals("SUPPORTED"));

        signIn("architect");
        open("/decisions/" + id);
        waitForText(By.id("decision-evidence-status"), "SUPPORTED", Duration.ofSeconds(30));
        waitFor(By.cssSelector("#review-reason textarea")).sendKeys("the benchmark says 9 % less CPU");
        driver.findElement(By.id("review-accept")).click();
        waitForText(By.id("decision-status"), "accepted", Duration.ofSeconds(30));
        screenshot("decision");
        // the evidence tab draws the interval over time against the ratio 1.0
        driver.findElements(By.tagName("vaadin-tab")).stream()
                .filter(t -> t.getText().equals("Evidence"))
                .findFirst()
                .orElseThrow()
                .click();
        assertThat(waitFor(By.cssSelector("#decision-evidence-chart svg")).getAttribute("aria-label"))
                .isEqualTo("evidence over time");
        assertThat(driver.findElements(By.cssSelector("#decision-evidence-chart svg circle")))
                .hasSize(1);
        assertThat(get(decisions.url() + "/api/decisions/" + id, engineer)
                        .path("status")
                        .asText())
                .isEqualTo("accepted");
    }

    @Test
    @Order(4)
    void aTeamMemberTriggersACanaryPausesItThenSeesItJudgedAndPromoted() throws Exception {
        String engineer = KeycloakResource.accessToken("engineer");
        send("POST", catalog.url() + "/api/entities", engineer, "application/yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: payments-api
                spec:
                  type: service
                  lifecycle: production
                  owner: group:default/payments-team
                """);
        // its first version straight to stable, through the API (the orchestrator learns the owner from the catalog's
        // event: 404 until it has)
        Path jar = Path.of(dev.verdict.demo.DemoService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Map<String, Object> first = Map.of(
                "component", "payments-api",
                "version", "1.0.0",
                "artifact", Map.of("type", "jar", "value", jar.toString()));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> sendStatus(deploy.url() + "/api/deployments", engineer, first) == 201);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> get(deploy.url() + "/api/deployments?component=payments-api&status=PROMOTED", engineer)
                                .path("items")
                                .size()
                        == 1);

        Thread traffic = new Thread(PortalIT::traffic, "traffic");
        traffic.setDaemon(true);
        traffic.start();

        signIn("engineer");
        open("/deploys");
        waitFor(By.id("deploy-trigger")).click();
        waitFor(By.cssSelector("#deploy-component input")).sendKeys("payments-api");
        driver.findElement(By.cssSelector("#deploy-version input")).sendKeys("1.1.0");
        driver.findElements(By.cssSelector("#deploy-trigger textarea"))
                .get(1)
                // an open pause: a person decides when the judging starts
                .sendKeys("[{\"setWeight\": 50}, {\"pause\": {}},"
                        + " {\"analysis\": {\"interval\": \"12s\", \"count\": 1, \"initialDelay\": \"4s\"}}]");
        driver.findElement(By.id("deploy-submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.or(
                        ExpectedConditions.visibilityOfElementLocated(By.id("deployment-status")),
                        ExpectedConditions.textMatches(
                                By.id("deploy-problems"), java.util.regex.Pattern.compile(".+"))));
        assertThat(driver.findElements(By.id("deploy-problems")))
                .as("the orchestrator refused the deploy")
                .allSatisfy(p -> assertThat(p.getText()).isEmpty());
        // live: the page follows the deployment without a reload
        waitForText(By.id("deployment-status"), "PAUSED", Duration.ofSeconds(90));
        waitFor(By.cssSelector("#deployment-reason input")).sendKeys("half the traffic looks fine");
        driver.findElement(By.id("deployment-promote")).click();
        // then the judge, on the real traffic of the thread above, and the orchestrator promotes on its own
        waitForText(By.id("deployment-status"), "PROMOTED", Duration.ofSeconds(120));
        waitForText(By.id("deployment-judgements"), "Pass", Duration.ofSeconds(10));
        waitForText(By.id("deployment-timeline"), "half the traffic looks fine", Duration.ofSeconds(10));
        // a chart per metric of the config, canary and baseline each a drawn line
        List<WebElement> charts = driver.findElements(By.cssSelector("#deployment-charts svg"));
        assertThat(charts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(charts.get(0).findElements(By.cssSelector("path.series")))
                .hasSize(2)
                .allSatisfy(path -> assertThat(path.getAttribute("d")).startsWith("M"));
        screenshot("deployment");
        assertThat(get(deploy.url() + "/api/deployments?component=payments-api&status=PROMOTED", engineer)
                        .path("items")
                        .size())
                .isEqualTo(2);
    }

    @Test
    @Order(5)
    void aViewerReadsAJdkComparisonAsRatiosWithIntervalsPerBenchmark() throws Exception {
        String engineer = KeycloakResource.accessToken("engineer");
        String subject = "component:default/payments-api";
        String run = "portal-bench-" + System.nanoTime();
        post(
                decisions.url() + "/api/evidence",
                engineer,
                benchmark(subject, run, "CryptoBench.aesGcmEncrypt", 0.70, 0.648, 0.769, "better", 5));
        post(
                decisions.url() + "/api/evidence",
                engineer,
                benchmark(subject, run, "StringBench.format", 1.20, 1.10, 1.31, "worse", 5));
        post(
                decisions.url() + "/api/evidence",
                engineer,
                benchmark(
                        subject,
                        run,
                        "StringBench.format:cpu-time-per-op",
                        1.02,
                        0.97,
                        1.08,
                        "no-significant-change",
                        5));

        signIn("viewer");
        driver.findElement(By.id("nav-BenchmarksView")).click();
        // the newest run is shown first
        waitForText(By.id("benchmark-grid"), "CryptoBench.aesGcmEncrypt", Duration.ofSeconds(30));
        List<WebElement> charts = driver.findElements(By.cssSelector("#benchmark-result svg"));
        assertThat(charts)
                .extracting(c -> c.getAttribute("aria-label"))
                .containsExactly("Score per benchmark", "CPU time per op");
        assertThat(charts.get(0).findElements(By.tagName("circle"))).hasSize(2);
        assertThat(charts.get(1).findElements(By.tagName("circle"))).hasSize(1);
        assertThat(driver.findElement(By.id("benchmark-grid")).getText()).contains("better", "worse", "[0.648, 0.769]");
        screenshot("benchmarks");
    }

    @Test
    @Order(6)
    void anEngineerRegistersAGitLocationAndSeesWhichFileFailedAndWhy() throws Exception {
        // a real git repository (the git command line): one good file, one that is not a valid entity
        Path repo = Files.createTempDirectory(WORK, "locations-");
        Files.createDirectories(repo.resolve("ledger"));
        Files.createDirectories(repo.resolve("broken"));
        Files.writeString(repo.resolve("ledger/catalog-info.yaml"), """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: ledger-api
                spec:
                  type: service
                  lifecycle: production
                  owner: group:default/payments-team
                """);
        Files.writeString(repo.resolve("broken/catalog-info.yaml"), """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: broken-api
                spec:
                  type: service
                """);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=portal-it", "-c", "user.email=portal-it@example.com", "commit", "-q", "-m", "two");

        signIn("engineer");
        driver.findElement(By.id("nav-LocationsView")).click();
        waitFor(By.cssSelector("#location-url input")).sendKeys(repo.toUri().toString());
        driver.findElement(By.id("location-register")).click();
        waitForText(By.id("locations-grid"), repo.getFileName().toString(), Duration.ofSeconds(60));
        // the page shows the new location's detail: the broken file with the service's reason
        waitForText(By.id("location-file-errors"), "broken/catalog-info.yaml", Duration.ofSeconds(30));
        assertThat(driver.findElement(By.id("location-file-errors")).getText()).contains("owner");
        screenshot("locations");
    }

    @Test
    @Order(7)
    void aLostSessionSignsInAgainWithoutALoopAndSigningOutEndsKeycloaksSessionToo() throws Exception {
        signIn("viewer");
        open("/catalog");
        waitFor(By.id("catalog-grid"));
        open("/decisions");
        waitFor(By.id("decisions-grid"));
        // the session is one cookie, or the chunks quarkus-oidc splits it into above 4 KB (Keycloak's three tokens
        // are larger than that), numbered from 1 without gaps: nothing left over from an earlier page
        List<String> session = sessionCookies();
        assertThat(session).isNotEmpty();
        if (session.size() > 1) {
            assertThat(session)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, session.size())
                            .mapToObj(i -> "q_session_chunk_" + i)
                            .toList());
        } else {
            assertThat(session).containsExactly("q_session");
        }

        // the portal's session is gone (expired, or the cookie lost): Keycloak's session signs the user in again,
        // back on the page asked for, with the same cookies again and none piled up
        session.forEach(driver.manage()::deleteCookieNamed);
        open("/catalog");
        waitForText(By.id("signed-in-user"), "viewer", Duration.ofSeconds(30));
        waitFor(By.id("catalog-grid"));
        assertThat(driver.getCurrentUrl()).startsWith("http://localhost:" + PORTAL_PORT);
        assertThat(sessionCookies()).isEqualTo(session);

        // signing out ends Keycloak's session as well: the next visit shows the login page, not the portal
        driver.findElement(By.id("sign-out")).click();
        waitFor(By.id("username"));
        assertThat(driver.getCurrentUrl()).startsWith(KeycloakResource.realmUrl());
        open("/catalog");
        waitFor(By.id("username"));
        assertThat(driver.findElements(By.id("signed-in-user"))).isEmpty();
    }

    @Test
    @Order(8)
    void anEngineerFiltersTheCatalogByOwnerAndReadsAnEntitysDependencyGraph() throws Exception {
        String engineer = KeycloakResource.accessToken("engineer");
        send("POST", catalog.url() + "/api/entities", engineer, "application/yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: graph-api
                spec:
                  type: service
                  lifecycle: production
                  owner: group:default/payments-team
                  dependsOn: [resource:default/graph-db]
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Resource
                metadata:
                  name: graph-db
                spec:
                  type: database
                  owner: group:default/payments-team
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: other-teams-api
                spec:
                  type: service
                  lifecycle: production
                  owner: group:default/other-team
                """);

        signIn("engineer");
        open("/catalog");
        waitFor(By.cssSelector("#catalog-owner input")).sendKeys("group:default/other-team");
        waitForText(By.id("catalog-grid"), "other-teams-api", Duration.ofSeconds(30));
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> !d.findElement(By.id("catalog-grid")).getText().contains("graph-api"));

        open("/catalog/component/default/graph-api");
        waitForText(By.id("entity-title"), "graph-api", Duration.ofSeconds(30));
        tab("Graph");
        // the server-side SVG names the dependency the catalog resolved
        waitForText(By.id("entity-graph"), "resource:default/graph-db", Duration.ofSeconds(30));
        assertThat(driver.findElements(By.cssSelector("#entity-graph svg line")))
                .isNotEmpty();
    }

    @Test
    @Order(9)
    void anArchitectCommentsSupersedesADecisionAndSeesTheGitMirror() throws Exception {
        String architect = KeycloakResource.accessToken("architect");
        String old = post(
                        decisions.url() + "/api/decisions",
                        architect,
                        Map.of(
                                "title", "Queue payments on RabbitMQ",
                                "context", "Payments need a queue.",
                                "consideredOptions", List.of("RabbitMQ", "Kafka"),
                                "outcome", "Chosen option: \"RabbitMQ\", because the team knows it."))
                .path("id")
                .asText();
        post(
                decisions.url() + "/api/decisions/" + old + "/accept",
                architect,
                Map.of(
                        "reason", "decided before evidence existed",
                        "override", "no criteria: nothing to measure"));
        String successor = post(
                        decisions.url() + "/api/decisions",
                        architect,
                        Map.of(
                                "title", "Queue payments on Kafka",
                                "context", "Payments need a queue that replays.",
                                "consideredOptions", List.of("Kafka", "RabbitMQ"),
                                "outcome", "Chosen option: \"Kafka\", because it replays."))
                .path("id")
                .asText();

        signIn("architect");
        open("/decisions/" + old);
        waitForText(By.id("decision-status"), "accepted", Duration.ofSeconds(30));
        tab("Comments");
        waitFor(By.cssSelector("#comment-text textarea")).sendKeys("Kafka replays; see " + successor);
        driver.findElement(By.id("comment-post")).click();
        // the page is rebuilt on the tab the user was on, with the comment the service stored
        waitForText(By.id("decision-comments"), "Kafka replays", Duration.ofSeconds(30));

        waitFor(By.cssSelector("#supersede-by input")).sendKeys(successor);
        driver.findElement(By.id("supersede-submit")).click();
        waitForText(By.id("decision-status"), "superseded", Duration.ofSeconds(30));
        assertThat(get(decisions.url() + "/api/decisions/" + old, architect)
                        .path("status")
                        .asText())
                .isEqualTo("superseded");
        assertThat(get(decisions.url() + "/api/decisions/" + old + "/comments", architect)
                        .toString())
                .contains("Kafka replays");

        driver.findElement(By.id("nav-DecisionsGitView")).click();
        waitForText(By.id("git-status"), "Last sync", Duration.ofSeconds(30));
        assertThat(driver.findElement(By.id("git-status")).getText()).contains("branch");
    }

    /** Clicks a tab by its label; the page may be rebuilt under it (after an action), so a stale tab is looked up again. */
    void tab(String label) {
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement t = d.findElements(By.tagName("vaadin-tab")).stream()
                            .filter(e -> e.getText().equals(label))
                            .findFirst()
                            .orElse(null);
                    if (t == null) {
                        return false;
                    }
                    t.click();
                    return true;
                });
    }

    List<String> sessionCookies() {
        return driver.manage().getCookies().stream()
                .map(org.openqa.selenium.Cookie::getName)
                .filter(n -> n.startsWith("q_session"))
                .sorted()
                .toList();
    }

    static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    static Map<String, Object> benchmark(
            String subject,
            String run,
            String metric,
            double estimate,
            double lo,
            double hi,
            String classification,
            int forks) {
        Instant end = Instant.now().minusSeconds(60);
        return Map.of(
                "kind",
                "benchmark",
                "subject",
                subject,
                "metric",
                metric,
                "comparison",
                "ratio(jdk25/jdk17)",
                "provenance",
                Map.of(
                        "producer",
                        "benchmark-harness",
                        "runId",
                        run,
                        "config",
                        Map.of("forks", "5"),
                        "configHash",
                        "abc123",
                        "environment",
                        Map.of("jdkVendor", "Eclipse Adoptium", "jdkVersion", "25.0.1", "cpu", "Xeon", "os", "Linux"),
                        "codeRevision",
                        "9f2c1ab",
                        "windowStart",
                        end.minusSeconds(3600).toString(),
                        "windowEnd",
                        end.toString()),
                "measurements",
                Map.of(
                        "unit",
                        "ratio",
                        "groups",
                        List.of(Map.of(
                                "name",
                                "ratios(jdk25/jdk17)",
                                "n",
                                forks,
                                "summary",
                                Map.of("geometricMean", estimate)))),
                "result",
                Map.of(
                        "method",
                        "ratio of medians, bootstrap CI",
                        "estimate",
                        estimate,
                        "ciLower",
                        lo,
                        "ciUpper",
                        hi,
                        "ciLevel",
                        0.95,
                        "baselineN",
                        forks,
                        "candidateN",
                        forks,
                        "classification",
                        classification),
                "gates",
                List.of(Map.of("name", "noise", "passed", true, "detail", "CV 2.1 % and 1.8 % (limit 10 %)")));
    }

    /** About 40 requests a second through the orchestrator's router, until the JVM ends. */
    static void traffic() {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ROUTER_PORT + "/api/payments/quote"))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (true) {
            try {
                HTTP.send(req, HttpResponse.BodyHandlers.discarding());
                Thread.sleep(25);
            } catch (IOException e) {
                // the router is not up yet, or between two routes: the judge sees what got through
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Benchmark evidence of 20 forks per side for a decision, its interval's upper end at {@code upper}. */
    static Map<String, Object> evidence(String subject, String decision, double upper) {
        Map<String, Object> e = new java.util.HashMap<>(benchmark(
                subject,
                "portal-it-" + System.nanoTime(),
                "cpu-time-per-op",
                upper - 0.03,
                upper - 0.06,
                upper,
                "better",
                20));
        e.put("decision", decision);
        return e;
    }

    static JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static JsonNode post(String url, String token, Object body) throws Exception {
        return send("POST", url, token, "application/json", JSON.writeValueAsString(body));
    }

    static int sendStatus(String url, String token, Object body) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static JsonNode send(String method, String url, String token, String type, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }
}
