package org.mcrckg.patient;

import java.util.List;

/** A file (or a record given through the API) has data errors; nothing from it was classified. */
public class DataErrorException extends RuntimeException {
    private final List<DataError> errors;

    public DataErrorException(List<DataError> errors) {
        super(summary(errors));
        if (errors.isEmpty()) throw new IllegalArgumentException("no errors");
        this.errors = List.copyOf(errors);
    }

    public DataErrorException(DataError error) { this(List.of(error)); }

    public List<DataError> errors() { return errors; }

    /** The id of the first error. */
    public String errorId() { return errors.get(0).errorId(); }

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
