package org.mcrckg.query;

/** A query cannot be found or parsed; the id is stable ({@code query#not-found}, {@code query#syntax}). */
public class QueryException extends RuntimeException {
    private final String errorId;

    public QueryException(String errorId, String message, Throwable cause) {
        super(message, cause);
        this.errorId = errorId;
    }

    public String errorId() { return errorId; }
}
