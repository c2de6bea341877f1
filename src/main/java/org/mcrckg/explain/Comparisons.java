package org.mcrckg.explain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.reasoning.Truth;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataAllValuesFrom;
import org.semanticweb.owlapi.model.OWLDataComplementOf;
import org.semanticweb.owlapi.model.OWLDataHasValue;
import org.semanticweb.owlapi.model.OWLDataOneOf;
import org.semanticweb.owlapi.model.OWLDataRange;
import org.semanticweb.owlapi.model.OWLDataSomeValuesFrom;
import org.semanticweb.owlapi.model.OWLDataUnionOf;
import org.semanticweb.owlapi.model.OWLDatatypeRestriction;
import org.semanticweb.owlapi.model.OWLFacetRestriction;
import org.semanticweb.owlapi.model.OWLLiteral;
import org.semanticweb.owlapi.model.OWLNaryBooleanClassExpression;
import org.semanticweb.owlapi.model.OWLNaryDataRange;
import org.semanticweb.owlapi.model.OWLObjectComplementOf;
import org.semanticweb.owlapi.model.OWLObjectIntersectionOf;
import org.semanticweb.owlapi.model.OWLQuantifiedDataRestriction;

/**
 * The thresholds a justification's facts were compared with, in words: the class's definition is
 * walked down (through the definitions of the named classes it uses) to the data restrictions on
 * the justification's fields, and each is rendered from its facets with the label of the nearest
 * named class, for example {@code flr_percent = 25: below 30 (in "remnant of at least 30%")}.
 * Generic on purpose: the clinical logic stays in the ontology.
 */
final class Comparisons {
    private final KnowledgeBase kb;

    Comparisons(KnowledgeBase kb) { this.kb = kb; }

    /** Every comparison under the definition, whether or not it bears on the conclusion. */
    synchronized List<String> describe(IRI cls, List<Fact> facts) { return describe(cls, facts, null); }

