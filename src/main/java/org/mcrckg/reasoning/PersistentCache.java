package org.mcrckg.reasoning;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.mcrckg.ontology.BuildInfo;
import org.mcrckg.ontology.KnowledgeBase;

/**
 * The fast engine's exact cache on disk: one file per <em>digest</em> in a directory that any
 * number of processes share.
 *
 * <p><b>Why a file can be reused.</b> Every entry is HermiT's answer about some cells of a record
 * (see {@link CachedOracle}), a function of the ontology, of HermiT and its configuration, and of
 * the code that turns records into cells and questions. The digest covers all of them: the bytes
 * of the ontology and of every import loaded ({@link KnowledgeBase#contentDigest()}), every field
 * of HermiT's configuration and HermiT's and the OWL API's versions
 * ({@link HermitReasoners#configurationRecord()}), the engine's version constant and the class
 * files of the code that computes cells, components, constraint axioms and questions. Any edit to
 * any of them gives another file name, so a stale file is never read. Entries name atoms and
 * questions by their rendering, never by a per-process number.
 *
 * <p><b>Safety.</b> A file is written whole to a temporary file and renamed over the old one, so
 * a reader sees an old or a new file, never half of one; writers take a lock on a sibling
 * {@code .lock} file and merge what the file holds by then with what they learned (no entry is
 * lost when two processes finish together). The file ends with a CRC-32 of everything before it,
 * and its header repeats the format and the digest: a file that is truncated, has a flipped byte,
 * or belongs to another digest is ignored, with one warning, and replaced by the next write.
 *
 * <p>Layout: magic {@code MCRCKGXC}, format (int), digest (32 bytes), symbol count (int) and the
 * symbols (int length, UTF-8), entry count (int) and the entries, CRC-32 (int). An entry is its
 * kind (byte), its symbols (byte count, int indexes), its packed cells (byte count, longs) and its
 * value (a byte, or for joint values a short count and ints).
 */
final class PersistentCache {
    /** The layout above; change it, or anything in the meaning of an entry, and bump it. */
    static final int FORMAT = 1;
    static final String SUFFIX = ".cache";
    private static final byte[] MAGIC = "MCRCKGXC".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 32;

    static final byte ATOM = 1, JOINT = 2, WHOLE = 3, CONSISTENT = 4;

    /** Warned about a damaged file already: one warning per file. */
    private volatile boolean warned;

    private final Path dir;
    private final String digest;
    private final Path file;
    private final Consumer<String> warnings;

    PersistentCache(Path dir, String digest, Consumer<String> warnings) {
        this.dir = dir;
        this.digest = digest;
        this.file = dir.resolve(digest + SUFFIX);
        this.warnings = warnings;
    }

    Path file() { return file; }

