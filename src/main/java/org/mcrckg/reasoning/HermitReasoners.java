package org.mcrckg.reasoning;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mcrckg.ontology.BuildInfo;
import org.mcrckg.ontology.BuildInfo;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologyException;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyManager;
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
        TreeMap<String, String> fields = new TreeMap<>();
        for (Field f : Configuration.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            try {
                fields.put(f.getName(), stable(f.get(c)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        StringBuilder out = new StringBuilder("HermiT ").append(BuildInfo.property("hermit"));
        fields.forEach((k, v) -> out.append('\n').append(k).append('=').append(v));
        return out.toString();
    }

    private static String stable(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Number || v instanceof Enum<?> || v instanceof CharSequence) return String.valueOf(v);
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, String> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), stable(x)));
            return sorted.toString();
        }
        return v.getClass().getName();
    }

    /** The configuration in words, for {@code --version} and benchmark reports. */
    public static String describe() {
        Configuration c = configuration();
        return "HermiT " + BuildInfo.property("hermit")
                + " (ignoreUnsupportedDatatypes=" + c.ignoreUnsupportedDatatypes
                + ", throwInconsistentOntologyException=" + c.throwInconsistentOntologyException
                + ", freshEntityPolicy=" + c.freshEntityPolicy + ", individualNodeSetPolicy=" + c.individualNodeSetPolicy
                + ", bufferChanges=" + c.bufferChanges + ")";
    }

    /** A HermiT over the whole ontology, which must be consistent. */
    static OWLReasoner wholeOntologyReasoner(KnowledgeBase kb, OWLOntologyManager manager) {
        OWLOntology copy;
        try {
            copy = manager.createOntology(reasoningAxioms(kb));
        } catch (OWLOntologyCreationException e) {
            throw new OntologyException("ontology#unreadable", "cannot copy the ontology: " + e.getMessage(), e);
        }
        OWLReasoner r = HermitReasoners.create(copy);
        if (!r.isConsistent()) {
            r.dispose();
            throw new OntologyException("ontology#inconsistent", "the ontology is inconsistent: no patient can be classified");
        }
        return r;
    }

    /** What the worker's reasoner gets: every logical axiom of the ontology and the declarations. */
    static Set<OWLAxiom> reasoningAxioms(KnowledgeBase kb) {
        Set<OWLAxiom> axioms = new HashSet<>();
        kb.owl().ontology().axioms().forEach(ax -> {
            if (ax.isLogicalAxiom()) axioms.add(ax.getAxiomWithoutAnnotations());
            else if (ax.getAxiomType() == AxiomType.DECLARATION) axioms.add(ax);
        });
        return axioms;
    }
}