    /**
     * The comparisons that bear on {@code target} (the class proven, or refuted, by the facts): the
     * definition is read three-valued over the facts alone, and only the branches that carry the
     * conclusion are followed (a conjunction refuted by one conjunct does not need the others, a
     * disjunction proven by one disjunct does not need the rest). When that reading cannot reproduce
     * HermiT's conclusion (it used an axiom beyond the definitions), every comparison is given.
     */
    synchronized List<String> describe(IRI cls, List<Fact> facts, Truth target) {
        Map<String, Fact> byProperty = facts.stream().collect(Collectors.toMap(
                f -> kb.field(f.field()).orElseThrow().iri(), f -> f, (a, b) -> a));
        Set<String> out = new LinkedHashSet<>();
        tightest.clear();
        Optional<OWLClassExpression> def = kb.owl().definition(cls);
        String label = kb.label(cls.toString());
        if (def.isPresent() && target != null && target != Truth.UNKNOWN && kleene(def.get(), byProperty, new HashSet<>()) == target) {
            carrying(def.get(), target, label, byProperty, out, new HashSet<>());
        } else {
            def.ifPresent(d -> walk(d, label, byProperty, out, new HashSet<>()));
        }
        // grouped by field (stable: the definition's order within a field), as the facts are listed
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing((String c) -> c.substring(0, c.indexOf(" = "))));
        return sorted;
    }

    /** The truth of {@code e} given only the facts (other fields unknown), by its definitions read three-valued. */
    private Truth kleene(OWLClassExpression e, Map<String, Fact> facts, Set<IRI> path) {
        if (e.isOWLThing()) return Truth.PROVEN;
        if (e.isOWLNothing()) return Truth.REFUTED;
        if (e.isNamed()) {
            IRI i = e.asOWLClass().getIRI();
            if (i.toString().equals(Vocabulary.PATIENT)) return Truth.PROVEN;  // every record is a patient
            Optional<OWLClassExpression> d = kb.owl().definition(i);
            if (d.isEmpty() || !path.add(i)) return Truth.UNKNOWN;
            Truth t = kleene(d.get(), facts, path);
            path.remove(i);
            return t;
        }
        if (e instanceof OWLObjectComplementOf c) return not(kleene(c.getOperand(), facts, path));
        if (e instanceof OWLNaryBooleanClassExpression n) {
            boolean and = e instanceof OWLObjectIntersectionOf;
            Truth absorbing = and ? Truth.REFUTED : Truth.PROVEN;
            boolean open = false;
            for (OWLClassExpression o : n.operands().toList()) {
                Truth t = kleene(o, facts, path);
                if (t == absorbing) return absorbing;
                if (t == Truth.UNKNOWN) open = true;
            }
            return open ? Truth.UNKNOWN : not(absorbing);
        }
        if (e instanceof OWLDataHasValue hv) {
            Fact f = facts.get(hv.getProperty().asOWLDataProperty().getIRI().toString());
            return f == null ? Truth.UNKNOWN : sameValue(f.value(), hv.getFiller()) ? Truth.PROVEN : Truth.REFUTED;
        }
        OWLDataRange range = e instanceof OWLDataSomeValuesFrom d ? d.getFiller() : e instanceof OWLDataAllValuesFrom d ? d.getFiller() : null;
        if (range != null) {
            String p = ((OWLQuantifiedDataRestriction) e).getProperty().asOWLDataProperty().getIRI().toString();
            Fact f = facts.get(p);
            Boolean in = f == null ? null : inRange(f.value(), range);
            return in == null ? Truth.UNKNOWN : in ? Truth.PROVEN : Truth.REFUTED;
        }
        return Truth.UNKNOWN;
    }

    private static Truth not(Truth t) { return t == Truth.PROVEN ? Truth.REFUTED : t == Truth.REFUTED ? Truth.PROVEN : Truth.UNKNOWN; }

    /** Whether a (known, valid) value lies in a data range; null when that cannot be read here. */
    private static Boolean inRange(String value, OWLDataRange r) {
        if (r.isOWLDatatype()) return Boolean.TRUE;  // the record's values are valid for their field's datatype
        if (r instanceof OWLDatatypeRestriction dr) {
            for (OWLFacetRestriction f : dr.facetRestrictionsAsList()) {
                BigDecimal v = number(value), b = number(f.getFacetValue().getLiteral());
                if (v == null || b == null) return null;
                int c = v.compareTo(b);
                boolean ok = switch (f.getFacet()) {
                    case MIN_INCLUSIVE -> c >= 0;
                    case MIN_EXCLUSIVE -> c > 0;
                    case MAX_INCLUSIVE -> c <= 0;
                    case MAX_EXCLUSIVE -> c < 0;
                    default -> throw new IllegalStateException();
                };
                if (!ok) return Boolean.FALSE;
            }
            return Boolean.TRUE;
        }
        if (r instanceof OWLDataOneOf one) return one.values().anyMatch(l -> sameValue(value, l));
        if (r instanceof OWLDataComplementOf c) {
            Boolean in = inRange(value, c.getDataRange());
            return in == null ? null : !in;
        }
        if (r instanceof OWLNaryDataRange n) {
            boolean union = r instanceof OWLDataUnionOf;
            boolean open = false;
            for (OWLDataRange o : n.operands().toList()) {
                Boolean in = inRange(value, o);
                if (in == null) open = true;
                else if (in == union) return union;
            }
            return open ? null : !union;
        }
        return null;
    }

    /** The comparisons under {@code e} that carry its truth {@code want} (which the three-valued reading gives). */
    private void carrying(OWLClassExpression e, Truth want, String context, Map<String, Fact> facts, Set<String> out, Set<IRI> path) {
        if (kleene(e, facts, new HashSet<>()) != want) return;
        if (e.isNamed()) {
            IRI i = e.asOWLClass().getIRI();
            if (!path.add(i)) return;
            kb.owl().definition(i).ifPresent(d -> carrying(d, want, kb.label(i.toString()), facts, out, path));
            path.remove(i);
        } else if (e instanceof OWLObjectComplementOf c) {
            carrying(c.getOperand(), not(want), context, facts, out, path);
        } else if (e instanceof OWLNaryBooleanClassExpression n) {
            // the operands with the same truth: all of them when a conjunction is proven or a
            // disjunction refuted; otherwise only the decisive ones (the others do not bear on it)
            for (OWLClassExpression o : n.operands().toList()) carrying(o, want, context, facts, out, path);
        } else if (e instanceof OWLDataHasValue || e instanceof OWLDataSomeValuesFrom || e instanceof OWLDataAllValuesFrom) {
            walk(e, context, facts, out, new HashSet<>());
        }
    }

    private void walk(OWLClassExpression e, String context, Map<String, Fact> facts, Set<String> out, Set<IRI> seen) {
        if (e.isNamed()) {
            IRI i = e.asOWLClass().getIRI();
            if (!seen.add(i)) return;
            kb.owl().definition(i).ifPresent(d -> walk(d, kb.label(i.toString()), facts, out, seen));
        } else if (e instanceof OWLNaryBooleanClassExpression n) {
            n.operands().forEach(o -> walk(o, context, facts, out, seen));
        } else if (e instanceof OWLObjectComplementOf c) {
            walk(c.getOperand(), context, facts, out, seen);
        } else if (e instanceof OWLDataHasValue hv) {
            Fact f = facts.get(hv.getProperty().asOWLDataProperty().getIRI().toString());
            if (f != null) {
                boolean same = sameValue(f.value(), hv.getFiller());
                out.add(f.field() + " = " + f.value() + ": " + (same ? "is " : "is not ") + hv.getFiller().getLiteral() + " (in \"" + context + "\")");
            }
        } else if (e instanceof OWLDataSomeValuesFrom d) {
            range(facts.get(d.getProperty().asOWLDataProperty().getIRI().toString()), d.getFiller(), context, out);
        } else if (e instanceof OWLDataAllValuesFrom d) {
            range(facts.get(d.getProperty().asOWLDataProperty().getIRI().toString()), d.getFiller(), context, out);
        } else {
            // object restrictions: their fillers may still name classes with data restrictions
            e.nestedClassExpressions().filter(x -> x != e).forEach(x -> { if (x.isNamed()) walk(x, context, facts, out, seen); });
        }
    }

    private void range(Fact f, OWLDataRange r, String context, Set<String> out) {
        if (f == null) return;
        if (r instanceof OWLDatatypeRestriction dr && dr.facetRestrictionsAsList().size() == 1) {
            // one class often states a ladder of bounds on one field (at most 0, at most 1, ...): say the tightest only
            OWLFacetRestriction fr = dr.facetRestrictionsAsList().get(0);
            String phrase = facet(f.value(), fr);
            String kind = phrase.substring(0, phrase.lastIndexOf(' '));
            String key = f.field() + "\u0000" + context + "\u0000" + kind;
            BigDecimal bound = number(fr.getFacetValue().getLiteral());
            Tight old = tightest.get(key);
            if (bound != null && old != null) {
                boolean upper = kind.equals("at most") || kind.equals("below") || kind.equals("not above");
                boolean tighter = upper ? bound.compareTo(old.bound) < 0 : bound.compareTo(old.bound) > 0;
                if (!tighter) return;
                out.remove(old.text);
            }
            String text = f.field() + " = " + f.value() + ": " + phrase + " (in \"" + context + "\")";
            if (bound != null) tightest.put(key, new Tight(bound, text));
            out.add(text);
            return;
        }
        String phrase = phrase(f.value(), r);
        if (phrase != null) out.add(f.field() + " = " + f.value() + ": " + phrase + " (in \"" + context + "\")");
    }

    private record Tight(BigDecimal bound, String text) {}

    private final Map<String, Tight> tightest = new HashMap<>();

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The comparison of a value with a data range in words, or null for a bare datatype (any value). */
    private static String phrase(String value, OWLDataRange r) {
        if (r instanceof OWLDatatypeRestriction dr) {
            List<String> parts = new ArrayList<>();
            for (OWLFacetRestriction f : dr.facetRestrictionsAsList()) parts.add(facet(value, f));
            return String.join(" and ", parts);
        }
        if (r instanceof OWLDataOneOf one) {
            List<String> words = one.values().map(OWLLiteral::getLiteral).toList();
            boolean in = one.values().anyMatch(l -> sameValue(value, l));
            return (in ? "one of " : "none of ") + String.join(", ", words);
        }
        if (r instanceof OWLDataComplementOf c) {
            String inner = phrase(value, c.getDataRange());
            return inner == null ? null : "not (" + inner + ")";
        }
        if (r instanceof OWLNaryDataRange n) {
            List<String> parts = new ArrayList<>();
            n.operands().forEach(o -> { String p = phrase(value, o); if (p != null) parts.add(p); });
            return parts.isEmpty() ? null : String.join(r instanceof OWLDataUnionOf ? " or " : " and ", parts);
        }
        return null;
    }

    private static String facet(String value, OWLFacetRestriction f) {
        String bound = plain(f.getFacetValue().getLiteral());
        int c;
        try {
            c = new BigDecimal(value).compareTo(new BigDecimal(bound));
        } catch (NumberFormatException e) {
            return f.getFacet().getSymbolicForm() + " " + bound;
        }
        return switch (f.getFacet()) {
            case MIN_INCLUSIVE -> (c >= 0 ? "at least " : "below ") + bound;
            case MIN_EXCLUSIVE -> (c > 0 ? "above " : "not above ") + bound;
            case MAX_INCLUSIVE -> (c <= 0 ? "at most " : "above ") + bound;
            case MAX_EXCLUSIVE -> (c < 0 ? "below " : "not below ") + bound;
            default -> f.getFacet().getSymbolicForm() + " " + bound;
        };
    }

    private static boolean sameValue(String value, OWLLiteral l) {
        if (l.getLiteral().equals(value)) return true;
        try {
            return new BigDecimal(value).compareTo(new BigDecimal(l.getLiteral())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** 40.0 is written 40: the number as a person writes it. */
    private static String plain(String literal) {
        try {
            String s = new BigDecimal(literal).stripTrailingZeros().toPlainString();
            return s.equals("-0") ? "0" : s;
        } catch (NumberFormatException e) {
            return literal;
        }
    }
}