    /**
     * The digest of everything the answers depend on, in hex: the ontology, HermiT, the engine's
     * version and the class files of {@code code}, the classes whose behaviour the entries depend on
     * (nested classes included). {@link ExactCache} names them, so that this file depends on none.
     */
    static String digest(KnowledgeBase kb, String engineVersion, List<Class<?>> code) {
        MessageDigest md = sha256();
        StringBuilder s = new StringBuilder("mcrc-kg exact cache\nformat ").append(FORMAT)
                .append("\nengine ").append(engineVersion)
                .append("\nontology ").append(kb.contentDigest())
                .append("\nreasoner ").append(HermitReasoners.configurationRecord())
                .append("\nowlapi ").append(BuildInfo.property("owlapi"))
                .append('\n');
        md.update(s.toString().getBytes(StandardCharsets.UTF_8));
        for (Class<?> c : code) {
            digestClass(md, c);
            for (Class<?> n : c.getDeclaredClasses()) digestClass(md, n);
            // anonymous classes are numbered $1, $2, ... and not listed as declared classes
            for (int i = 1; digestResource(md, c.getName().replace('.', '/') + "$" + i + ".class"); i++) { }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void digestClass(MessageDigest md, Class<?> c) {
        String name = c.getName().replace('.', '/') + ".class";
        if (!digestResource(md, name)) throw new IllegalStateException("cannot read the class file " + name);
    }

    private static boolean digestResource(MessageDigest md, String name) {
        try (var in = PersistentCache.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) return false;
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update(in.readAllBytes());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a file holds, handed over entry by entry once the whole file has been checked. */
    interface Reader {
        /** The file's symbols; entries refer to them by index. */
        void symbols(String[] table);

        void entry(byte kind, int[] symbols, long[] cells, int[] values);
    }

    /** What the engine knows, entry by entry. */
    interface Content {
        void writeTo(Writer w);
    }

    interface Writer {
        /** The index of a symbol in the file being written. */
        int symbol(String s);

        void entry(byte kind, int[] symbols, long[] cells, int[] values);
    }

    /**
     * Reads the file into {@code reader}: nothing when there is none; a warning and nothing when it is
     * damaged or not ours. True when a valid file was read.
     */
    boolean read(Reader reader) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            warn("cannot read the cache file " + file + " (" + e.getMessage() + "); it is not used");
            return false;
        }
        String problem = check(bytes);
        if (problem != null) {
            warn("ignoring the cache file " + file + ": " + problem + "; it will be replaced");
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        b.position(HEADER);
        parse(b, reader);
        return true;
    }

    /** Null when the file is whole and ours, else what is wrong with it. Nothing is handed over. */
    private String check(byte[] bytes) {
        if (bytes.length < MAGIC.length + 4 + 32 + 4 + 4 + 4) return "too short (truncated?)";
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) return "not an mcrc-kg cache file";
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) return "its checksum does not match (truncated or damaged)";
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        b.position(MAGIC.length);
        int format = b.getInt();
        if (format != FORMAT) return "format " + format + ", expected " + FORMAT;
        byte[] d = new byte[32];
        b.get(d);
        if (!HexFormat.of().formatHex(d).equals(digest)) return "it belongs to another ontology or configuration (digest " + HexFormat.of().formatHex(d) + ")";
        try {
            parse(b, null);
        } catch (RuntimeException e) {
            return "its content is malformed (" + e + ")";
        }
        return null;
    }

