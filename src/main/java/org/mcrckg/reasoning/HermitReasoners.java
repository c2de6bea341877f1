package org.mcrckg.reasoning;

import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.reasoner.FreshEntityPolicy;
import org.semanticweb.owlapi.reasoner.IndividualNodeSetPolicy;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * The only place HermiT is created. HermiT's configuration is public mutable fields and its
 * factory silently changes defaults ({@code ReasonerFactory.createReasoner} turns on
 * {@code ignoreUnsupportedDatatypes}); so every field that matters is set here, explicitly.
 */
public final class HermitReasoners {
    private HermitReasoners() {}

    /** A fresh configuration (HermiT mutates nothing in it, but callers must not share one they change). */
    public static Configuration configuration() {
        Configuration c = new Configuration();
        // an unsupported datatype must fail loudly: silently ignoring it changes the answers
        c.ignoreUnsupportedDatatypes = false;
        // we ask isConsistent() first and explain inconsistent patients ourselves
        c.throwInconsistentOntologyException = false;
        // class expressions in entailment checks may use names the TBox lacks (none today)
        c.freshEntityPolicy = FreshEntityPolicy.ALLOW;
        c.individualNodeSetPolicy = IndividualNodeSetPolicy.BY_NAME;
        // one reasoner per patient and ontology state: no incremental buffering
        c.bufferChanges = false;
        c.individualTaskTimeout = -1;
        return c;
    }

    public static OWLReasoner create(OWLOntology ontology) {
        return new Reasoner(configuration(), ontology);
    }

    /**
     * Every public field of the configuration as {@code name=value}, sorted by name, and HermiT's
     * version: what the persistent answer cache is keyed by. Values that are objects without a
     * stable value (monitors) are recorded by their class.
     */
    public static String configurationRecord() {
        Configuration c = configuration();
        java.util.TreeMap<String, String> fields = new java.util.TreeMap<>();
        for (java.lang.reflect.Field f : Configuration.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
            try {
                fields.put(f.getName(), stable(f.get(c)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        StringBuilder out = new StringBuilder("HermiT ").append(org.mcrckg.Mcrc.buildProperty("hermit"));
        fields.forEach((k, v) -> out.append('\n').append(k).append('=').append(v));
        return out.toString();
    }

    private static String stable(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Number || v instanceof Enum<?> || v instanceof CharSequence) return String.valueOf(v);
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), stable(x)));
            return sorted.toString();
        }
        return v.getClass().getName();
    }

    /** The configuration in words, for {@code --version} and benchmark reports. */
    public static String describe() {
        Configuration c = configuration();
        return "HermiT " + org.mcrckg.Mcrc.buildProperty("hermit")
                + " (ignoreUnsupportedDatatypes=" + c.ignoreUnsupportedDatatypes
                + ", throwInconsistentOntologyException=" + c.throwInconsistentOntologyException
                + ", freshEntityPolicy=" + c.freshEntityPolicy + ", individualNodeSetPolicy=" + c.individualNodeSetPolicy
                + ", bufferChanges=" + c.bufferChanges + ")";
    }
}
