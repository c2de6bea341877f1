package org.mcrckg.reasoning;

import org.semanticweb.owlapi.model.OWLClassExpression;

/** What HermiT has proven about one (consistent) patient. */
interface MembershipOracle {
    /** the patient is entailed to be in {@code c} */
    boolean proven(OWLClassExpression c);

    /** the patient is entailed to be outside {@code c} */
    boolean refuted(OWLClassExpression c);
}
