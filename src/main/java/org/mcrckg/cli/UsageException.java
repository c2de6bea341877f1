package org.mcrckg.cli;

import org.mcrckg.error.McrcException;

/** A usage problem found after parsing (for example a file that does not exist). */
final class UsageException extends McrcException {
    UsageException(String m) { super("usage", Kind.USAGE, m, null); }
}
