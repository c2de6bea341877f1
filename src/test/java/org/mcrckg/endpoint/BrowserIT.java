package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page at {@code /} in a real browser: headless Chromium opens {@code /?run=cohort-summary},
 * the page's script runs the example against the endpoint and renders the rows as a table; the
 * DOM is checked after the page settled ({@code --virtual-time-budget} lets the fetch finish).
 *
 * <p>Needs Chromium ({@code apt-get install chromium}; {@code .ci/run} installs it; or
 * {@code MCRC_CHROMIUM=/path/to/chrome}). Without it the test is skipped, unless the CI
 * environment variable is set: then it fails.
 */
class BrowserIT {
    static final Pattern ROWS = Pattern.compile("<table id=\"results\" data-rows=\"(\\d+)\"");

    @TempDir
    Path profile;

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

    static String dumpDom(Path browser, Path profile, String url, int budgetMillis) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMillis, "--dump-dom", url));
        Path out = Files.createTempFile("mcrc-dom", ".html"), err = Files.createTempFile("mcrc-chromium", ".log");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("Chromium did not finish:\n" + Files.readString(err));
        }
        return Files.readString(out);
    }

    @Test
    void thePageRunsAnExampleAndShowsItsRows() throws Exception {
        Optional<Path> browser = chromium();
        if (browser.isEmpty()) {
            if (System.getenv("CI") != null) fail("CI is set but no Chromium was found on PATH: install it (apt-get install -y chromium; .ci/run does)");
            Assumptions.abort("Chromium not found on PATH (Debian: apt-get install -y chromium, or set MCRC_CHROMIUM): the browser check is skipped outside CI");
        }
        try (Endpoint e = Endpoint.start(TestStores.cohort(), EndpointConfig.defaults().withPort(0))) {
            String url = e.baseUri() + "?run=cohort-summary";
            String dom = "";
            // a slow machine may need longer for the fetch to settle: retry with a larger budget
            for (int budget : new int[] {10_000, 30_000, 60_000}) {
                dom = dumpDom(browser.get(), profile, url, budget);
                if (dom.contains("data-state=\"done\"") && dom.matches("(?s).*<body[^>]*data-state=\"done\".*")) break;
            }
            assertTrue(dom.matches("(?s).*<body[^>]*data-state=\"done\".*"), "the page did not finish running the example:\n" + dom);
            Matcher m = ROWS.matcher(dom);
            assertTrue(m.find(), dom);
            int rows = Integer.parseInt(m.group(1));
            assertTrue(rows > 20, "rows rendered: " + rows);
            assertTrue(dom.contains("<th>procedure</th><th>status</th><th>patients</th>"), "the table header shows the query's variables");
            assertTrue(dom.contains("<td>mdt_discussion</td><td>recommended</td>"), "a result row");
            assertEquals(rows, dom.split("<tr>", -1).length - 2, "one table row per result row (plus the header)");
            assertTrue(dom.contains("class=\"example active\""), "the example is marked as the one shown");
        }
    }
}