    /** Parses from the symbol table on; with a null reader only checks the structure. */
    private static void parse(ByteBuffer b, Reader reader) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) throw new IllegalArgumentException("symbol count " + n);
        String[] table = new String[n];
        for (int i = 0; i < n; i++) {
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) throw new IllegalArgumentException("symbol length " + len);
            table[i] = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
            b.position(b.position() + len);
        }
        if (reader != null) reader.symbols(table);
        int entries = b.getInt();
        if (entries < 0) throw new IllegalArgumentException("entry count " + entries);
        for (int e = 0; e < entries; e++) {
            byte kind = b.get();
            int ns = b.get();
            if (ns < 1 || ns > 30 || (kind != JOINT && ns != 1)) throw new IllegalArgumentException("symbol count " + ns + " for kind " + kind);
            int[] syms = new int[ns];
            for (int i = 0; i < ns; i++) {
                syms[i] = b.getInt();
                if (syms[i] < 0 || syms[i] >= n) throw new IllegalArgumentException("symbol index " + syms[i]);
            }
            int nl = b.get();
            if (nl < 0) throw new IllegalArgumentException("cell count " + nl);
            long[] cells = new long[nl];
            for (int i = 0; i < nl; i++) cells[i] = b.getLong();
            int[] values;
            switch (kind) {
                case ATOM, WHOLE -> {
                    values = new int[] {b.get()};
                    if (values[0] < 0 || values[0] > 2) throw new IllegalArgumentException("truth " + values[0]);
                }
                case CONSISTENT -> {
                    values = new int[] {b.get()};
                    if (values[0] != 0 && values[0] != 1) throw new IllegalArgumentException("consistency " + values[0]);
                }
                case JOINT -> {
                    int nv = b.getShort();
                    // 0: the joint search ran out of budget on these cells (the whole question is asked instead)
                    if (nv < 0) throw new IllegalArgumentException("joint value count " + nv);
                    values = new int[nv];
                    for (int i = 0; i < nv; i++) {
                        values[i] = b.getInt();
                        if (values[i] < 0 || (ns < 31 && values[i] >= 1 << ns)) throw new IllegalArgumentException("joint value " + values[i]);
                    }
                }
                default -> throw new IllegalArgumentException("entry kind " + kind);
            }
            if (reader != null) reader.entry(kind, syms, cells, values);
        }
        if (b.hasRemaining()) throw new IllegalArgumentException(b.remaining() + " bytes after the last entry");
    }

    /** One writer at a time per file in this process (file locks are per process). */
    private static final Map<Path, Object> monitors = new ConcurrentHashMap<>();

    /**
     * Merges the file as it is now (other processes may have written it since it was read) into
     * {@code merge}, then writes {@code content} (which by then holds both) to a temporary file and
     * renames it over the file, under the lock. Failures are warnings: the cache is an optimisation.
     * False when nothing was written.
     */
    boolean write(Reader merge, Content content) {
        Path lockFile = dir.resolve(digest + ".lock");
        synchronized (monitors.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new Object())) {
            try {
                Files.createDirectories(dir);
                try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = lock.lock()) {
                    removeStaleTemporaryFiles();
                    read(merge);
                    byte[] bytes = encode(content);
                    Path tmp = Files.createTempFile(dir, digest + ".", ".tmp");
                    try {
                        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                            ByteBuffer buf = ByteBuffer.wrap(bytes);
                            while (buf.hasRemaining()) out.write(buf);
                            out.force(true);
                        }
                        try {
                            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        } catch (AtomicMoveNotSupportedException e) {
                            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                        }
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                    warned = false;  // a new, whole file: warn again if it is ever damaged
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                warnings.accept("cannot write the cache file " + file + " (" + e + "); the answers learned in this run are not kept");
                return false;
            }
        }
    }

    /**
     * Temporary files of this digest left by a writer that was killed: only a writer holding the
     * lock makes one, so under the lock every one there is stale.
     */
    private void removeStaleTemporaryFiles() throws IOException {
        try (var s = Files.newDirectoryStream(dir, digest + ".*.tmp")) {
            for (Path p : s) Files.deleteIfExists(p);
        }
    }

    private byte[] encode(Content content) throws IOException {
        Map<String, Integer> index = new HashMap<>();
        List<String> table = new ArrayList<>();
        ByteArrayOutputStream entryBytes = new ByteArrayOutputStream(1 << 16);
        DataOutputStream e = new DataOutputStream(entryBytes);
        int[] count = {0};
        content.writeTo(new Writer() {
            @Override
            public int symbol(String s) {
                return index.computeIfAbsent(s, k -> {
                    table.add(k);
                    return table.size() - 1;
                });
            }

            @Override
            public void entry(byte kind, int[] symbols, long[] cells, int[] values) {
                try {
                    e.writeByte(kind);
                    e.writeByte(symbols.length);
                    for (int s : symbols) e.writeInt(s);
                    e.writeByte(cells.length);
                    for (long c : cells) e.writeLong(c);
                    if (kind == JOINT) {
                        e.writeShort(values.length);
                        for (int v : values) e.writeInt(v);
                    } else {
                        e.writeByte(values[0]);
                    }
                    count[0]++;
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }
        });
        ByteArrayOutputStream all = new ByteArrayOutputStream(entryBytes.size() + 64 * table.size() + 64);
        DataOutputStream o = new DataOutputStream(all);
        o.write(MAGIC);
        o.writeInt(FORMAT);
        o.write(HexFormat.of().parseHex(digest));
        o.writeInt(table.size());
        for (String s : table) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            o.writeInt(b.length);
            o.write(b);
        }
        o.writeInt(count[0]);
        entryBytes.writeTo(o);
        o.flush();
        CRC32 crc = new CRC32();
        byte[] body = all.toByteArray();
        crc.update(body);
        byte[] out = Arrays.copyOf(body, body.length + 4);
        ByteBuffer.wrap(out, body.length, 4).putInt((int) crc.getValue());
        return out;
    }

    private void warn(String message) {
        if (warned) return;
        warned = true;
        warnings.accept(message);
    }
}
