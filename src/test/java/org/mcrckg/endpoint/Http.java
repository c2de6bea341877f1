package org.mcrckg.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real HTTP client for the endpoint tests (java.net.http). */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();

    private Http() {}

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    /**
     * Sends on the shared client's pooled connections. The JDK client may pick a kept-alive
     * connection the server has just closed (after answering an error such as a refused update),
     * and then fails with "header parser received no bytes" before the request reached the server:
     * that request alone is sent again once, on a new client's fresh connection, so a server that
     * drops a fresh connection still fails the test.
     */
    static HttpResponse<String> send(HttpRequest r) {
        try {
            try {
                return CLIENT.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) throw e;
                HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
                return fresh.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    /** A SPARQL query as a GET with {@code ?query=} and extra parameters (already encoded, "&a=b"). */
    static HttpResponse<String> query(Endpoint e, String query, String extraParams, String... headers) {
        return get(URI.create(e.sparqlUri() + "?query=" + enc(query) + extraParams), headers);
    }

    /** A SPARQL query as an HTML-form POST. */
    static HttpResponse<String> postForm(URI uri, String form, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    static HttpResponse<String> postBody(URI uri, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }
}
