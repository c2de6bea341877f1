package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.support.Cohort;

/**
 * Every page in a real browser: headless Chromium loads the page, its scripts run (against the
 * endpoint, with {@code --virtual-time-budget} letting the fetches finish) and the DOM is checked
 * after the page set its own marker ({@code <body data-state="done">}). Chromium's console is
 * logged to stderr ({@code --enable-logging=stderr}): a page must log nothing, neither an error
 * nor a failed load. Every form control must have a label (or {@code aria-label}), and none may be
 * taken out of the keyboard order. A screenshot of each page is written to
 * {@code target/screenshots/} for review (the patient page also as PDF, as it prints).
 *
 * <p>Needs Chromium ({@code apt-get install chromium}; {@code .ci/run} installs it; or
 * {@code MCRC_CHROMIUM=/path/to/chrome}). Without it the tests are skipped, unless the CI
 * environment variable is set: then they fail.
 */
class BrowserIT {
    static final Path SHOTS = Path.of("target/screenshots");
    static final Pattern CONTROL = Pattern.compile("<(input|select|textarea)\\b([^>]*)>");

    @TempDir
    Path profile;

    static Endpoint server;

    @BeforeAll
    static void start() {
        server = Endpoint.start(TestStores.cohort(), EndpointConfig.defaults().withPort(0), Cohort::mcrc);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static Optional<Path> chromium() {
        String env = System.getenv("MCRC_CHROMIUM");
        if (env != null && !env.isBlank()) return Optional.of(Path.of(env));
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")) {
            for (String d : path.split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Path browser() {
        Optional<Path> b = chromium();
        if (b.isEmpty()) {
            if (System.getenv("CI") != null) fail("CI is set but no Chromium was found on PATH: install it (apt-get install -y chromium; .ci/run does)");
            Assumptions.abort("Chromium not found on PATH (Debian: apt-get install -y chromium, or set MCRC_CHROMIUM): the browser check is skipped outside CI");
        }
        return b.get();
    }

    /** The DOM after the scripts ran, and the console lines Chromium logged meanwhile. */
    record Loaded(String dom, List<String> console) {}

    Loaded run(String url, int budgetMillis, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(profile, "p"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=" + budgetMillis, "--window-size=1280,1800"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path out = Files.createTempFile(profile, "out", ".html"), err = Files.createTempFile(profile, "err", ".log");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("Chromium did not finish:\n" + Files.readString(err));
        }
        List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> l.contains(":CONSOLE")).toList();
        return new Loaded(Files.readString(out), console);
    }

    /** Loads the page until its script says it is done (a slow machine gets a larger budget), and takes a screenshot. */
    Loaded page(String path, String screenshot) throws Exception {
        String url = server.baseUri() + path.substring(1);
        Loaded l = null;
        for (int budget : new int[] {10_000, 30_000, 60_000}) {
            l = run(url, budget, "--dump-dom");
            if (l.dom().matches("(?s).*<body[^>]*data-state=\"(done|problem)\".*")) break;
        }
        Files.createDirectories(SHOTS);
        run(url, 10_000, "--screenshot=" + SHOTS.resolve(screenshot + ".png").toAbsolutePath());
        return l;
    }

    static void assertDone(Loaded l) {
        assertTrue(l.dom().matches("(?s).*<body[^>]*data-state=\"done\".*"), "the page's script did not finish:\n" + l.dom());
        assertEquals(List.of(), l.console(), "nothing on the console");
    }

    /** Every form control is labelled and reachable with the keyboard. */
    static void assertControlsLabelled(String dom) {
        Matcher m = CONTROL.matcher(dom);
        int n = 0;
        while (m.find()) {
            String attrs = m.group(2);
            if (attrs.contains("type=\"hidden\"")) continue;
            n++;
            assertFalse(attrs.contains("tabindex=\"-1\"") && !attrs.contains("aria-hidden"), "out of the keyboard order: " + m.group());
            if (attrs.contains("aria-label=\"") || attrs.contains("aria-labelledby=\"")) continue;
            String before = dom.substring(0, m.start());
            if (before.lastIndexOf("<label") > before.lastIndexOf("</label>")) continue;  // inside its label
            Matcher id = Pattern.compile("\\bid=\"([^\"]+)\"").matcher(attrs);
            assertTrue(id.find() && dom.contains("for=\"" + id.group(1) + "\""), "a control without a label: " + m.group());
        }
        assertTrue(n > 0, "the page has controls (the patient search box at least)");
    }

    @Test
    void theQueryPageRunsAnExampleInYasgui() throws Exception {
        Loaded l = page("/?run=cohort-summary", "query");
        assertDone(l);
        Matcher rows = Pattern.compile("<body[^>]*data-rows=\"(\\d+)\"").matcher(l.dom());
        assertTrue(rows.find(), l.dom());
        assertTrue(Integer.parseInt(rows.group(1)) > 20, "rows: " + rows.group(1));
        assertTrue(l.dom().contains("class=\"yasr"), "YASR shows the results");
        assertTrue(l.dom().contains("mdt_discussion"), "a result row");
        assertTrue(l.dom().contains("class=\"example active\""), "the example is marked as the one shown");
        assertTrue(l.dom().contains("<span class=\"question\">Across the cohort, how many patients get each status for each procedure?</span>"),
                "the question is visible text");
        assertTrue(l.dom().contains("data-kind=\"SELECT\""), l.dom());
        for (String f : List.of("csv", "tsv", "json", "xml")) assertTrue(l.dom().contains("data-format=\"" + f + "\""), f);
        assertControlsLabelled(l.dom());
    }

    @Test
    void aDescribeOffersGraphDownloadsThatWork() throws Exception {
        String describe = "DESCRIBE <" + Vocabulary.PATIENT_NS + "V21>";
        Loaded l = page("/?query=" + Http.enc(describe), "query-describe");
        assertDone(l);
        assertTrue(l.dom().contains("data-kind=\"DESCRIBE\""), l.dom());
        assertFalse(l.dom().contains("data-format=\"csv\""), "no table formats for a graph");
        Matcher links = Pattern.compile("<a href=\"(/mcrc/sparql\\?format=([a-z-]+)&amp;query=[^\"]+)\" data-format").matcher(l.dom());
        int n = 0;
        while (links.find()) {
            n++;
            HttpResponse<String> r = Http.get(URI.create(server.baseUri() + links.group(1).substring(1).replace("&amp;", "&")));
            assertEquals(200, r.statusCode(), links.group(2) + ": " + r.body());
            assertTrue(r.body().contains("V21"), links.group(2));
        }
        assertEquals(4, n, "Turtle, N-Triples, JSON-LD, RDF/XML");
    }

    @Test
    void theCohortPageDrawsEveryChart() throws Exception {
        Loaded l = page("/cohort", "cohort");
        assertDone(l);
        for (String[] c : CohortServlet.CHARTS) {
            Matcher s = Pattern.compile("<section class=\"chart\" id=\"chart-" + c[0] + "\"[^>]*data-state=\"done\"[^>]*data-rows=\"(\\d+)\"").matcher(l.dom());
            assertTrue(s.find(), c[0] + " not drawn:\n" + l.dom());
            assertTrue(Integer.parseInt(s.group(1)) > 0, c[0] + " has rows");
        }
        // the example store was loaded without --explain: the last chart falls back to the missing fields
        assertTrue(l.dom().contains(">" + CohortServlet.FALLBACK_SETTLING + "</a>"), "the fallback query is linked");
        assertTrue(l.dom().split("<canvas", -1).length - 1 >= 4);
        assertControlsLabelled(l.dom());
    }

    @Test
    void thePatientPageShowsItsAnswersAndPrintsOnTwoPages() throws Exception {
        Loaded l = page("/patient/V21", "patient-V21");
        assertDone(l);
        assertEquals(Cohort.mcrc().procedures().size(), l.dom().split("<tr data-status=", -1).length - 1, "a row per procedure");
        assertTrue(l.dom().contains("What to measure next"));
        assertControlsLabelled(l.dom());
        Path pdf = SHOTS.resolve("patient-V21.pdf").toAbsolutePath();
        run(server.baseUri() + "patient/V21", 10_000, "--no-pdf-header-footer", "--print-to-pdf=" + pdf);
        String bytes = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
        int pages = bytes.split("/Type\\s*/Page[^s]", -1).length - 1;
        assertTrue(pages >= 1 && pages <= 2, "the tumour-board summary of V21 prints on " + pages + " pages");
    }

    @Test
    void theClassifyFormShowsTheAnswers() throws Exception {
        Loaded l = page("/classify?run=1", "classify");
        assertDone(l);
        assertEquals(Cohort.mcrc().procedures().size(), l.dom().split("<tr data-procedure=", -1).length - 1, "a row per procedure");
        assertTrue(l.dom().contains("data-status=\"recommended\""), "badges");
        assertControlsLabelled(l.dom());
    }

    @Test
    void markupInAQueryParameterOrAPatientIdIsNeverMarkup() throws Exception {
        String evil = "<img src=x onerror=document.body.setAttribute('data-pwned','1')>";
        Loaded q = page("/?query=" + Http.enc("SELECT * WHERE { ?s ?p \"" + evil + "\" }"), "escape-query");
        assertDone(q);
        assertFalse(q.dom().contains("<img src=\"x\""), "the query text is not markup");
        assertFalse(q.dom().matches("(?s).*<body[^>]*data-pwned.*"), "no injected handler ran");
        Loaded run = page("/?run=" + Http.enc(evil), "escape-run");
        assertFalse(run.dom().contains("<img src=\"x\""));
        assertFalse(run.dom().matches("(?s).*<body[^>]*data-pwned.*"));
        assertTrue(run.dom().contains("No example query named &lt;img"), run.dom());
        Loaded patient = page("/patient/" + Http.enc(evil).replace("+", "%20"), "escape-patient");
        assertFalse(patient.dom().contains("<img src=\"x\""));
        assertFalse(patient.dom().matches("(?s).*<body[^>]*data-pwned.*"));
    }
}
