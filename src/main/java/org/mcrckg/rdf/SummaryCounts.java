package org.mcrckg.rdf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.datatypes.DatatypeFormatException;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.vocabulary.RDF;
import org.mcrckg.ontology.Vocabulary;

/**
 * The counts of the summary graph ({@link Vocabulary#GRAPH_SUMMARY}), so that cohort aggregates
 * read a few hundred triples instead of every patient and answer. Each count is one resource
 * under {@link Vocabulary#SUMMARY_NS} with what it counts and {@code mcrc:patientCount}; a count
 * of zero has no resource. The counts are:
 * <ul>
 *   <li>{@code mcrc:StatusCount} at {@code <ns><key>/<status>}: answers of the inferences graph
 *       with that {@code mcrc:countedProcedureKey} and {@code mcrc:countedStatus} (one answer per
 *       patient and key, so patients);</li>
 *   <li>{@code mcrc:PatientTotal} at {@code <ns>patients}: {@code rdf:type mcrc:Patient} in the
 *       patients graph, with {@code mcrc:countsVersion} {@value #VERSION}, the layout of these
 *       counts (a store whose total has an older version, or none, is counted again when opened);</li>
 *   <li>{@code mcrc:FieldValueCount} at {@code <ns>field/<field>/<true|false>}: values of
 *       {@code mcrc:countedProperty} in the patients graph that are true or above zero
 *       ({@code mcrc:countedPresent true}) or false or not above zero ({@code false}); other
 *       values (words, text) are not counted. One value per patient and field, so patients;</li>
 *   <li>{@code mcrc:RuleSetCount} at {@code <ns>rules/<status>/<hash>}: answers with
 *       {@code mcrc:countedStatus} whose {@code mcrc:firedRule}s are exactly the
 *       {@code mcrc:countedRule}s (answers without a fired rule are not counted). The evidence an
 *       answer cites is that of its fired rules, looked up in the ontology graph when a query
 *       runs, so evidence aggregates stay exact when the ontology graph changes.</li>
 * </ul>
 * Counting is per triple of the graphs it is given, so the counts of two disjoint sets of patients
 * add up, and subtracting a patient's own triples takes it out: the store keeps the counts that
 * way in the transaction that writes or deletes the patient, and {@link CohortDataset} counts a
 * whole cohort at once. Each count equals what the counting form of its query returns (the
 * shipped {@code cohort-*.rq} queries keep that form in their header).
 */
public final class SummaryCounts {
    /** The layout of the counts; raise it when a kind of count is added or changed. */
    public static final int VERSION = 2;

    private static final Node TYPE = RDF.type.asNode();
    private static final Node PATIENT = uri(Vocabulary.PATIENT);
    private static final Node ANSWERS_PATIENT = uri(Vocabulary.ANSWERS_PATIENT);
    private static final Node PROCEDURE_KEY = uri(Vocabulary.PROCEDURE_KEY);
    private static final Node HAS_STATUS = uri(Vocabulary.HAS_STATUS);
    private static final Node FIRED_RULE = uri(Vocabulary.FIRED_RULE);
    static final Node PATIENT_COUNT = uri(Vocabulary.PATIENT_COUNT);
    private static final Node TOTAL = uri(Vocabulary.SUMMARY_NS + "patients");

    /** One count: its resource, the triples that say what it counts, and the number. */
    public record Count(Node resource, List<Triple> description, long n) {
        /** The count's triples as the summary graph holds them (none for a count of zero or less). */
        public List<Triple> triples() {
            if (n <= 0) return List.of();
            List<Triple> all = new ArrayList<>(description);
            all.add(Triple.create(resource, PATIENT_COUNT, NodeFactory.createLiteralDT(Long.toString(n), XSDDatatype.XSDinteger)));
            return all;
        }
    }

    private static final class Tally {
        final Node resource;
        final List<Triple> description;
        long n;

        Tally(Node resource, List<Triple> description) {
            this.resource = resource;
            this.description = description;
        }
    }

    private final Map<Node, Tally> tallies = new HashMap<>();
    // the resources of counts already met: a store's recount meets each of them millions of times
    private final Map<Node, Map<Node, Node>> statusResources = new HashMap<>();
    private final Map<Node, Node[]> fieldResources = new HashMap<>();
    private final Map<Set<String>, String> ruleSetHashes = new HashMap<>();

    private SummaryCounts() {}

    public static SummaryCounts empty() { return new SummaryCounts(); }

    /** The counts of the patients in {@code patients} and the answers in {@code inferences}. */
    public static SummaryCounts of(Graph patients, Graph inferences) {
        SummaryCounts c = new SummaryCounts();
        c.countPatients(patients);
        c.countAnswers(inferences);
        return c;
    }

