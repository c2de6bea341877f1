package org.mcrckg.cds;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a patient's resources from the FHIR server a CDS Hooks request names, but only from the
 * hosts the operator allowed ({@code serve --cds-fhir-allow}): a request cannot make this server
 * call an address of its choosing. Redirects are not followed (they could lead elsewhere).
 */
final class FhirFetcher {
    private final Set<String> allowed;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    FhirFetcher(Set<String> allowedHosts) {
        this.allowed = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    static final class FetchException extends Exception {
        FetchException(String m) { super(m); }
    }

    /** Whether {@code baseUrl} is an http(s) URL on an allowed host. */
    boolean allows(String baseUrl) {
        try {
            URI u = new URI(baseUrl);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && allowed.contains(u.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** GET {@code base/relative} as FHIR JSON; the caller checked {@link #allows}. */
    String get(String base, String relative, String bearer) throws IOException, FetchException {
        if (!allows(base)) throw new FetchException("host not allowed");
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + relative);
        if (!allows(uri.toString())) throw new FetchException("host not allowed: " + uri.getHost());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", "application/fhir+json").GET();
        if (bearer != null && !bearer.isBlank()) b.header("Authorization", "Bearer " + bearer);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new FetchException("GET " + uri + " answered " + r.statusCode());
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted");
        }
    }
}
