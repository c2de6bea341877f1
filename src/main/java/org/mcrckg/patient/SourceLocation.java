package org.mcrckg.patient;

/**
 * Where a record or a value came from: a file with a line (CSV, JSON) and a JSON path, or a
 * subject IRI (Turtle). Rendered as {@code cohort.csv:14} or {@code cohort.json:8 $[2].pci}.
 */
public record SourceLocation(String file, long line, String path) {
    public static SourceLocation api() { return new SourceLocation("(api)", 0, null); }

    public SourceLocation withPath(String p) { return new SourceLocation(file, line, p); }

    public SourceLocation withLine(long l) { return new SourceLocation(file, l, path); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) b.append(':').append(line);
        if (path != null) b.append(' ').append(path);
        return b.toString();
    }
}
