package org.mcrckg.endpoint;

import org.mcrckg.error.McrcException;

/**
 * The store or the server cannot be used. The id is stable: {@code store#missing} (no store in
 * the directory), {@code store#not-a-store} (the directory holds something else),
 * {@code store#locked} (another process has the store open), {@code endpoint#cannot-start}
 * (for example, the port is in use).
 */
public class EndpointException extends McrcException {
    public EndpointException(String errorId, String message, Throwable cause) {
        // a directory that holds no store was named wrongly; a locked store or a busy port is not the caller's doing
        super(errorId, errorId.equals("store#missing") || errorId.equals("store#not-a-store") ? Kind.USAGE : Kind.FAILURE, message, cause);
    }
}
