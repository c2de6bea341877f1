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
