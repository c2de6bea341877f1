package org.mcrckg.store;

import org.mcrckg.error.McrcException;

/**
 * The store cannot be used. The id is stable: {@code store#missing} (no store in the directory),
 * {@code store#not-a-store} (the directory holds something else), {@code store#locked} (another
 * process has the store open).
 */
public class StoreException extends McrcException {
    public StoreException(String errorId, String message, Throwable cause) {
        // a directory that holds no store was named wrongly; a locked store is not the caller's doing
        super(errorId, errorId.equals("store#missing") || errorId.equals("store#not-a-store") ? Kind.USAGE : Kind.FAILURE, message, cause);
    }
}
