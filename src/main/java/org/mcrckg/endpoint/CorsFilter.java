package org.mcrckg.endpoint;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Cross-origin requests, never with credentials. Fuseki's own CORS filter echoed any
 * {@code Origin} ({@code null} included) together with {@code Access-Control-Allow-Credentials:
 * true}: behind an authenticating proxy, any web page could have read patient rows with the
 * user's cookies. Here:
 *
 * <ul>
 *   <li>with no configured origins, every response to a cross-origin request carries
 *       {@code Access-Control-Allow-Origin: *}, which browsers never combine with cookies or
 *       HTTP authentication;</li>
 *   <li>with a configured list, only an exact match is echoed (with {@code Vary: Origin}); any
 *       other origin, {@code null} included, gets no CORS header, so its page cannot read the
 *       response;</li>
 *   <li>{@code Access-Control-Allow-Credentials} is never sent.</li>
 * </ul>
 *
 * A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here.
 */
final class CorsFilter implements Filter {
    static final String METHODS = "GET, POST, OPTIONS";
    static final String HEADERS = "Accept, Content-Type, Origin, X-Requested-With, Cache-Control";
    static final String EXPOSED = "Content-Type, Content-Length, " + EndpointConfig.TRUNCATED_HEADER;

    private final List<String> origins;

    CorsFilter(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /** The value of {@code Access-Control-Allow-Origin} for this request's origin, or null for none. */
    String allowed(String origin) {
        if (origin == null) return null;
        if (origins.isEmpty()) return "*";
        return origins.contains(origin) ? origin : null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        String origin = request.getHeader("Origin");
        String allow = allowed(origin);
        if (!origins.isEmpty()) response.addHeader("Vary", "Origin");
        boolean preflight = origin != null && "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
        if (allow != null) {
            response.setHeader("Access-Control-Allow-Origin", allow);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED);
        }
        if (preflight) {
            if (allow != null) {
                response.setHeader("Access-Control-Allow-Methods", METHODS);
                response.setHeader("Access-Control-Allow-Headers", HEADERS);
                response.setHeader("Access-Control-Max-Age", "600");
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentLength(0);
            return;
        }
        chain.doFilter(request, response);
    }
}
