package org.mcrckg.patient;

import java.util.List;
import org.mcrckg.error.McrcException;

/** A file (or a record given through the API) has data errors; nothing from it was classified. */
public class DataErrorException extends McrcException {
    private final List<DataError> errors;

    public DataErrorException(List<DataError> errors) {
        super(firstId(errors), Kind.DATA, summary(errors), null);
        this.errors = List.copyOf(errors);
    }

    public DataErrorException(DataError error) { this(List.of(error)); }

    public List<DataError> errors() { return errors; }

    /** The id of the first error (its {@link #errorId()}). */
    private static String firstId(List<DataError> errors) {
        if (errors.isEmpty()) throw new IllegalArgumentException("no errors");
        return errors.get(0).errorId();
    }

    private static String summary(List<DataError> errors) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (DataError e : errors) {
            if (n++ == 20) { b.append("... and ").append(errors.size() - 20).append(" more data errors\n"); break; }
            b.append(e).append('\n');
        }
        return b.toString().strip();
    }
}
