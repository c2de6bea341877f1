package org.mcrckg.reasoning;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.mcrckg.ontology.Field;
import org.mcrckg.ontology.FieldType;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.patient.PatientRecord;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataAllValuesFrom;
import org.semanticweb.owlapi.model.OWLDataHasValue;
import org.semanticweb.owlapi.model.OWLDataOneOf;
import org.semanticweb.owlapi.model.OWLDataProperty;
import org.semanticweb.owlapi.model.OWLDataPropertyRangeAxiom;
import org.semanticweb.owlapi.model.OWLDataRange;
import org.semanticweb.owlapi.model.OWLDataSomeValuesFrom;
import org.semanticweb.owlapi.model.OWLDatatypeRestriction;
import org.semanticweb.owlapi.model.OWLEquivalentClassesAxiom;
import org.semanticweb.owlapi.model.OWLLiteral;
import org.semanticweb.owlapi.model.OWLSubClassOfAxiom;

/**
 * Which facts of a record can change HermiT's answer to a question, read from the ontology; the
 * basis of exact caching ({@link CachedOracle}).
 *
 * <p><b>Fields.</b> The fields a class expression reads are the record-field properties in it,
 * followed through the definitions of the named classes it uses. Two fields are <em>linked</em>
 * when a constraint of the ontology mentions both: any logical axiom that is not a definition
 * ({@code C ≡ D}), not about one property only (domain, range, functionality), and not a
 * navigation grouping ({@code X ⊑ A} where {@code A} occurs only as such a superclass). The
 * relevant fields of a question are the fields it reads, closed under links.
 *
 * <p><b>Why the answer depends on those fields only.</b> Let {@code P} be a consistent record and
 * {@code F} the relevant fields of {@code C}. If {@code P|F ⊓ ¬C} has a model with element
 * {@code x}, and {@code P} has a model with element {@code y}, give {@code x} the values of
 * {@code y} for every field outside {@code F} and re-read every defined class from its definition
 * (they are acyclic). Constraints over fields in {@code F} see the values they saw; constraints
 * over fields outside {@code F} see {@code y}'s values, which satisfied them; groupings can be read
 * as the whole domain; {@code C} reads only {@code F}. So {@code P ⊓ ¬C} has a model too: whether
 * {@code C} is proven (or, likewise, refuted) depends on {@code P|F} alone. Consistency of
 * {@code P} is the conjunction of the consistency of each linked component of fields.
 *
 * <p><b>Values.</b> A number matters only through the facet restrictions and values the ontology
 * states for its field: two values that agree on every comparison with every such threshold
 * ({@code <}, {@code =}, {@code >}) satisfy the same data ranges, so they are interchangeable. A
 * record is therefore abstracted field by field into a <em>cell</em>: missing, a word, a boolean,
 * or a position among the field's thresholds.
 */
public final class Relevance {
    private final KnowledgeBase kb;
    private final List<String> fieldOrder;                 // index -> field name
    private final Map<String, Integer> fieldIndex;
    private final Map<String, BigDecimal[]> thresholds;    // numeric field -> sorted thresholds
    private final Map<String, Integer> component;          // field -> component id
    private final Map<OWLClassExpression, int[]> relevant = new ConcurrentHashMap<>();
    private final Map<IRI, Set<String>> readsCache = new ConcurrentHashMap<>();
    private final Set<OWLClass> groupings;
    private final Map<Integer, int[]> componentFields = new HashMap<>();

    public Relevance(KnowledgeBase kb) {
        this.kb = kb;
        this.fieldOrder = new ArrayList<>(kb.fields().keySet());
        this.fieldIndex = new HashMap<>();
        for (int i = 0; i < fieldOrder.size(); i++) fieldIndex.put(fieldOrder.get(i), i);
        this.groupings = Constraints.sinks(kb);
        // every defined class's fields, now, on one thread: the recursion guard below must never be
        // seen by a worker (a placeholder read concurrently would make caching unsound)
        for (IRI c : kb.owl().definitions().keySet()) readsNamed(kb.owl().ontology().getOWLOntologyManager().getOWLDataFactory().getOWLClass(c));
        this.thresholds = thresholds(kb);
        this.component = components();
        for (Integer c : new TreeSet<>(component.values())) componentFields.put(c, fieldsOfComponents(Set.of(c)));
    }

