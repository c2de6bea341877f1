package org.mcrckg.cds;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * CDS Hooks over HTTP: {@code GET /cds-services} (discovery) and {@code POST /cds-services/{id}}.
 * Mount it at {@code /cds-services/*}; CORS is the server's (the endpoint allows any origin).
 */
public final class CdsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Larger requests are refused: a patient's prefetch is far smaller. */
    static final int MAX_BODY = 32 * 1024 * 1024;
    private final transient CdsService service;

    public CdsServlet(CdsService service) { this.service = service; }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null || path.equals("/") || path.isEmpty()) {
            send(resp, 200, service.discovery());
        } else {
            send(resp, 405, "{\"error\": \"a CDS service is called with POST\"}");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null || path.length() < 2) {
            send(resp, 405, "{\"error\": \"POST /cds-services/{id}\"}");
            return;
        }
        String ct = req.getContentType();
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            send(resp, 415, "{\"error\": \"a CDS Hooks request is application/json\"}");
            return;
        }
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            send(resp, 413, "{\"error\": \"the request is larger than " + MAX_BODY + " bytes\"}");
            return;
        }
        CdsService.Response r = service.call(path.substring(1), new String(body, StandardCharsets.UTF_8));
        send(resp, r.status(), r.body());
    }

    private static void send(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
}
