package org.mcrckg.report;

/**
 * An output file cannot or must not be written. Stable ids: {@code io#out-is-input} (the output
 * would replace one of the inputs), {@code io#out-not-a-file} (a directory, a device, a pipe or a
 * symbolic link is there), {@code io#write-failed} (an I/O error while writing, a full disk say).
 */
public class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorId;

    public OutputException(String errorId, String message, Throwable cause) {
        super(message, cause);
        this.errorId = errorId;
    }

    public String errorId() { return errorId; }
}