    private Map<String, BigDecimal[]> thresholds(KnowledgeBase kb) {
        Map<String, Set<BigDecimal>> t = values(kb.owl().ontology().axioms().toList());
        Map<String, BigDecimal[]> out = new HashMap<>();
        t.forEach((f, s) -> out.put(f, s.toArray(new BigDecimal[0])));
        return out;
    }

    /** The numbers that the data ranges and values of these axioms state, per numeric field. */
    Map<String, Set<BigDecimal>> values(Collection<? extends OWLAxiom> axioms) {
        Map<String, Set<BigDecimal>> t = new HashMap<>();
        for (OWLAxiom ax : axioms) {
            ax.nestedClassExpressions().forEach(ce -> noteExpression(t, ce));
            if (ax instanceof OWLDataPropertyRangeAxiom r) rangeValues(t, r.getProperty().asOWLDataProperty(), r.getRange());
        }
        return t;
    }

    /** The numbers that the data ranges and values of this class expression state, per numeric field. */
    Map<String, Set<BigDecimal>> values(OWLClassExpression e) {
        Map<String, Set<BigDecimal>> t = new HashMap<>();
        e.nestedClassExpressions().forEach(ce -> noteExpression(t, ce));
        return t;
    }

    // every data range: facet values and enumerated numbers, with the property they restrict
    private void noteExpression(Map<String, Set<BigDecimal>> t, OWLClassExpression ce) {
        if (ce instanceof OWLDataHasValue hv) note(t, hv.getProperty().asOWLDataProperty(), List.of(hv.getFiller()));
        if (ce instanceof OWLDataSomeValuesFrom d) rangeValues(t, d.getProperty().asOWLDataProperty(), d.getFiller());
        if (ce instanceof OWLDataAllValuesFrom d) rangeValues(t, d.getProperty().asOWLDataProperty(), d.getFiller());
    }

    /**
     * A numeric field's cells (by {@link #cell}) mapped to its cells among a subset of its thresholds:
     * two values in one coarse cell agree on every comparison with the kept thresholds. Null when
     * nothing is merged (the field is not numeric, or every threshold is kept).
     */
    int[] coarsening(int field, Set<BigDecimal> keep) {
        BigDecimal[] t = thresholds.get(fieldOrder.get(field));
        if (t == null) return null;
        boolean[] kept = new boolean[t.length];
        int n = 0;
        for (int k = 0; k < t.length; k++) {
            for (BigDecimal v : keep) if (v.compareTo(t[k]) == 0) kept[k] = true;
            if (kept[k]) n++;
        }
        if (n == t.length) return null;
        int[] out = new int[2 * t.length + 2];  // cell 0 (missing) stays 0
        for (int p = 0; p <= 2 * t.length; p++) {
            // position p: equal to t[k] when p = 2k+1, above it when p > 2k+1
            int below = 0;
            boolean equal = false;
            for (int k = 0; k < t.length; k++) {
                if (!kept[k]) continue;
                if (p > 2 * k + 1) below++;
                else if (p == 2 * k + 1) equal = true;
            }
            out[p + 1] = 1 + (equal ? 2 * below + 1 : 2 * below);
        }
        return out;
    }

    private void rangeValues(Map<String, Set<BigDecimal>> t, OWLDataProperty p, OWLDataRange r) {
        if (r instanceof OWLDatatypeRestriction dr) {
            List<OWLLiteral> ls = new ArrayList<>();
            dr.facetRestrictionsAsList().forEach(f -> ls.add(f.getFacetValue()));
            note(t, p, ls);
        } else if (r instanceof OWLDataOneOf one) {
            note(t, p, one.values().toList());
        } else if (r != null && !r.isOWLDatatype()) {
            // nested data ranges (union, intersection, complement)
            r.components().forEach(c -> { if (c instanceof OWLDataRange dr2) rangeValues(t, p, dr2); });
        }
    }

    private void note(Map<String, Set<BigDecimal>> t, OWLDataProperty p, List<OWLLiteral> values) {
        kb.fieldOfProperty(p.getIRI().toString()).ifPresent(f -> {
            FieldType type = kb.fields().get(f).type();
            if (type != FieldType.INTEGER && type != FieldType.DECIMAL) return;
            for (OWLLiteral l : values) {
                try {
                    t.computeIfAbsent(f, k -> new TreeSet<>()).add(new BigDecimal(l.getLiteral()));
                } catch (NumberFormatException e) {
                    // a non-numeric literal on a numeric field can never match: no threshold
                }
            }
        });
    }

