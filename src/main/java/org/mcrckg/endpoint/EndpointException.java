package org.mcrckg.endpoint;

import org.mcrckg.error.McrcException;

/**
 * The server cannot be used. The id is stable: {@code endpoint#cannot-start} (for example, the
 * port is in use). A store that cannot be opened throws {@link org.mcrckg.store.StoreException}.
 */
public class EndpointException extends McrcException {
    public EndpointException(String errorId, String message, Throwable cause) {
        // a busy port is not the caller's doing
        super(errorId, Kind.FAILURE, message, cause);
    }
}
