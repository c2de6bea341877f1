package org.mcrckg.ontology;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.mcrckg.ontology.owl.OwlTBox;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.StreamDocumentSource;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLAnnotationAssertionAxiom;
import org.semanticweb.owlapi.model.OWLAnnotationValue;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataOneOf;
import org.semanticweb.owlapi.model.OWLDataProperty;
import org.semanticweb.owlapi.model.OWLDataRange;
import org.semanticweb.owlapi.model.OWLDatatype;
import org.semanticweb.owlapi.model.OWLDatatypeRestriction;
import org.semanticweb.owlapi.model.OWLFacetRestriction;
import org.semanticweb.owlapi.model.OWLLiteral;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.util.AutoIRIMapper;
import org.semanticweb.owlapi.vocab.OWL2Datatype;
import org.semanticweb.owlapi.vocab.OWLFacet;

/**
 * The loaded TBox and what the toolkit reads from it: the record fields, the procedures with their
 * keys, the decision rules with their status words and evidence, the tags and the evidence
 * statements. Everything here comes from annotations and ranges in the ontology, so an editor who
 * adds a rule in Protégé adds it here too.
 *
 * <p>Immutable after {@link #load}; share one instance between threads. The OWL API objects it
 * holds must not be handed to a reasoner directly: each worker copies the axioms into its own
 * manager (OWL API managers are not safe to share between HermiT instances on several threads).
 */
public final class KnowledgeBase {
    private final OWLOntology ontology;
    private final String ontologyIri;
    private final String versionIri;
    private final String version;
    private final Map<String, Field> fields;           // by name, sorted
    private final Map<String, String> fieldCeilings;   // field -> the field it may not exceed (mcrc:atMostValueOf)
    private final List<Procedure> procedures;          // contract order
    private final List<Rule> rules;                    // sorted by id
    private final Map<String, Rule> rulesByIri = new HashMap<>();
    private final Map<String, List<Rule>> rulesById = new HashMap<>();
    private final Map<String, List<Rule>> rulesByProcedure = new HashMap<>();
    private final Map<String, Evidence> evidence;      // by id
    private final Map<String, String> tagClasses;      // class IRI -> tag word
    private final Map<IRI, OWLClassExpression> definitions;
    private final Map<String, String> fieldByPropertyIri;
    private final Map<String, String> labels;
    private final OwlTBox owl;
    private final String contentDigest;

    private KnowledgeBase(OWLOntology ontology, String contentDigest) {
        this.ontology = ontology;
        this.contentDigest = contentDigest;
        this.ontologyIri = ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("");
        this.versionIri = ontology.getOntologyID().getVersionIRI().map(IRI::toString).orElse("");
        this.version = ontology.annotations()
                .filter(a -> a.getProperty().getIRI().toString().equals("http://www.w3.org/2002/07/owl#versionInfo"))
                .map(a -> a.getValue().asLiteral().map(OWLLiteral::getLiteral).orElse(""))
                .findFirst().orElse("");
        Map<IRI, Map<String, List<OWLAnnotationValue>>> ann = indexAnnotations(ontology);
        this.labels = new HashMap<>();
        ann.forEach((s, m) -> first(m, "http://www.w3.org/2000/01/rdf-schema#label").ifPresent(l -> labels.put(s.toString(), l)));
        this.definitions = indexDefinitions(ontology);
        this.owl = new OwlTBox(ontology, definitions);
        this.fields = readFields(ontology, ann);
        this.fieldCeilings = readFieldCeilings(ontology, ann, fields);
        this.fieldByPropertyIri = fields.values().stream().collect(Collectors.toUnmodifiableMap(Field::iri, Field::name));
        this.procedures = readProcedures(ann);
        this.rules = readRules(ann);
        // classification asks these for every patient: index them once
        for (Rule r : rules) {
            rulesByIri.putIfAbsent(r.iri(), r);
            rulesById.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
            for (String proc : r.procedureIris()) rulesByProcedure.computeIfAbsent(proc, k -> new ArrayList<>()).add(r);
        }
        this.evidence = readEvidence(ann);
        Map<String, String> tags = new TreeMap<>();
        ann.forEach((s, m) -> first(m, Vocabulary.TAG).ifPresent(t -> tags.put(s.toString(), t)));
        this.tagClasses = Collections.unmodifiableMap(tags);
        checkReferences();
    }