    /** The fields a class reads through its definition (named classes followed). */
    private Set<String> reads(OWLClassExpression e) {
        Set<String> out = new TreeSet<>();
        e.dataPropertiesInSignature().forEach(p -> kb.fieldOfProperty(p.getIRI().toString()).ifPresent(out::add));
        e.classesInSignature().forEach(c -> {
            if (!c.equals(e)) out.addAll(readsNamed(c));
        });
        if (e.isNamed()) out.addAll(readsNamed(e.asOWLClass()));
        return out;
    }

    private Set<String> readsNamed(OWLClass c) {
        Set<String> cached = readsCache.get(c.getIRI());
        if (cached != null) return cached;
        readsCache.put(c.getIRI(), Set.of());  // definitions are acyclic; this only guards the recursion
        Set<String> out = kb.owl().definition(c.getIRI()).map(this::reads).orElse(Set.of());
        readsCache.put(c.getIRI(), Collections.unmodifiableSet(out));
        return out;
    }

    private Map<String, Integer> components() {
        int[] parent = new int[fieldOrder.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        kb.owl().ontology().axioms().filter(OWLAxiom::isLogicalAxiom).forEach(ax -> {
            if (!isConstraint(ax)) return;
            List<String> fs = new ArrayList<>();
            ax.classesInSignature().forEach(c -> fs.addAll(readsNamed(c)));
            ax.dataPropertiesInSignature().forEach(p -> kb.fieldOfProperty(p.getIRI().toString()).ifPresent(fs::add));
            for (int i = 1; i < fs.size(); i++) union(parent, fieldIndex.get(fs.get(0)), fieldIndex.get(fs.get(i)));
        });
        Map<String, Integer> out = new HashMap<>();
        for (String f : fieldOrder) out.put(f, find(parent, fieldIndex.get(f)));
        return out;
    }

    /** Whether an axiom constrains patients beyond defining a name or typing one property. */
    private boolean isConstraint(OWLAxiom ax) {
        if (ax.isOfType(AxiomType.ABoxAxiomTypes)) return false;  // about the ontology's own individuals
        if (ax.isOfType(AxiomType.DATA_PROPERTY_DOMAIN, AxiomType.DATA_PROPERTY_RANGE, AxiomType.FUNCTIONAL_DATA_PROPERTY)) return false;
        if (ax instanceof OWLEquivalentClassesAxiom eq && eq.classExpressions().count() == 2) {
            List<OWLClass> named = eq.namedClasses().toList();
            if (!named.isEmpty() && named.stream().allMatch(c -> kb.owl().definition(c.getIRI()).isPresent())) return false;  // a definition
        }
        if (ax instanceof OWLSubClassOfAxiom s && s.getSuperClass().isNamed() && groupings.contains(s.getSuperClass().asOWLClass())) return false;
        // every other axiom links whatever fields it reads (axioms that read none link nothing)
        return true;
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) { p[i] = p[p[i]]; i = p[i]; }
        return i;
    }

    private static void union(int[] p, int a, int b) { p[find(p, a)] = find(p, b); }

    /** Indexes of the fields the answer to {@code e} depends on, sorted. */
    public int[] relevantFields(OWLClassExpression e) {
        return relevant.computeIfAbsent(e, k -> {
            Set<Integer> comps = new HashSet<>();
            for (String f : reads(k)) comps.add(component.get(f));
            // one shared array per component: callers may memoise by identity
            return comps.size() == 1 ? componentFields.get(comps.iterator().next()) : fieldsOfComponents(comps);
        });
    }

    /** Indexes of every field, grouped per linked component: consistency is decided component by component. */
    public List<int[]> components(PatientRecord r) { return components(r.values().keySet()); }

    /** The linked components (their fields' indexes) that hold at least one of the given fields, in component order. */
    public List<int[]> components(Set<String> knownFields) {
        Set<Integer> comps = new TreeSet<>();
        for (String f : knownFields) comps.add(component.get(f));
        List<int[]> out = new ArrayList<>(comps.size());
        for (Integer c : comps) out.add(componentFields.get(c));
        return out;
    }

