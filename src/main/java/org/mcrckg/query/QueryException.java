package org.mcrckg.query;

import org.mcrckg.error.McrcException;

/** A query cannot be found or parsed; the id is stable ({@code query#not-found}, {@code query#syntax}, {@code query#service-disabled}). */
public class QueryException extends McrcException {
    public QueryException(String errorId, String message, Throwable cause) {
        // a query that is not there, or one that asks for SERVICE, was asked for wrongly; one that does not
        // parse is the toolkit's (or its editor's)
        super(errorId, errorId.equals("query#not-found") || errorId.equals("query#service-disabled") ? Kind.USAGE : Kind.FAILURE, message, cause);
    }
}
