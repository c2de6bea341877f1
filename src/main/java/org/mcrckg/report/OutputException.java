package org.mcrckg.report;

import org.mcrckg.error.McrcException;

/**
 * An output file cannot or must not be written. Stable ids: {@code io#out-is-input} (the output
 * would replace one of the inputs), {@code io#out-not-a-file} (a directory, a device, a pipe or a
 * symbolic link is there), {@code io#write-failed} (an I/O error while writing, a full disk say).
 */
public class OutputException extends McrcException {
    private static final long serialVersionUID = 1L;

    public OutputException(String errorId, String message, Throwable cause) {
        // a path that names an input or a directory was given wrongly; a full disk is not the caller's doing
        super(errorId, errorId.equals("io#write-failed") ? Kind.FAILURE : Kind.USAGE, message, cause);
    }
}
