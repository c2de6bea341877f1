package org.mcrckg.endpoint;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The first filter of every request: size limits, the arrival time, and the access log.
 *
 * <ul>
 *   <li><b>Size.</b> A body whose {@code Content-Length} exceeds {@link EndpointConfig#maxRequestBytes()},
 *       or a query string longer than that, is answered with 413 before anything is read. A body
 *       without a length (chunked) that is not an HTML form is read here, up to the limit, and
 *       refused with 413 past it; a chunked form is bounded by Jetty's form limit, set to the same
 *       size ({@link Endpoint}).</li>
 *   <li><b>Arrival.</b> The time the request arrived is the request attribute {@value #ARRIVAL}
 *       ({@link System#nanoTime()}): the query timeout counts from it, so reading and parsing a
 *       query are inside the timeout.</li>
 *   <li><b>Access log</b> (when configured): one line per request, when it is answered:
 *       {@code <time ISO-8601 UTC> <remote address> <method> <path> <status> <bytes> <ms>ms},
 *       the path without its query string (which holds the query). Only with
 *       {@link EndpointConfig#logQueries()} is the query text added, as {@code query="…"} with
 *       control characters escaped. A query is never logged with data in it: SERVICE is refused
 *       before execution, so no URL is ever built from the data.</li>
 * </ul>
 */
final class GuardFilter implements Filter {
    /** Request attribute: {@link System#nanoTime()} when the request arrived (a Long). */
    static final String ARRIVAL = "mcrc.arrival";

    private final EndpointConfig config;

    GuardFilter(EndpointConfig config) {
        this.config = config;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        long start = System.nanoTime();
        request.setAttribute(ARRIVAL, start);
        Counting counted = config.accessLog() == null ? null : new Counting(response);
        HttpServletResponse out = counted == null ? response : counted;
        byte[] body = null;
        String[] queryText = {null};
        try {
            long max = config.maxRequestBytes();
            String qs = request.getQueryString();
            long length = request.getContentLengthLong();
            if (length > max || (qs != null && qs.length() > max)) {
                tooLarge(request, out);
                return;
            }
            if (needsBuffering(request) || (counted != null && config.logQueries() && isQueryBody(request))) {
                body = readAtMost(request.getInputStream(), max);
                if (body == null) {
                    tooLarge(request, out);
                    return;
                }
                request = new Buffered(request, body);
            }
            // read before the servlet consumes a form body
            if (counted != null && config.logQueries()) queryText[0] = queryText(request, body);
            chain.doFilter(request, out);
        } finally {
            if (counted != null) log(request, counted, queryText[0], start);
        }
    }

    /** A body of unknown length that is not a form (Jetty bounds forms itself). */
    private static boolean needsBuffering(HttpServletRequest r) {
        if (r.getContentLengthLong() >= 0) return false;
        String method = r.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) return false;
        String ct = r.getContentType();
        return ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isQueryBody(HttpServletRequest r) {
        String ct = r.getContentType() == null ? "" : r.getContentType().toLowerCase(Locale.ROOT);
        return ct.startsWith("application/sparql-query") || ct.startsWith("application/sparql-update");
    }

    /** The stream's bytes, or null when there are more than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > max) return null;
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(413);
        // RFC 9457 problem details, as /mcrc/classify answers its own errors (this filter runs before it)
        response.setContentType("application/problem+json;charset=utf-8");
        // the client may still be sending: tell it the connection ends here
        response.setHeader("Connection", "close");
        String detail = "Request too large: at most " + config.maxRequestBytes() + " bytes of body or query string";
        response.getOutputStream().write(("{\"type\":\"" + ClassifyServlet.PROBLEM_TYPES + "too-large\",\"title\":\"Request too large\",\"status\":413,"
                + "\"detail\":\"" + detail + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }

    private void log(HttpServletRequest request, Counting response, String q, long start) {
        try {
            long ms = (System.nanoTime() - start) / 1_000_000;
            String remote = request.getRemoteAddr();
            StringBuilder line = new StringBuilder(160);
            line.append(Instant.now()).append(' ').append(remote == null ? "-" : remote).append(' ')
                    .append(request.getMethod()).append(' ').append(escape(request.getRequestURI(), 2000)).append(' ')
                    .append(response.getStatus()).append(' ').append(response.bytes()).append(' ').append(ms).append("ms");
            if (config.logQueries()) {
                if (q != null) line.append(" query=\"").append(escape(q, config.maxQueryChars())).append('"');
            }
            config.accessLog().line(line.toString());
        } catch (RuntimeException e) {
            // the log must never change the answer
        }
    }

    private static String queryText(HttpServletRequest request, byte[] body) {
        String ct = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/sparql-query") || ct.startsWith("application/sparql-update")) {
            return body == null ? null : new String(body, StandardCharsets.UTF_8);
        }
        try {
            String q = request.getParameter("query");
            return q != null ? q : request.getParameter("update");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Control characters and quotes escaped, so that a log line is one line; cut at {@code max} characters. */
    static String escape(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        if (s.length() > max) b.append("… (").append(s.length()).append(" chars)");
        return b.toString();
    }

    /** A request whose body was read here. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest r, byte[] body) {
            super(r);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener l) { throw new UnsupportedOperationException(); }
            };
        }

        @Override
        public long getContentLengthLong() { return body.length; }

        @Override
        public int getContentLength() { return body.length; }
    }

    /** Counts the body bytes written (for the access log). */
    private static final class Counting extends HttpServletResponseWrapper {
        private long count;
        private ServletOutputStream stream;
        private PrintWriter writer;

        Counting(HttpServletResponse r) { super(r); }

        long bytes() {
            if (writer != null) writer.flush();
            String declared = getHeader("Content-Length");
            if (count == 0 && declared != null) {
                try {
                    return Long.parseLong(declared);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
            return count;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream inner = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override public void write(int b) throws IOException { inner.write(b); count++; }
                    @Override public void write(byte[] b, int off, int len) throws IOException { inner.write(b, off, len); count += len; }
                    @Override public void flush() throws IOException { inner.flush(); }
                    @Override public void close() throws IOException { inner.close(); }
                    @Override public boolean isReady() { return inner.isReady(); }
                    @Override public void setWriteListener(WriteListener l) { inner.setWriteListener(l); }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String cs = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), cs));
            }
            return writer;
        }
    }
}
