package org.mcrckg.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.answer.Basis;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.OntologyException;
import org.mcrckg.ontology.OntologySource;
import org.mcrckg.ontology.Status;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.patient.SourceLocation;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLClassExpression;

/**
 * The status table of docs/patient-record.md §2, rule by rule, on a procedure with one rule of each
 * status a rule may give: precedence not_recommended > recommended > consider > not_indicated, and
 * "no indication met" is not_indicated. The truths of the rules are scripted, so every combination
 * the table names can be set up; that HermiT gives the same truths to every engine is the business
 * of the equivalence tests.
 */
class StatusPrecedenceTest {
    static final String NS = "https://w3id.org/mcrc-kg/mcrc#";
    static final String AGAINST = NS + "Against", REC = NS + "Rec", CON = NS + "Con", NOT_IND = NS + "NotInd";

    @TempDir
    static Path dir;

    /** A procedure {@code x} with rules AGAINST (not_recommended), REC, CON and NI (not_indicated), each reading one boolean field. */
    static String ontology(String notIndicatedWord) {
        StringBuilder b = new StringBuilder("""
                Prefix(:=<https://w3id.org/mcrc-kg/mcrc#>)
                Prefix(xsd:=<http://www.w3.org/2001/XMLSchema#>)
                Prefix(rdfs:=<http://www.w3.org/2000/01/rdf-schema#>)
                Ontology(<https://w3id.org/mcrc-kg/test.owl>
                Declaration(Class(:Patient))
                Declaration(Class(:X))
                Declaration(Class(:HasDisease))
                Declaration(DataProperty(:patient_id))
                Declaration(AnnotationProperty(:recordField))
                Declaration(AnnotationProperty(:procedureKey))
                Declaration(AnnotationProperty(:applicableWhen))
                Declaration(AnnotationProperty(:ruleId))
                Declaration(AnnotationProperty(:recommendationStatus))
                Declaration(AnnotationProperty(:forProcedure))
                AnnotationAssertion(:recordField :patient_id "patient_id")
                DataPropertyRange(:patient_id xsd:string)
                AnnotationAssertion(:procedureKey :X "x")
                AnnotationAssertion(:applicableWhen :X :HasDisease)
                """);
        Map<String, String> rules = Map.of("Against", "not_recommended", "Rec", "recommended", "Con", "consider", "NotInd", notIndicatedWord);
        for (var e : new java.util.TreeMap<>(rules).entrySet()) {
            String c = e.getKey(), f = "f_" + c.toLowerCase();
            b.append("Declaration(Class(:").append(c).append("))\n")
             .append("Declaration(DataProperty(:").append(f).append("))\n")
             .append("AnnotationAssertion(:recordField :").append(f).append(" \"").append(f).append("\")\n")
             .append("DataPropertyRange(:").append(f).append(" xsd:boolean)\n")
             .append("EquivalentClasses(:").append(c).append(" ObjectIntersectionOf(:Patient DataHasValue(:").append(f).append(" \"true\"^^xsd:boolean)))\n")
             .append("AnnotationAssertion(:ruleId :").append(c).append(" \"").append(c).append("\")\n")
             .append("AnnotationAssertion(:recommendationStatus :").append(c).append(" \"").append(e.getValue()).append("\")\n")
             .append("AnnotationAssertion(:forProcedure :").append(c).append(" :X)\n");
        }
        return b.append(")\n").toString();
    }

    static KnowledgeBase kb(String notIndicatedWord) throws IOException {
        Path f = dir.resolve("test-" + notIndicatedWord + ".owl");
        Files.writeString(f, ontology(notIndicatedWord));
        return KnowledgeBase.load(OntologySource.file(f));
    }

    enum T { P, R, U }

    /** The answer for procedure x when the four rules have the given truths; the record knows the fields of the decided rules. */
    static TreatmentAnswer answer(T against, T rec, T con, T notInd) throws IOException {
        KnowledgeBase kb = kb("not_indicated");
        Map<String, T> truths = Map.of(AGAINST, against, REC, rec, CON, con, NOT_IND, notInd, NS + "HasDisease", T.P);
        Map<String, String> values = new HashMap<>(Map.of("patient_id", "P"));
        truths.forEach((iri, t) -> { if (t != T.U && !iri.endsWith("HasDisease")) values.put("f_" + iri.substring(NS.length()).toLowerCase(), String.valueOf(t == T.P)); });
        PatientRecord record = new PatientRecord("P", values, Set.of(), SourceLocation.api());
        MembershipOracle oracle = new MembershipOracle() {
            // anonymous parts of an undecided rule are undecided too (their field is unknown)
            public boolean proven(OWLClassExpression c) { return truth(c) == T.P; }
            public boolean refuted(OWLClassExpression c) { return truth(c) == T.R; }
            T truth(OWLClassExpression c) { return c.isNamed() ? truths.getOrDefault(c.asOWLClass().getIRI().toString(), T.U) : T.U; }
        };
        var df = OWLManager.getOWLDataFactory();
        return new AnswerBuilder(kb, df, List.of(), record, oracle).answer(kb.procedure("x").orElseThrow());
    }

