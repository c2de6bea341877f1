package org.mcrckg.reasoning;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.patient.owl.PatientAbox;
import org.semanticweb.owlapi.model.OWLDataFactory;

/**
 * The fast engine's cache kept on disk ({@link PersistentCache}): which file an ontology uses, and
 * a {@link CachedOracle} that starts from it. The digest names the engine's own classes, so it is
 * computed here rather than in either of them (each would otherwise depend on the other).
 */
public final class ExactCache {
    private ExactCache() {}

    /** The code whose behaviour the entries depend on (its class files are digested, nested classes included). */
    private static final List<Class<?>> CODE = List.of(CachedOracle.class, Relevance.class, Constraints.class, PatientClassifier.class,
            PersistentCache.class, HermitReasoners.class, PatientAbox.class, KnowledgeBase.class, ExactCache.class);

    /**
     * A cache whose entries of earlier runs are read from {@code directory} (the file of this
     * ontology's digest there) and whose {@link CachedOracle#save()} writes this run's; with
     * {@code directory} null, one in memory only. Problems with the file go to {@code warnings}.
     */
    public static CachedOracle open(KnowledgeBase kb, OWLDataFactory df, Path directory, Consumer<String> warnings) {
        PersistentCache disk = directory == null ? null : new PersistentCache(directory, digest(kb), warnings);
        return new CachedOracle(kb, df, disk, warnings);
    }

    /** The digest of everything the answers depend on, in hex: it names the cache file. */
    static String digest(KnowledgeBase kb) { return PersistentCache.digest(kb, CachedOracle.VERSION, CODE); }
}