    private void countPatients(Graph patients) {
        Iterator<Triple> it = patients.find();
        try {
            while (it.hasNext()) {
                Triple t = it.next();
                Node o = t.getObject();
                if (t.getPredicate().equals(TYPE) && o.equals(PATIENT)) {
                    add(TOTAL, () -> List.of(Triple.create(TOTAL, TYPE, uri(Vocabulary.PATIENT_TOTAL)),
                            Triple.create(TOTAL, uri(Vocabulary.COUNTS_VERSION), NodeFactory.createLiteralDT(Integer.toString(VERSION), XSDDatatype.XSDinteger))), 1);
                } else if (o.isLiteral()) {
                    Boolean present = present(o);
                    if (present != null) {
                        Node property = t.getPredicate();
                        Node r = fieldResources.computeIfAbsent(property, x -> new Node[] {
                                uri(Vocabulary.SUMMARY_NS + "field/" + fieldName(x) + "/false"), uri(Vocabulary.SUMMARY_NS + "field/" + fieldName(x) + "/true")})[present ? 1 : 0];
                        add(r, () -> List.of(Triple.create(r, TYPE, uri(Vocabulary.FIELD_VALUE_COUNT)),
                                Triple.create(r, uri(Vocabulary.COUNTED_PROPERTY), property),
                                Triple.create(r, uri(Vocabulary.COUNTED_PRESENT), NodeFactory.createLiteralDT(present.toString(), XSDDatatype.XSDboolean))), 1);
                    }
                }
            }
        } finally {
            Iter.close(it);
        }
    }

    /**
     * What {@code IF(DATATYPE(?v) = xsd:boolean, ?v, ?v > 0)} gives for a literal: its value for a
     * boolean, whether it is above zero for a number, and null (unbound) for anything else.
     */
    static Boolean present(Node literal) {
        Object v;
        try {
            v = literal.getLiteralValue();
        } catch (DatatypeFormatException e) {
            return null;   // an ill-typed literal compares to nothing
        }
        if (XSDDatatype.XSDboolean.getURI().equals(literal.getLiteralDatatypeURI())) return v instanceof Boolean b ? b : null;
        if (v instanceof BigDecimal d) return d.signum() > 0;
        if (v instanceof BigInteger i) return i.signum() > 0;
        // Jena's ARQ orders NaN above every number (Double.compare), so its ?v > 0 is true for NaN
        if (v instanceof Double || v instanceof Float) return Double.compare(((Number) v).doubleValue(), 0.0) > 0;
        if (v instanceof Number n) return n.longValue() > 0;
        return null;
    }

    private static String fieldName(Node property) {
        String iri = property.getURI();
        return encode(iri.startsWith(Vocabulary.NS) ? iri.substring(Vocabulary.NS.length()) : iri);
    }

    /**
     * The counts of {@code patients} and of the answers in {@code inferencesBySubject}, the triples
     * of an inferences graph in an order that gives each subject's triples one after the other (a
     * TDB2 graph's {@code find()} does: it reads its GSPO index). One pass over the answers,
     * where looking each answer's triples up would take several times as long.
     */
    public static SummaryCounts ofGrouped(Graph patients, Iterator<Triple> inferencesBySubject) {
        SummaryCounts c = new SummaryCounts();
        c.countPatients(patients);
        List<Triple> group = new ArrayList<>();
        Node current = null;
        while (inferencesBySubject.hasNext()) {
            Triple t = inferencesBySubject.next();
            if (!t.getSubject().equals(current)) {
                c.countAnswer(group);
                group.clear();
                current = t.getSubject();
            }
            group.add(t);
        }
        c.countAnswer(group);
        return c;
    }

    private void countAnswers(Graph inferences) {
        Set<Node> answers = new LinkedHashSet<>();
        Iterator<Triple> it = inferences.find(Node.ANY, ANSWERS_PATIENT, Node.ANY);
        try {
            it.forEachRemaining(t -> answers.add(t.getSubject()));
        } finally {
            Iter.close(it);
        }
        for (Node a : answers) {
            Iterator<Triple> own = inferences.find(a, Node.ANY, Node.ANY);
            try {
                countAnswer(Iter.toList(own));
            } finally {
                Iter.close(own);
            }
        }
    }

