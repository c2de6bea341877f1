package org.mcrckg.patient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/** RFC 4180 CSV with a header row of contract field names, any column order, UTF-8. */
public final class CsvPatientReader implements PatientReader {
    private final Set<String> knownFields;

    /** @param knownFields the record field names; any other column is an error, reported once at the header */
    public CsvPatientReader(Set<String> knownFields) { this.knownFields = knownFields; }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(false)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .get();

    @Override
    public void forEach(Path file, Consumer<RawRecord> sink) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new DataErrorException(new DataError("data#unreadable", new SourceLocation(file.toString(), 0, null), null, "cannot read the file: " + e.getMessage()));
        }
        forEach(file.toString(), in, sink);
    }

    /** As {@link #forEach(Path, Consumer)} for a stream (closed at the end), named {@code name} in errors. */
    public void forEach(String name, InputStream stream, Consumer<RawRecord> sink) {
        List<DataError> errors = new ArrayList<>();
        try (Reader in = utf8(stream); CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new DataErrorException(new DataError("data#malformed", new SourceLocation(name, 1, null), null, "the file has no header row"));
            }
            long headerLine = parser.getCurrentLineNumber();
            Set<String> seenColumns = new HashSet<>();
            for (String h : header) {
                String col = h.strip();
                SourceLocation at = new SourceLocation(name, headerLine, null);
                if (!knownFields.contains(col)) {
                    String shown = InputLimits.shown(col);
                    errors.add(new DataError("data#unknown-field", at, shown, "unknown column '" + shown + "'"
                            + (col.length() > InputLimits.MAX_CELL_CHARS ? "" : FieldNames.suggestion(col, knownFields))
                            + "; the columns are the fields of docs/patient-record.md"));
                } else if (!seenColumns.add(col)) {
                    errors.add(new DataError("data#malformed", at, col, "the column " + InputLimits.shown(col) + " appears twice"));
                }
            }
            if (!errors.isEmpty()) throw new DataErrorException(errors);
            long lineAfterPrevious = headerLine;
            for (CSVRecord r : parser) {
                long line = lineAfterPrevious + 1;
                lineAfterPrevious = parser.getCurrentLineNumber();
                if (r.size() == 1 && r.get(0).isBlank()) continue;  // a blank line
                SourceLocation loc = new SourceLocation(name, line, null);
                if (r.size() != header.size()) {
                    errors.add(new DataError("data#malformed", loc, null, "the row has " + r.size() + " cells, the header has " + header.size()));
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                Map<String, SourceLocation> locs = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String col = header.get(i).strip();
                    values.put(col, r.get(i));
                    locs.put(col, loc);
                }
                try {
                    sink.accept(new RawRecord(loc, values, locs));
                } catch (RuntimeException e) {
                    throw new SinkFailure(e);
                }
            }
        } catch (SinkFailure f) {
            // what the consumer threw (a full disk while writing answers, say) is not a CSV problem
            throw f.failure;
        } catch (UncheckedIOException | IOException | IllegalArgumentException | IllegalStateException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (cause instanceof CharacterCodingException) {
                throw new DataErrorException(new DataError("data#malformed", new SourceLocation(name, 0, null), null, "the file is not UTF-8"));
            }
            if (cause instanceof NoSuchFileException || cause instanceof AccessDeniedException) {
                throw new DataErrorException(new DataError("data#unreadable", new SourceLocation(name, 0, null), null, "cannot read the file: " + cause.getMessage()));
            }
            throw new DataErrorException(new DataError("data#malformed", new SourceLocation(name, 0, null), null, "not valid CSV: " + cause.getMessage()));
        }
        if (!errors.isEmpty()) throw new DataErrorException(errors);
    }

    /** Carries an exception of the sink past the parser's own exception handling. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final RuntimeException failure;

        SinkFailure(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /** Strict UTF-8 with the byte-order mark some spreadsheet exports put first removed. */
    private static Reader utf8(InputStream stream) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        PushbackReader r = new PushbackReader(new BufferedReader(new InputStreamReader(stream, decoder)), 1);
        int c = r.read();
        if (c != -1 && c != '\uFEFF') r.unread(c);
        return r;
    }
}
