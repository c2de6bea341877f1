package org.mcrckg.endpoint;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Static files of the pages, read from the classpath (so from the jar): the WebJars' files at
 * {@code /webjars/*} (from {@code META-INF/resources/webjars}), other vendored libraries at
 * {@code /vendor/*} (from {@code META-INF/resources/vendor}) and the pages' own CSS and scripts at
 * {@code /assets/*}. Only plain relative paths with known file types are served; anything else is
 * 404. Nothing is fetched from another host.
 */
final class AssetServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9_.@-]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript", "css", "text/css", "txt", "text/plain", "svg", "image/svg+xml",
            "png", "image/png", "woff2", "font/woff2", "json", "application/json", "md", "text/plain");

    private final String root;
    private final boolean versioned;
    private final transient Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /**
     * @param root      the classpath folder served, without leading or trailing slash
     * @param versioned true when every path holds a version number (WebJars): then browsers may keep files a day
     */
    AssetServlet(String root, boolean versioned) {
        this.root = root;
        this.versioned = versioned;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        String type = path == null ? null : TYPES.get(extension(path));
        if (path == null || type == null || !SAFE.matcher(path).matches() || path.contains("/..") || path.contains("/./")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Optional<byte[]> body = cache.computeIfAbsent(path, p -> read(root + p));
        if (body.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(type);
        if (type.startsWith("text/") || type.endsWith("json") || type.endsWith("xml")) resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", versioned ? "public, max-age=86400" : "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentLength(body.get().length);
        resp.getOutputStream().write(body.get());
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = AssetServlet.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
