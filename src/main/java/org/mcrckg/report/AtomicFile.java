package org.mcrckg.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;

/**
 * Writes a file atomically: to a temporary file in the same directory, renamed into place only
 * when the content is complete. A failed run never leaves a partial file behind.
 *
 * <p>The rename replaces whatever has the target's name, so the target is checked first
 * ({@link #checkTarget}): an input file, a directory, a device, a pipe or a symbolic link is
 * refused ({@code classify self.csv --out self.csv} used to delete its input; {@code --out
 * /dev/null} as root replaced the device with a regular file). An I/O failure while writing is an
 * {@link OutputException} {@code io#write-failed}.
 */
public final class AtomicFile {
    private AtomicFile() {}

    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #write(Path, Collection, Content)} with no inputs to protect. */
    public static void write(Path target, Content content) {
        write(target, List.of(), content);
    }

    /**
     * Checks the target ({@link #checkTarget}), then writes it atomically.
     *
     * @throws OutputException {@code io#out-is-input}, {@code io#out-not-a-file} or {@code io#write-failed}
     */
    public static void write(Path target, Collection<Path> inputs, Content content) {
        checkTarget(target, inputs);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw failed(target, e);
        } catch (UncheckedIOException e) {
            throw failed(target, e.getCause());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the write already failed or succeeded; a leftover temporary file is named like the target
                }
            }
        }
    }

    private static OutputException failed(Path target, IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileSystemException fse && fse.getReason() != null) why = fse.getReason() + " (" + fse.getFile() + ")";
        return new OutputException("io#write-failed", "cannot write " + target + ": " + why + "; nothing was written", e);
    }

    /**
     * Refuses a target that the rename would wrongly replace: one of {@code inputs} (the same file,
     * also through another path or a link), or anything but a regular file (a directory, a device,
     * a pipe, a socket, or a symbolic link, even to a regular file: it would be replaced by a file).
     * A target that does not exist yet is fine.
     *
     * @throws OutputException {@code io#out-is-input} or {@code io#out-not-a-file}
     */
    public static void checkTarget(Path target, Collection<Path> inputs) {
        if (Files.isSymbolicLink(target)) {
            throw new OutputException("io#out-not-a-file", target + " is a symbolic link; --out replaces the link with a file: give the path of a regular file", null);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new OutputException("io#out-not-a-file", target + " is a directory: give the path of a file", null);
            }
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new OutputException("io#out-not-a-file", target + " is not a regular file (a device, pipe or socket): give the path of a regular file", null);
            }
        }
        Path abs = target.toAbsolutePath().normalize();
        for (Path in : inputs) {
            boolean same;
            try {
                same = Files.exists(target) && Files.exists(in) ? Files.isSameFile(target, in) : abs.equals(in.toAbsolutePath().normalize());
            } catch (IOException e) {
                same = abs.equals(in.toAbsolutePath().normalize());
            }
            if (same) throw new OutputException("io#out-is-input", target + " is also an input file; --out would replace it: give another path", null);
        }
    }
}
