package org.mcrckg.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.mcrckg.Mcrc;
import org.mcrckg.ontology.Field;
import org.semanticweb.owlapi.model.OWLDataProperty;
import org.semanticweb.owlapi.model.OWLDatatypeRestriction;
import org.semanticweb.owlapi.model.OWLFacetRestriction;

/**
 * Random records for equivalence tests: every field known with some probability, numbers drawn
 * around every threshold the ontology's restrictions name for that field (just below, at, just
 * above), so that every edge is straddled; some records contradict the ontology.
 */
public final class RandomRecords {
    private RandomRecords() {}

    public static List<Map<String, Object>> generate(Mcrc mcrc, int n, long seed, double known) {
        Random rnd = new Random(seed);
        Map<String, List<BigDecimal>> edges = edges(mcrc);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("patient_id", "R" + seed + "-" + i);
            for (Field f : mcrc.fields().values()) {
                if (f.name().equals("patient_id") || rnd.nextDouble() > known) continue;
                switch (f.type()) {
                    case BOOLEAN -> r.put(f.name(), rnd.nextBoolean());
                    case WORD -> r.put(f.name(), f.words().get(rnd.nextInt(f.words().size())));
                    case TEXT -> { }
                    case INTEGER, DECIMAL -> {
                        List<BigDecimal> cands = edges.get(f.name());
                        BigDecimal v = cands.get(rnd.nextInt(cands.size()));
                        if (inRange(f, v)) r.put(f.name(), v.toPlainString());
                    }
                }
            }
            out.add(r);
        }
        return out;
    }

    private static boolean inRange(Field f, BigDecimal v) {
        if (f.min() != null && (v.compareTo(f.min()) < 0 || (!f.minInclusive() && v.compareTo(f.min()) == 0))) return false;
        return f.max() == null || (v.compareTo(f.max()) <= 0 && (f.maxInclusive() || v.compareTo(f.max()) != 0));
    }

    /** For each numeric field: every facet value used on it anywhere in the ontology, and its neighbours. */
    static Map<String, List<BigDecimal>> edges(Mcrc mcrc) {
        var kb = mcrc.knowledgeBase();
        Map<String, Set<BigDecimal>> vals = new LinkedHashMap<>();
        for (Field f : kb.fields().values()) {
            Set<BigDecimal> s = new TreeSet<>();
            if (f.min() != null) s.add(f.min());
            if (f.max() != null) s.add(f.max());
            s.add(BigDecimal.ONE);
            vals.put(f.name(), s);
        }
        kb.owl().ontology().axioms().forEach(ax -> ax.nestedClassExpressions().forEach(ce -> {
            if (ce instanceof org.semanticweb.owlapi.model.OWLDataSomeValuesFrom d && d.getFiller() instanceof OWLDatatypeRestriction r) {
                OWLDataProperty p = d.getProperty().asOWLDataProperty();
                kb.fieldOfProperty(p.getIRI().toString()).ifPresent(name -> {
                    for (OWLFacetRestriction fr : r.facetRestrictionsAsList()) vals.get(name).add(new BigDecimal(fr.getFacetValue().getLiteral()));
                });
            }
        }));
        Map<String, List<BigDecimal>> out = new LinkedHashMap<>();
        vals.forEach((name, s) -> {
            Field f = kb.fields().get(name);
            BigDecimal step = f.type() == org.mcrckg.ontology.FieldType.INTEGER ? BigDecimal.ONE : new BigDecimal("0.1");
            Set<BigDecimal> all = new TreeSet<>();
            for (BigDecimal v : s) { all.add(v.subtract(step)); all.add(v); all.add(v.add(step)); }
            out.put(name, new ArrayList<>(all));
        });
        return out;
    }
}
