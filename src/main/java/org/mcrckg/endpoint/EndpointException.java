package org.mcrckg.endpoint;

/**
 * The store or the server cannot be used. The id is stable: {@code store#missing} (no store in
 * the directory), {@code store#not-a-store} (the directory holds something else),
 * {@code store#locked} (another process has the store open), {@code endpoint#cannot-start}
 * (for example, the port is in use).
 */
public class EndpointException extends RuntimeException {
    private final String errorId;

    public EndpointException(String errorId, String message, Throwable cause) {
        super(message, cause);
        this.errorId = errorId;
    }

    public String errorId() { return errorId; }
}