    static void check(TreatmentAnswer a, Status status, Basis basis, List<String> rules, List<String> missing, Optional<Status> provisional) {
        assertEquals(status, a.status(), a.toString());
        assertEquals(basis, a.basis(), a.toString());
        assertEquals(rules, a.rules(), a.toString());
        assertEquals(missing, a.missing(), a.toString());
        assertEquals(provisional, a.provisional(), a.toString());
    }

    @Test
    void everyIndicationRefutedIsNotIndicatedNotNotRecommended() throws IOException {
        check(answer(T.R, T.R, T.R, T.R), Status.NOT_INDICATED, Basis.NO_INDICATION_MET, List.of("Con", "Rec"), List.of(), Optional.empty());
        // a not_indicated rule that is undecided changes nothing: either way the procedure is not indicated
        check(answer(T.R, T.R, T.R, T.U), Status.NOT_INDICATED, Basis.NO_INDICATION_MET, List.of("Con", "Rec"), List.of(), Optional.empty());
    }

    @Test
    void aRuleAgainstThatIsProvenStillGivesNotRecommended() throws IOException {
        check(answer(T.P, T.R, T.R, T.R), Status.NOT_RECOMMENDED, Basis.RULE_ENTAILED, List.of("Against"), List.of(), Optional.empty());
        check(answer(T.P, T.P, T.P, T.P), Status.NOT_RECOMMENDED, Basis.RULE_ENTAILED, List.of("Against"), List.of(), Optional.empty());
    }

    @Test
    void anUndecidedRuleAgainstDoesNotBlockNotIndicatedAndIsListedInMissing() throws IOException {
        check(answer(T.U, T.R, T.R, T.R), Status.NOT_INDICATED, Basis.NO_INDICATION_MET, List.of("Con", "Rec"), List.of("f_against"), Optional.empty());
        check(answer(T.U, T.R, T.R, T.P), Status.NOT_INDICATED, Basis.RULE_ENTAILED, List.of("NotInd"), List.of("f_against"), Optional.empty());
    }

    @Test
    void aNotIndicatedRuleHasTheLowestPrecedence() throws IOException {
        check(answer(T.R, T.R, T.R, T.P), Status.NOT_INDICATED, Basis.RULE_ENTAILED, List.of("NotInd"), List.of(), Optional.empty());
        check(answer(T.R, T.R, T.P, T.P), Status.CONSIDER, Basis.RULE_ENTAILED, List.of("Con"), List.of(), Optional.empty());
        check(answer(T.R, T.P, T.R, T.P), Status.RECOMMENDED, Basis.RULE_ENTAILED, List.of("Rec"), List.of(), Optional.empty());
    }

    @Test
    void anUndecidedIndicationHoldsBackNotIndicated() throws IOException {
        check(answer(T.R, T.R, T.U, T.P), Status.UNDETERMINED, Basis.HIGHER_PRECEDENCE_UNDECIDED, List.of(), List.of("f_con"), Optional.of(Status.NOT_INDICATED));
        check(answer(T.U, T.U, T.R, T.P), Status.UNDETERMINED, Basis.HIGHER_PRECEDENCE_UNDECIDED, List.of(), List.of("f_against", "f_rec"), Optional.of(Status.NOT_INDICATED));
        check(answer(T.R, T.U, T.R, T.R), Status.UNDETERMINED, Basis.RULES_UNDECIDED, List.of(), List.of("f_rec"), Optional.empty());
    }

    @Test
    void anUndecidedRuleAgainstStillHoldsBackAnIndication() throws IOException {
        check(answer(T.U, T.R, T.P, T.R), Status.UNDETERMINED, Basis.HIGHER_PRECEDENCE_UNDECIDED, List.of(), List.of("f_against"), Optional.of(Status.CONSIDER));
    }

    @Test
    void aRuleMayGiveOnlyTheFourRuleStatuses() throws IOException {
        assertEquals(Status.NOT_INDICATED, kb("not_indicated").ruleByIri(NOT_IND).orElseThrow().status().orElseThrow());
        OntologyException e = assertThrows(OntologyException.class, () -> kb("undetermined"));
        assertEquals("ontology#rule", e.errorId());
    }
}