    /**
     * The triples of one subject of the inferences graph; an answer is a subject with
     * {@code mcrc:answersPatient}. It counts once per patient it answers (the loader writes one
     * answer per patient and procedure key, which is what the counting queries'
     * {@code COUNT(DISTINCT ?p)} and {@code COUNT(DISTINCT ?answer)} then count too).
     */
    private void countAnswer(List<Triple> triples) {
        long patients = 0;
        List<Node> keys = new ArrayList<>(1), statuses = new ArrayList<>(1);
        TreeSet<String> rules = new TreeSet<>();
        for (Triple t : triples) {
            Node p = t.getPredicate(), o = t.getObject();
            if (p.equals(ANSWERS_PATIENT)) patients++;
            else if (p.equals(PROCEDURE_KEY) && o.isLiteral()) keys.add(o);
            else if (p.equals(HAS_STATUS) && o.isLiteral()) statuses.add(o);
            else if (p.equals(FIRED_RULE) && o.isURI()) rules.add(o.getURI());
        }
        if (patients == 0) return;
        for (Node key : keys) {
            for (Node status : statuses) {
                String k = key.getLiteralLexicalForm(), s = status.getLiteralLexicalForm();
                Node r = statusResources.computeIfAbsent(key, x -> new HashMap<>()).computeIfAbsent(status, x -> uri(statusCountIri(k, s)));
                add(r, () -> List.of(Triple.create(r, TYPE, uri(Vocabulary.STATUS_COUNT)),
                        Triple.create(r, uri(Vocabulary.COUNTED_PROCEDURE_KEY), NodeFactory.createLiteralString(k)),
                        Triple.create(r, uri(Vocabulary.COUNTED_STATUS), NodeFactory.createLiteralString(s))), patients);
            }
        }
        if (rules.isEmpty()) return;
        String ruleSet = ruleSetHashes.computeIfAbsent(rules, SummaryCounts::hash);
        for (Node status : statuses) {
            String s = status.getLiteralLexicalForm();
            Node r = uri(Vocabulary.SUMMARY_NS + "rules/" + encode(s) + "/" + ruleSet);
            add(r, () -> {
                List<Triple> d = new ArrayList<>();
                d.add(Triple.create(r, TYPE, uri(Vocabulary.RULE_SET_COUNT)));
                d.add(Triple.create(r, uri(Vocabulary.COUNTED_STATUS), NodeFactory.createLiteralString(s)));
                for (String rule : rules) d.add(Triple.create(r, uri(Vocabulary.COUNTED_RULE), uri(rule)));
                return d;
            }, 1);
        }
    }

    /** The IRI of the count of patients whose answer for {@code procedureKey} has {@code status}. */
    public static String statusCountIri(String procedureKey, String status) {
        return Vocabulary.SUMMARY_NS + encode(procedureKey) + "/" + encode(status);
    }

    private static String hash(Set<String> rules) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(String.join("\n", rules).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    private static Node uri(String iri) { return NodeFactory.createURI(iri); }

    private void add(Node resource, Supplier<List<Triple>> description, long n) {
        if (n == 0) return;
        Tally t = tallies.get(resource);
        if (t == null) tallies.put(resource, t = new Tally(resource, description.get()));
        t.n += n;
    }

    private List<Count> sorted() {
        return tallies.values().stream().sorted(Comparator.comparing(t -> t.resource.getURI()))
                .map(t -> new Count(t.resource, t.description, t.n)).toList();
    }

    /** Adds the counts of {@code other} to these (or subtracts them, with {@code sign} -1). */
    public SummaryCounts add(SummaryCounts other, int sign) {
        other.tallies.values().forEach(t -> add(t.resource, () -> t.description, sign * t.n));
        return this;
    }

    /** Every count, sorted by resource IRI; after {@link #add} with -1 a count may be zero or negative (a change, not a total). */
    public List<Count> counts() { return sorted(); }

    /** The summary graph of these counts (those above zero). */
    public Model model() {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("mcrc", Vocabulary.NS);
        for (Count c : sorted()) for (Triple t : c.triples()) m.getGraph().add(t);
        return m;
    }

    /** The status counts alone: procedure key, then status, then patients. */
    public SortedMap<String, SortedMap<String, Long>> statusCounts() {
        SortedMap<String, SortedMap<String, Long>> out = new TreeMap<>();
        Node key = uri(Vocabulary.COUNTED_PROCEDURE_KEY), status = uri(Vocabulary.COUNTED_STATUS), type = uri(Vocabulary.STATUS_COUNT);
        for (Count c : sorted()) {
            if (c.n() == 0 || c.description().stream().noneMatch(t -> t.getPredicate().equals(TYPE) && t.getObject().equals(type))) continue;
            String k = null, s = null;
            for (Triple t : c.description()) {
                if (t.getPredicate().equals(key)) k = t.getObject().getLiteralLexicalForm();
                if (t.getPredicate().equals(status)) s = t.getObject().getLiteralLexicalForm();
            }
            out.computeIfAbsent(k, x -> new TreeMap<>()).put(s, c.n());
        }
        return out;
    }

    /** Whether a total's resource in a summary graph says the current {@link #VERSION}. */
    public static boolean isCurrent(Graph summary) {
        Iterator<Triple> it = summary.find(TOTAL, uri(Vocabulary.COUNTS_VERSION), Node.ANY);
        try {
            while (it.hasNext()) {
                Node v = it.next().getObject();
                if (v.isLiteral() && v.getLiteralLexicalForm().equals(Integer.toString(VERSION))) return true;
            }
            return false;
        } finally {
            Iter.close(it);
        }
    }

    /** The IRI of the patient total (for tests and the store's version check). */
    public static String totalIri() { return TOTAL.getURI(); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Count c : sorted()) b.append(c.resource().getURI()).append('=').append(c.n()).append('\n');
        return b.toString();
    }
}