    private int[] fieldsOfComponents(Set<Integer> comps) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < fieldOrder.size(); i++) if (comps.contains(component.get(fieldOrder.get(i)))) idx.add(i);
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The linked components a class expression reads. */
    public Set<Integer> componentsRead(OWLClassExpression e) {
        Set<Integer> comps = new HashSet<>();
        for (String f : reads(e)) comps.add(component.get(f));
        return comps;
    }

    public String fieldName(int index) { return fieldOrder.get(index); }

    public int fieldCount() { return fieldOrder.size(); }

    /** The record's cell for each field, by field index: what the answers can depend on. */
    public int[] cells(PatientRecord r) {
        int[] out = new int[fieldOrder.size()];  // 0: missing
        // the record's values once each, rather than a sorted-map lookup per field of the ontology
        for (Map.Entry<String, String> v : r.values().entrySet()) {
            Integer i = fieldIndex.get(v.getKey());
            if (i != null) out[i] = cell(v.getKey(), v.getValue());
        }
        return out;
    }

    /** 0 = missing; words and booleans by position; numbers by position among the thresholds (2k+1 positions). */
    int cell(String field, String value) {
        if (value == null) return 0;
        Field f = kb.fields().get(field);
        switch (f.type()) {
            case BOOLEAN: return value.equals("true") ? 1 : 2;
            case WORD: return 1 + f.words().indexOf(value);
            case TEXT: return 1;  // identifiers: no rule reads them
            default:
                BigDecimal v = new BigDecimal(value);
                BigDecimal[] t = thresholds.getOrDefault(field, new BigDecimal[0]);
                int i = Arrays.binarySearch(t, v, BigDecimal::compareTo);
                return 1 + (i >= 0 ? 2 * i + 1 : 2 * (-i - 1));
        }
    }

    /** For tests and reports: the number of thresholds the ontology states for a numeric field. */
    public int thresholdCount(String field) { return thresholds.getOrDefault(field, new BigDecimal[0]).length; }

    /** For tests: which component a field belongs to (fields of one component are linked). */
    public int componentOf(String field) { return component.get(field); }

    /**
     * One value per threshold cell of a field that the field's range allows, in ascending order for
     * numbers (every word or boolean otherwise): trying each of them tries every answer the field
     * can give. For explanations ("which missing field would settle this?").
     */
    public List<String> representativeValues(String field) {
        Field f = kb.fields().get(field);
        if (f == null) return List.of();
        switch (f.type()) {
            case BOOLEAN: return List.of("true", "false");
            case WORD: return f.words();
            case TEXT: return List.of();
            default: break;
        }
        BigDecimal[] t = thresholds.getOrDefault(field, new BigDecimal[0]);
        boolean integer = f.type() == FieldType.INTEGER;
        List<BigDecimal> candidates = new ArrayList<>();
        BigDecimal one = BigDecimal.ONE;
        if (t.length == 0) candidates.add(f.min() != null ? f.min().add(f.minInclusive() ? BigDecimal.ZERO : one) : BigDecimal.ZERO);
        for (int i = 0; i < t.length; i++) {
            if (i == 0) candidates.add(integer ? t[0].setScale(0, RoundingMode.CEILING).subtract(one) : t[0].subtract(one));
            candidates.add(t[i]);
            if (i + 1 < t.length) {
                BigDecimal mid = integer ? floorInt(t[i]).add(one) : t[i].add(t[i + 1]).divide(BigDecimal.valueOf(2));
                if (mid.compareTo(t[i]) > 0 && mid.compareTo(t[i + 1]) < 0) candidates.add(mid);
            } else {
                candidates.add(integer ? floorInt(t[i]).add(one) : t[i].add(one));
            }
        }
        List<String> out = new ArrayList<>();
        for (BigDecimal c : candidates) {
            if (integer && !isInt(c)) continue;
            if (f.min() != null && (f.minInclusive() ? c.compareTo(f.min()) < 0 : c.compareTo(f.min()) <= 0)) continue;
            if (f.max() != null && (f.maxInclusive() ? c.compareTo(f.max()) > 0 : c.compareTo(f.max()) >= 0)) continue;
            String s = integer ? c.toBigInteger().toString() : c.stripTrailingZeros().toPlainString();
            if (!out.contains(s)) out.add(s);
        }
        return out;
    }

    private static BigDecimal floorInt(BigDecimal v) { return v.setScale(0, RoundingMode.FLOOR); }

    private static boolean isInt(BigDecimal v) { return v.stripTrailingZeros().scale() <= 0; }
}
