package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.store.PatientStore;
import org.mcrckg.support.CountingForm;

/** {@code bin/mcrc load} and {@code bin/mcrc serve} as processes: exit codes, the store lock, a clean stop. */
class ServeCommandIT {
    @TempDir
    Path dir;

    @Test
    void loadThenServeThenStopCleanly() throws Exception {
        Path store = dir.resolve("store");
        Processes.Run load = Processes.run("load", "--store", store.toString(), "src/test/resources/vignettes/V01.csv", "src/test/resources/vignettes/V21.csv");
        assertEquals(0, load.exit(), load.err());
        assertTrue(load.out().contains("loaded 2 patients (0 replaced, 0 inconsistent)"), load.out());
        assertTrue(load.out().contains("the store holds 2 patients"), load.out());

        Processes.Started serve = Processes.start("serve", "--store", store.toString(), "--port", "0");
        try {
            URI base = Processes.awaitServing(serve);
            assertEquals("127.0.0.1", base.getHost(), "loopback by default");
            assertTrue(serve.out().contains("read-only"), serve.out());
            assertEquals(200, Http.get(base).statusCode());
            HttpResponse<String> r = Http.postForm(base.resolve("mcrc/sparql"),
                    "query=" + Http.enc("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/mcrc-kg/graph/patients> { ?p a <https://w3id.org/mcrc-kg/mcrc#Patient> } }"),
                    "Accept", "text/csv");
            assertEquals("n\r\n2\r\n", r.body());

            // README's curl examples work as written (with this server's port)
            List<String> curls = readmeCurls();
            assertTrue(curls.size() >= 5, "README shows curl examples: " + curls);
            for (String c : curls) {
                String command = c.replace("http://127.0.0.1:3030/", base.toString()).replaceFirst("^curl ", "curl -sS --fail ");
                Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
                assertEquals(0, p.exitValue(), command + "\n" + output);
                assertFalse(output.isBlank(), command + " printed nothing");
            }

            // one process at a time: loading while serving is refused, and nothing is written
            Processes.Run locked = Processes.run("load", "--store", store.toString(), "--compact", "never", "src/test/resources/vignettes/V09.csv");
            assertEquals(1, locked.exit(), locked.err());
            assertTrue(locked.err().contains("[store#locked]"), locked.err());

            // Ctrl-C when the process can receive it (a background job of a script cannot), else SIGTERM
            String signal = Processes.ignoresSigint(serve.process()) ? "TERM" : "INT";
            System.out.println("ServeCommandIT: stopping serve with SIG" + signal);
            Processes.signal(serve.process(), signal);
            assertTrue(serve.process().waitFor(60, TimeUnit.SECONDS), "serve did not stop");
            assertFalse(serve.err().contains("Exception"), serve.err());
        } finally {
            serve.process().destroyForcibly();
        }
        // the lock was released: the store opens again, unchanged
        try (PatientStore s = PatientStore.openExisting(store)) {
            assertEquals(2, s.patientCount());
        }
    }

    /**
     * A store written before the summary graph had its current counts is counted again when opened,
     * once, and the command says so; the dashboard's queries are then exact.
     */
    @Test
    void aStoreOfAnEarlierVersionIsCountedOnceWhenOpened() throws Exception {
        Path store = dir.resolve("store");
        Processes.Run load = Processes.run("load", "--store", store.toString(), "src/test/resources/vignettes/V01.csv", "src/test/resources/vignettes/V21.csv");
        assertEquals(0, load.exit(), load.err());
        assertFalse(load.err().contains("counted the summary graph"), load.err());
        // the summary graph as the previous version wrote it: the status counts only
        try (PatientStore s = PatientStore.openExisting(store)) {
            assertTrue(CountingForm.keepStatusCountsOnly(s.dataset()) > 0);
        }
        Processes.Started serve = Processes.start("serve", "--store", store.toString(), "--port", "0");
        try {
            URI base = Processes.awaitServing(serve);
            assertTrue(serve.err().contains("mcrc: counted the summary graph of " + store), serve.err());
            HttpResponse<String> r = Http.postForm(base.resolve("mcrc/sparql"),
                    "query=" + Http.enc(CountingForm.shipped("cohort-metastasis-sites")), "Accept", "text/csv");
            assertTrue(r.body().contains("liver,liver_met_count,2,0,0"), r.body());
            Processes.signal(serve.process(), "TERM");
            assertTrue(serve.process().waitFor(60, TimeUnit.SECONDS), "serve did not stop");
        } finally {
            serve.process().destroyForcibly();
        }
        Processes.Run again = Processes.run("load", "--store", store.toString(), "--compact", "never", "src/test/resources/vignettes/V09.csv");
        assertEquals(0, again.exit(), again.err());
        assertFalse(again.err().contains("counted the summary graph"), "once only: " + again.err());
    }

    /** The {@code $ curl} lines of README's "SPARQL endpoint" section, continuation lines joined. */
    static List<String> readmeCurls() throws java.io.IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("\n## SPARQL endpoint");
        assertTrue(from >= 0, "README has a section SPARQL endpoint");
        int to = readme.indexOf("\n## ", from + 1);
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : readme.substring(from, to < 0 ? readme.length() : to).split("\n")) {
            if (cur != null) cur.append(' ').append(line.strip());
            else if (line.startsWith("$ curl ")) cur = new StringBuilder(line.substring(2).strip());
            else continue;
            if (cur.charAt(cur.length() - 1) == '\\') {
                cur.setLength(cur.length() - 1);
                continue;
            }
            out.add(cur.toString().strip());
            cur = null;
        }
        return out;
    }

    @Test
    void aDataErrorWritesNothing() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "patient_id,ecog\nB1,7\n");
        Path store = dir.resolve("store");
        Processes.Run r = Processes.run("load", "--store", store.toString(), "src/test/resources/vignettes/V01.csv", bad.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("nothing was written") && r.err().contains("bad.csv:2: field ecog"), r.err());
        assertFalse(Files.exists(store), "the store was not even created");
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        Processes.Run missing = Processes.run("serve", "--store", dir.resolve("none").toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("[store#missing]"), missing.err());
        Files.writeString(dir.resolve("notes.txt"), "not a store");
        Processes.Run notAStore = Processes.run("load", "--store", dir.toString(), "src/test/resources/vignettes/V01.csv");
        assertEquals(2, notAStore.exit(), notAStore.err());
        assertTrue(notAStore.err().contains("[store#not-a-store]"), notAStore.err());
        assertEquals(2, Processes.run("serve", "--store", dir.toString(), "--timeout", "5 minutes").exit());
        assertEquals(2, Processes.run("serve", "--store", dir.toString(), "--port", "70000").exit());
        assertEquals(2, Processes.run("serve").exit());
        assertEquals(2, Processes.run("load", "--store", dir.resolve("s").toString(), "--compact", "sometimes", "src/test/resources/vignettes/V01.csv").exit());
    }
}