    /** Loads and reads the ontology; throws {@link OntologyException} with a stable id when it cannot. */
    public static KnowledgeBase load(OntologySource source) {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        source.file().ifPresent(f -> {
            // resolves owl:imports through the files next to the ontology (catalog-v001.xml lists the same)
            if (f.toAbsolutePath().getParent() != null) {
                manager.getIRIMappers().add(new AutoIRIMapper(f.toAbsolutePath().getParent().toFile(), false));
            }
        });
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION);
        try (InputStream in = source.open()) {
            // the bytes are read once: what is parsed is exactly what is digested
            byte[] bytes = in.readAllBytes();
            OWLOntology o = manager.loadOntologyFromOntologyDocument(new StreamDocumentSource(new ByteArrayInputStream(bytes)), config);
            return new KnowledgeBase(o, contentDigest(bytes, o));
        } catch (IOException | OWLOntologyCreationException e) {
            throw new OntologyException("ontology#unreadable", "cannot read the ontology (" + source.describe() + "): " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * SHA-256 over the ontology document's bytes and every import actually loaded (its document IRI
     * and bytes, or, for a document that is not a readable file, its axioms rendered and sorted).
     */
    private static String contentDigest(byte[] main, OWLOntology o) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(("main " + main.length + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(main);
        List<OWLOntology> imports = o.importsClosure().filter(i -> !i.getOntologyID().equals(o.getOntologyID()))
                .sorted(Comparator.comparing(i -> o.getOWLOntologyManager().getOntologyDocumentIRI(i).toString())).toList();
        for (OWLOntology i : imports) {
            IRI doc = o.getOWLOntologyManager().getOntologyDocumentIRI(i);
            byte[] b;
            if ("file".equals(doc.getScheme())) {
                b = Files.readAllBytes(Path.of(doc.toURI()));
            } else {
                b = i.axioms().map(Object::toString).sorted().collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
            }
            md.update(("import " + doc + " " + b.length + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    // ---- reading ----

    private static Map<IRI, Map<String, List<OWLAnnotationValue>>> indexAnnotations(OWLOntology o) {
        Map<IRI, Map<String, List<OWLAnnotationValue>>> idx = new HashMap<>();
        o.axioms(AxiomType.ANNOTATION_ASSERTION).forEach((OWLAnnotationAssertionAxiom ax) -> {
            if (ax.getSubject().isIRI()) {
                idx.computeIfAbsent((IRI) ax.getSubject(), k -> new HashMap<>())
                        .computeIfAbsent(ax.getProperty().getIRI().toString(), k -> new ArrayList<>()).add(ax.getValue());
            }
        });
        return idx;
    }

    private static Map<IRI, OWLClassExpression> indexDefinitions(OWLOntology o) {
        Map<IRI, OWLClassExpression> defs = new HashMap<>();
        o.classesInSignature().forEach(c -> {
            List<OWLClassExpression> es = o.equivalentClassesAxioms(c)
                    .flatMap(ax -> ax.classExpressions()).filter(e -> !e.equals(c)).collect(Collectors.toList());
            if (es.size() == 1) {
                defs.put(c.getIRI(), es.get(0));
            } else if (es.size() > 1) {
                defs.put(c.getIRI(), o.getOWLOntologyManager().getOWLDataFactory().getOWLObjectIntersectionOf(es));
            }
        });
        return defs;
    }

    private static Optional<String> first(Map<String, List<OWLAnnotationValue>> m, String prop) {
        return all(m, prop).stream().findFirst();
    }

    private static List<String> all(Map<String, List<OWLAnnotationValue>> m, String prop) {
        List<OWLAnnotationValue> vs = m.getOrDefault(prop, List.of());
        List<String> out = new ArrayList<>();
        for (OWLAnnotationValue v : vs) {
            if (v.isIRI()) out.add(v.asIRI().get().toString());
            else v.asLiteral().ifPresent(l -> out.add(l.getLiteral()));
        }
        Collections.sort(out);
        return out;
    }

    private static Map<String, Field> readFields(OWLOntology o, Map<IRI, Map<String, List<OWLAnnotationValue>>> ann) {
        Map<String, Field> out = new TreeMap<>();
        for (OWLDataProperty p : o.dataPropertiesInSignature().collect(Collectors.toList())) {
            Map<String, List<OWLAnnotationValue>> a = ann.getOrDefault(p.getIRI(), Map.of());
            Optional<String> name = first(a, Vocabulary.RECORD_FIELD);
            if (name.isEmpty()) continue;
            List<OWLDataRange> ranges = o.dataPropertyRangeAxioms(p).map(ax -> ax.getRange()).collect(Collectors.toList());
            if (ranges.size() != 1) {
                throw new OntologyException("ontology#field-range", "record field " + name.get() + " (" + p.getIRI()
                        + ") needs exactly one data property range; it has " + ranges.size());
            }
            boolean closed = first(a, Vocabulary.CLOSED_BY_COMPLETE_STAGING).map(Boolean::parseBoolean).orElse(false);
            out.put(name.get(), fieldFromRange(name.get(), p.getIRI().toString(), ranges.get(0), closed));
        }
        if (!out.containsKey("patient_id")) {
            throw new OntologyException("ontology#field-range", "the ontology declares no record field patient_id");
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> readFieldCeilings(OWLOntology o, Map<IRI, Map<String, List<OWLAnnotationValue>>> ann, Map<String, Field> fields) {
        Map<String, String> out = new TreeMap<>();
        for (Field f : fields.values()) {
            Optional<String> other = first(ann.getOrDefault(IRI.create(f.iri()), Map.of()), Vocabulary.AT_MOST_VALUE_OF);
            if (other.isEmpty()) continue;
            Field g = fields.get(other.get());
            boolean numeric = f.type() == FieldType.INTEGER || f.type() == FieldType.DECIMAL;
            if (g == null || !numeric || (g.type() != FieldType.INTEGER && g.type() != FieldType.DECIMAL)) {
                throw new OntologyException("ontology#field-range", "record field " + f.name() + ": mcrc:atMostValueOf names " + other.get() + ", which is not a numeric record field");
            }
            out.put(f.name(), g.name());
        }
        return Collections.unmodifiableMap(out);
    }

    private static Field fieldFromRange(String name, String iri, OWLDataRange range, boolean closed) {
        if (range instanceof OWLDataOneOf oneOf) {
            List<String> words = oneOf.values().map(OWLLiteral::getLiteral).collect(Collectors.toList());
            return new Field(name, iri, FieldType.WORD, null, false, null, false, words, closed);
        }
        if (range instanceof OWLDatatypeRestriction r) {
            FieldType t = typeOf(name, r.getDatatype());
            BigDecimal min = null, max = null;
            boolean minInc = false, maxInc = false;
            for (OWLFacetRestriction f : r.facetRestrictionsAsList()) {
                BigDecimal v = new BigDecimal(f.getFacetValue().getLiteral());
                OWLFacet facet = f.getFacet();
                switch (facet) {
                    case MIN_INCLUSIVE -> { min = v; minInc = true; }
                    case MIN_EXCLUSIVE -> { min = v; minInc = false; }
                    case MAX_INCLUSIVE -> { max = v; maxInc = true; }
                    case MAX_EXCLUSIVE -> { max = v; maxInc = false; }
                    default -> throw new OntologyException("ontology#field-range", "record field " + name + ": unsupported facet " + facet);
                }
            }
            return new Field(name, iri, t, min, minInc, max, maxInc, List.of(), closed);
        }
        if (range instanceof OWLDatatype d) {
            return new Field(name, iri, typeOf(name, d), null, false, null, false, List.of(), closed);
        }
        throw new OntologyException("ontology#field-range", "record field " + name + ": unsupported range " + range);
    }

    private static FieldType typeOf(String name, OWLDatatype d) {
        if (d.isBuiltIn()) {
            OWL2Datatype b = d.getBuiltInDatatype();
            switch (b) {
                case XSD_INTEGER: return FieldType.INTEGER;
                case XSD_DECIMAL: return FieldType.DECIMAL;
                case XSD_BOOLEAN: return FieldType.BOOLEAN;
                case XSD_STRING: return FieldType.TEXT;
                default: break;
            }
        }
        throw new OntologyException("ontology#field-range", "record field " + name + ": datatype " + d.getIRI()
                + " is not one of xsd:integer, xsd:decimal, xsd:boolean, xsd:string (HermiT compares the values of other datatypes differently, which would change the answers)");
    }

    private List<Procedure> readProcedures(Map<IRI, Map<String, List<OWLAnnotationValue>>> ann) {
        List<Procedure> out = new ArrayList<>();
        ann.forEach((s, m) -> first(m, Vocabulary.PROCEDURE_KEY).ifPresent(key -> {
            String app = first(m, Vocabulary.APPLICABLE_WHEN).orElseThrow(() -> new OntologyException("ontology#procedure",
                    "procedure " + s + " (key " + key + ") has no mcrc:applicableWhen"));
            int order = first(m, Vocabulary.DISPLAY_ORDER).map(Integer::parseInt).orElse(Integer.MAX_VALUE);
            out.add(new Procedure(key, s.toString(), labels.getOrDefault(s.toString(), key), app, order));
        }));
        out.sort(Comparator.comparingInt(Procedure::order).thenComparing(Procedure::key));
        Set<String> seen = new HashSet<>();
        for (Procedure p : out) {
            if (!seen.add(p.key())) throw new OntologyException("ontology#procedure", "procedure key " + p.key() + " is used by two classes");
        }
        return List.copyOf(out);
    }

    private List<Rule> readRules(Map<IRI, Map<String, List<OWLAnnotationValue>>> ann) {
        List<Rule> out = new ArrayList<>();
        ann.forEach((s, m) -> first(m, Vocabulary.RULE_ID).ifPresent(id -> {
            Optional<Status> status;
            try {
                status = first(m, Vocabulary.RECOMMENDATION_STATUS).map(Status::fromWord);
            } catch (IllegalArgumentException e) {
                throw new OntologyException("ontology#rule", "rule " + id + ": " + e.getMessage());
            }
            if (status.isPresent() && !Status.RULE_PRECEDENCE.contains(status.get())) {
                throw new OntologyException("ontology#rule", "rule " + id + ": a rule gives recommended, consider, not_recommended or not_indicated, not " + status.get());
            }
            List<String> procs = all(m, Vocabulary.FOR_PROCEDURE);
            if (status.isPresent() == procs.isEmpty()) {
                throw new OntologyException("ontology#rule", "rule " + id + " (" + s + ") needs both mcrc:recommendationStatus and mcrc:forProcedure, or neither");
            }
            if (!definitions.containsKey(s)) {
                throw new OntologyException("ontology#rule", "rule " + id + " (" + s + ") has no definition (EquivalentClasses), so HermiT cannot decide it");
            }
            List<String> ev = all(m, Vocabulary.HAS_EVIDENCE).stream().map(KnowledgeBase::localName).collect(Collectors.toList());
            out.add(new Rule(id, s.toString(), labels.getOrDefault(s.toString(), id), status, procs, ev, first(m, Vocabulary.TAG)));
        }));
        out.sort(Comparator.comparing(Rule::id).thenComparing(Rule::iri));
        return List.copyOf(out);
    }

    private Map<String, Evidence> readEvidence(Map<IRI, Map<String, List<OWLAnnotationValue>>> ann) {
        Map<String, Evidence> out = new TreeMap<>();
        ann.forEach((s, m) -> first(m, Vocabulary.EVIDENCE_ID).ifPresent(id -> out.put(id, new Evidence(id, s.toString(),
                labels.getOrDefault(s.toString(), id), first(m, Vocabulary.CLAIM).orElse(""), first(m, Vocabulary.STUDY_DESIGN).orElse(""),
                first(m, Vocabulary.OXFORD_LEVEL).orElse(""), first(m, Vocabulary.GRADE_CERTAINTY).orElse(""),
                first(m, Vocabulary.DCTERMS_BIBLIOGRAPHIC_CITATION).orElse(""), first(m, Vocabulary.PUBLICATION_YEAR).orElse(""),
                all(m, Vocabulary.PMID), all(m, Vocabulary.DOI), first(m, Vocabulary.VERIFICATION).orElse("")))));
        return Collections.unmodifiableMap(out);
    }

    private void checkReferences() {
        Set<String> procIris = procedures.stream().map(Procedure::iri).collect(Collectors.toSet());
        for (Rule r : rules) {
            for (String p : r.procedureIris()) {
                if (!procIris.contains(p)) throw new OntologyException("ontology#rule", "rule " + r.id() + " names procedure " + p + ", which has no mcrc:procedureKey");
            }
            for (String e : r.evidenceIds()) {
                if (!evidence.containsKey(e)) throw new OntologyException("ontology#rule", "rule " + r.id() + " cites " + e + ", which is not an evidence statement");
            }
        }
        for (Procedure p : procedures) {
            if (!definitions.containsKey(IRI.create(p.applicableWhen())) && !ontology.containsClassInSignature(IRI.create(p.applicableWhen()))) {
                throw new OntologyException("ontology#procedure", "procedure " + p.key() + ": applicableWhen " + p.applicableWhen() + " is not a class");
            }
        }
    }

    static String localName(String iri) {
        int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return iri.substring(i + 1);
    }

    // ---- what the rest of the toolkit reads ----

    public String ontologyIri() { return ontologyIri; }

    public String versionIri() { return versionIri; }

    /** owl:versionInfo of the ontology. */
    public String version() { return version; }

    /** Record fields by name (sorted). */
    public Map<String, Field> fields() { return fields; }

    /**
     * Pairs of numeric fields where the first may not exceed the second ({@code mcrc:atMostValueOf}):
     * OWL 2 cannot compare two data values, so the record reader checks these.
     */
    public Map<String, String> fieldCeilings() { return fieldCeilings; }

    public Optional<Field> field(String name) { return Optional.ofNullable(fields.get(name)); }

    /** The record field a data property IRI carries, if any. */
    public Optional<String> fieldOfProperty(String propertyIri) { return Optional.ofNullable(fieldByPropertyIri.get(propertyIri)); }

    /** Procedures in report order. */
    public List<Procedure> procedures() { return procedures; }

    public Optional<Procedure> procedure(String key) {
        return procedures.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /** Every class with a rule id: deciding rules, defining rules (L1) and tag rules (L4). */
    public List<Rule> rules() { return rules; }

    /** The rules that decide a procedure. */
    public List<Rule> rulesFor(Procedure p) {
        return Collections.unmodifiableList(rulesByProcedure.getOrDefault(p.iri(), List.of()));
    }

    public Optional<Rule> ruleByIri(String iri) { return Optional.ofNullable(rulesByIri.get(iri)); }

    /** The rules with this id, in {@link #rules()} order (an id names one rule in a well-formed ontology). */
    public List<Rule> rulesWithId(String id) {
        return Collections.unmodifiableList(rulesById.getOrDefault(id, List.of()));
    }

    /**
     * The defining rules (with ids, without a status) that a rule builds on: the named classes in
     * the conjunctive spine of its definition, followed down. Each is entailed whenever the rule is,
     * so answers and explanations cite them and their evidence.
     */
    public List<Rule> supportingRules(String ruleIri) {
        return supporting.computeIfAbsent(ruleIri, i -> List.copyOf(supporting(IRI.create(i), new HashSet<>())));
    }

    private final Map<String, List<Rule>> supporting = new ConcurrentHashMap<>();

    private List<Rule> supporting(IRI cls, Set<IRI> seen) {
        List<Rule> out = new ArrayList<>();
        if (!seen.add(cls)) return out;
        owl.definition(cls).ifPresent(def -> {
            for (OWLClassExpression conj : def.asConjunctSet()) {
                if (conj.isNamed()) {
                    IRI i = conj.asOWLClass().getIRI();
                    ruleByIri(i.toString()).filter(r -> r.status().isEmpty()).ifPresent(out::add);
                    out.addAll(supporting(i, seen));
                }
            }
        });
        return out;
    }

    public Map<String, Evidence> evidence() { return evidence; }

    /** Classes whose members get a tag, by class IRI. */
    public Map<String, String> tagClasses() { return tagClasses; }

    public String label(String iri) { return labels.getOrDefault(iri, localName(iri)); }

    /** For the adapters (reasoning, explanations, RDF): the OWL API objects, in an internal package. */
    public OwlTBox owl() { return owl; }

    /**
     * A SHA-256 digest (hex) of what was loaded: the ontology document's bytes and every import's.
     * Any edit changes it; the persistent answer cache is keyed by it.
     */
    public String contentDigest() { return contentDigest; }
}
