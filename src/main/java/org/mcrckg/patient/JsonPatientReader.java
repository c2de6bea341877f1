package org.mcrckg.patient;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * JSON: an array of objects, or {@code {"patients": [...]}}. Values may be strings, numbers,
 * booleans or null (unknown). Errors name the line and the JSON path, for example
 * {@code $[3].flr_percent}. A key repeated within an object is an error (at the top level too).
 */
public final class JsonPatientReader implements PatientReader {
    // A key repeated in an object is an error, at the top level too: {"patients": [...], "patients": [...]}
    // silently dropped the second array.
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

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
    public void forEach(String name, InputStream in, Consumer<RawRecord> sink) {
        try (in; JsonParser p = FACTORY.createParser(in)) {
            JsonToken t = p.nextToken();
            String prefix = "$";
            if (t == JsonToken.START_OBJECT) {
                boolean found = false;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    t = p.nextToken();
                    if (key.equals("patients") && t == JsonToken.START_ARRAY) {
                        prefix = "$.patients";
                        found = true;
                        break;
                    }
                    p.skipChildren();
                }
                if (!found) throw error(name, p, "$", "expected an array of patients, or an object with a \"patients\" array");
            } else if (t != JsonToken.START_ARRAY) {
                throw error(name, p, "$", "expected an array of patients, or an object with a \"patients\" array");
            }
            int i = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String recPath = prefix + "[" + i + "]";
                if (t != JsonToken.START_OBJECT) throw error(name, p, recPath, "expected a patient object");
                SourceLocation recLoc = new SourceLocation(name, p.currentTokenLocation().getLineNr(), recPath);
                Map<String, String> values = new LinkedHashMap<>();
                Map<String, SourceLocation> locs = new HashMap<>();
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    t = p.nextToken();
                    String path = recPath + "." + key;
                    SourceLocation loc = new SourceLocation(name, p.currentTokenLocation().getLineNr(), path);
                    if (values.containsKey(key)) throw error(name, p, path, "the key " + InputLimits.shown(key) + " appears twice");
                    switch (t) {
                        case VALUE_STRING, VALUE_NUMBER_INT -> values.put(key, p.getText());
                        // 1e-05 is a valid JSON decimal (Python writes small numbers that way)
                        case VALUE_NUMBER_FLOAT -> values.put(key, plain(p.getText()));
                        case VALUE_TRUE -> values.put(key, "true");
                        case VALUE_FALSE -> values.put(key, "false");
                        case VALUE_NULL -> values.put(key, null);
                        default -> throw error(name, p, path, "expected a string, number, boolean or null");
                    }
                    locs.put(key, loc);
                }
                sink.accept(new RawRecord(recLoc, values, locs));
                i++;
            }
            if (prefix.equals("$.patients")) {
                // the rest of the enclosing object: other keys are allowed, broken JSON is not
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    p.nextToken();
                    p.skipChildren();
                }
                if (t != JsonToken.END_OBJECT) throw error(name, p, "$", "expected the end of the object");
            }
            if (p.nextToken() != null) throw error(name, p, "$", "unexpected content after the patients");
        } catch (JsonProcessingException e) {
            var l = e.getLocation();
            throw new DataErrorException(new DataError("data#malformed", new SourceLocation(name, l == null ? 0 : l.getLineNr(), null), null,
                    "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new DataErrorException(new DataError("data#unreadable", new SourceLocation(name, 0, null), null, "cannot read the file: " + e.getMessage()));
        }
    }

    /**
     * A JSON number with a fraction or an exponent, written out ({@code 1e-05} is {@code 0.00001}),
     * unless it is too long for a number or would be once written out ({@code 1e999999999} has a
     * billion digits): then it is kept as written, and validation reports it (data#too-long).
     */
    static String plain(String text) {
        if (text.length() > InputLimits.MAX_NUMBER_CHARS) return text;
        BigDecimal d = new BigDecimal(text);
        return InputLimits.plainLength(d) > InputLimits.MAX_NUMBER_CHARS ? text : d.toPlainString();
    }

    private static DataErrorException error(String file, JsonParser p, String path, String message) {
        return new DataErrorException(new DataError("data#malformed", new SourceLocation(file, p.currentTokenLocation().getLineNr(), path), null, message));
    }
}
