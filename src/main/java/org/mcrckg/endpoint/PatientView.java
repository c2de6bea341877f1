package org.mcrckg.endpoint;

import static org.mcrckg.endpoint.Html.escape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.explain.EvidenceRef;
import org.mcrckg.explain.Fact;
import org.mcrckg.explain.FieldRank;
import org.mcrckg.explain.Justification;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.explain.Reason;
import org.mcrckg.explain.Role;
import org.mcrckg.explain.TreatmentExplanation;
import org.mcrckg.ontology.Evidence;
import org.mcrckg.ontology.KnowledgeBase;
import org.mcrckg.ontology.Procedure;
import org.mcrckg.ontology.Rule;
import org.mcrckg.ontology.Vocabulary;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.PatientFiles;
import org.mcrckg.patient.PatientRecord;
import org.mcrckg.patient.RawRecord;
import org.mcrckg.patient.SourceLocation;

/**
 * The patient page: the answers as the store holds them, with what the classifier adds for
 * people. The stored record is classified again (a fraction of a millisecond once warm) for the
 * answers' basis and provisional status, which the store does not keep; when the two disagree
 * (the ontology changed since the load) the page shows the stored answers and says so. The
 * explanations come from the explanations graph when the store was loaded with {@code --explain},
 * else they are computed now ({@link #withLiveExplanation}). Statuses are shown by their word, so
 * a status this build does not know still shows (with a neutral badge).
 */
final class PatientView {
    /** One row: a procedure's answer. */
    record Row(String key, String label, String status, String provisional, String basis, List<String> rules, List<String> evidence,
               List<String> missing, List<Reason> reasons, List<List<String>> settledBy, boolean complete) {}

    enum ExplanationSource { STORED, LIVE, NONE }

    private final StoredPatient stored;
    private final KnowledgeBase kb;
    private final String ontologyVersion;
    private final PatientRecord record;          // null when the stored record no longer validates
    private final List<DataError> recordErrors;
    private final boolean agrees;                // the live answers equal the stored ones
    private final List<Row> rows;
    private final List<FieldRank> next;
    private final ExplanationSource source;
    private final String explanationNote;

    private PatientView(StoredPatient stored, KnowledgeBase kb, String ontologyVersion, PatientRecord record, List<DataError> recordErrors,
                        boolean agrees, List<Row> rows, List<FieldRank> next, ExplanationSource source, String explanationNote) {
        this.stored = stored;
        this.kb = kb;
        this.ontologyVersion = ontologyVersion;
        this.record = record;
        this.recordErrors = recordErrors;
        this.agrees = agrees;
        this.rows = rows;
        this.next = next;
        this.source = source;
        this.explanationNote = explanationNote;
    }

    PatientRecord record() { return record; }

    /** Whether an explanation should be computed now: none stored, and the live answers are the stored ones. */
    boolean wantsLiveExplanation() { return source == ExplanationSource.NONE && agrees && stored.consistent() && record != null; }

    /** The stored patient, its record validated again, classified again, and the stored explanations read. */
    static PatientView of(Mcrc mcrc, StoredPatient sp) {
        KnowledgeBase kb = mcrc.knowledgeBase();
        Map<String, String> raw = new LinkedHashMap<>();
        sp.values().forEach((iri, v) -> kb.fieldOfProperty(iri).ifPresent(f -> raw.put(f, v)));
        List<DataError> errors = new ArrayList<>();
        PatientRecord record = new PatientFiles(kb).validator().validate(new RawRecord(new SourceLocation("store", 0, null), raw, Map.of()), errors);
        PatientAnswer live = record == null ? null : mcrc.classify(record);
        boolean agrees = live != null && agrees(sp, live, kb);
        List<Row> rows = new ArrayList<>();
        Map<String, Procedure> procedures = new LinkedHashMap<>();
        kb.procedures().stream().sorted(Comparator.comparingInt(Procedure::order)).forEach(p -> procedures.put(p.key(), p));
        List<String> keys = new ArrayList<>(procedures.keySet());
        for (String k : sp.answers().keySet()) if (!keys.contains(k)) keys.add(k);
        for (String key : keys) {
            StoredPatient.StoredAnswer a = sp.answers().get(key);
            if (a == null) continue;
            Optional<TreatmentAnswer> t = agrees ? live.treatment(key) : Optional.empty();
            List<String> rules = a.ruleIris().stream().map(i -> kb.ruleByIri(i).map(Rule::id).orElse(i)).sorted().toList();
            List<String> evidence = a.evidenceIris().stream().map(i -> evidenceByIri(kb, i).map(Evidence::id).orElse(i)).sorted().toList();
            Procedure p = procedures.get(key);
            rows.add(new Row(key, p == null ? key : p.label(), a.status(), t.flatMap(TreatmentAnswer::provisional).map(s -> s.word()).orElse(null),
                    t.map(x -> x.basis().word()).orElse(null), rules, evidence, a.missing(), List.of(), List.of(), true));
        }
        PatientView v = new PatientView(sp, kb, mcrc.ontologyVersion(), record, errors, agrees, rows, List.of(), ExplanationSource.NONE, null);
        return sp.hasExplanations() ? v.withStoredExplanation() : v;
    }

    private static boolean agrees(StoredPatient sp, PatientAnswer live, KnowledgeBase kb) {
        if (live.consistent() != sp.consistent()) return false;
        if (live.treatments().size() != sp.answers().size()) return false;
        for (TreatmentAnswer t : live.treatments()) {
            StoredPatient.StoredAnswer a = sp.answers().get(t.procedure());
            if (a == null || !a.status().equals(t.status().word())) return false;
            List<String> rules = a.ruleIris().stream().map(i -> kb.ruleByIri(i).map(Rule::id).orElse(i)).sorted().toList();
            if (!rules.equals(t.rules().stream().sorted().toList())) return false;
        }
        return true;
    }

    private static Optional<Evidence> evidenceByIri(KnowledgeBase kb, String iri) {
        return kb.evidence().values().stream().filter(e -> e.iri().equals(iri)).findFirst();
    }

    private static EvidenceRef ref(Evidence e) {
        return new EvidenceRef(e.id(), e.claim(), e.citation(), e.design(), e.level(), e.certainty(), e.pmids(), e.dois());
    }

    /** The explanations as {@code mcrc explain} computed them now. */
    PatientView withLiveExplanation(PatientExplanation e) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            Optional<TreatmentExplanation> t = e.treatment(r.key());
            out.add(t.map(x -> new Row(r.key(), r.label(), r.status(), r.provisional(), r.basis(), r.rules(), r.evidence(), r.missing(),
                    x.reasons(), x.settledBy(), x.complete())).orElse(r));
        }
        return new PatientView(stored, kb, ontologyVersion, record, recordErrors, agrees, out, e.nextMeasurements(), ExplanationSource.LIVE,
                e.complete() ? null : "The time limit cut some explanations short; what was found is shown.");
    }

    /** The page without explanations, saying why and how to get them. */
    PatientView withExplanationNote(String note) {
        return new PatientView(stored, kb, ontologyVersion, record, recordErrors, agrees, rows, next, source, note);
    }

    /** Reads the explanations graph (see {@code ExplanationRdf}) back into the library's types. */
    private PatientView withStoredExplanation() {
        Model m = stored.explanations();
        Property field = m.createProperty(Vocabulary.FACT_FIELD), value = m.createProperty(Vocabulary.FACT_VALUE);
        Property closure = m.createProperty(Vocabulary.FROM_STAGING_CLOSURE), complete = m.createProperty(Vocabulary.EXPLANATION_COMPLETE);
        Property derived = m.createProperty(Vocabulary.PROV_NS + "wasDerivedFrom"), source = m.createProperty(Vocabulary.PROV_NS + "hadPrimarySource");
        Resource patient = m.createResource(stored.iri());
        List<FieldRank> ranks = new ArrayList<>();
        Map<FieldRank, Integer> order = new HashMap<>();
        for (Statement s : patient.listProperties(m.createProperty(Vocabulary.NEXT_MEASUREMENT)).toList()) {
            Resource n = s.getResource();
            FieldRank r = new FieldRank(n.getProperty(field).getString(), n.getProperty(m.createProperty(Vocabulary.SETTLES)).getInt(),
                    n.getProperty(m.createProperty(Vocabulary.MAY_SETTLE)).getInt());
            ranks.add(r);
            Statement o = n.getProperty(m.createProperty(Vocabulary.DISPLAY_ORDER));
            order.put(r, o == null ? Integer.MAX_VALUE : o.getInt());
        }
        ranks.sort(Comparator.comparing((FieldRank r) -> order.get(r)).thenComparing(FieldRank::field));
        boolean allComplete = !patient.hasLiteral(complete, false);
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            Resource a = m.createResource(stored.iri() + "/answer/" + r.key());
            Map<String, List<Justification>> byClass = new LinkedHashMap<>();
            Map<String, Role> roles = new HashMap<>();
            Map<String, TreeSet<String>> evidence = new HashMap<>();
            List<Resource> js = a.listProperties(m.createProperty(Vocabulary.HAS_JUSTIFICATION)).mapWith(Statement::getResource).toList();
            js.sort(Comparator.comparingInt(PatientView::trailingNumber));
            for (Resource j : js) {
                String cls = j.getPropertyResourceValue(m.createProperty(Vocabulary.JUSTIFIES_CLASS)).getURI();
                String role = j.getProperty(m.createProperty(Vocabulary.EXPLAINS_ROLE)).getString();
                String key = role + " " + cls;
                roles.put(key, roleOf(role));
                List<Fact> facts = new ArrayList<>();
                for (Statement d : j.listProperties(derived).toList()) {
                    Resource f = d.getResource();
                    if (!f.hasProperty(field)) continue;
                    facts.add(new Fact(f.getProperty(field).getString(), f.getProperty(value).getString(), f.hasLiteral(closure, true)));
                }
                facts.sort(Comparator.comparing(Fact::field));
                List<String> comparisons = new ArrayList<>();
                j.listProperties(m.createProperty(Vocabulary.COMPARISON)).forEachRemaining(s -> comparisons.add(s.getString()));
                comparisons.sort(Comparator.naturalOrder());
                byClass.computeIfAbsent(key, k -> new ArrayList<>()).add(new Justification(facts, comparisons));
                TreeSet<String> ev = evidence.computeIfAbsent(key, k -> new TreeSet<>());
                j.listProperties(source).forEachRemaining(s -> ev.add(s.getResource().getURI()));
            }
            List<Reason> reasons = new ArrayList<>();
            byClass.forEach((key, justifications) -> {
                String cls = key.substring(key.indexOf(' ') + 1);
                Optional<Rule> rule = kb.ruleByIri(cls);
                List<EvidenceRef> refs = evidence.get(key).stream().map(i -> evidenceByIri(kb, i)).flatMap(Optional::stream)
                        .sorted(Comparator.comparing(Evidence::id)).map(PatientView::ref).toList();
                reasons.add(new Reason(roles.get(key), cls, rule.map(Rule::id), rule.map(Rule::label).orElse(kb.label(cls)), justifications, List.of(), refs));
            });
            List<Resource> sets = a.listProperties(m.createProperty(Vocabulary.SETTLED_BY)).mapWith(Statement::getResource).toList();
            sets.sort(Comparator.comparingInt(PatientView::trailingNumber));
            List<List<String>> settledBy = new ArrayList<>();
            for (Resource s : sets) {
                TreeSet<String> fields = new TreeSet<>();
                s.listProperties(m.createProperty(Vocabulary.SETTLING_FIELD)).forEachRemaining(x -> fields.add(x.getString()));
                settledBy.add(List.copyOf(fields));
            }
            boolean c = !a.hasLiteral(complete, false);
            allComplete &= c;
            out.add(new Row(r.key(), r.label(), r.status(), r.provisional(), r.basis(), r.rules(), r.evidence(), r.missing(), reasons, settledBy, c));
        }
        return new PatientView(stored, kb, ontologyVersion, record, recordErrors, agrees, out, ranks, ExplanationSource.STORED,
                allComplete ? null : "The time limit cut some explanations short when they were loaded; what was found is shown.");
    }

    private static int trailingNumber(Resource r) {
        String u = r.getURI();
        try {
            return Integer.parseInt(u.substring(u.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static Role roleOf(String word) {
        for (Role r : Role.values()) if (r.word().equals(word)) return r;
        return Role.FIRED;
    }

    // ---- HTML ----

    static String basisInWords(String basis) {
        if (basis == null) return null;
        return switch (basis) {
            case "rule_entailed" -> "a rule with this status applies, and every rule of higher precedence is ruled out";
            case "no_indication_met" -> "every indication for it is ruled out";
            case "disease_absent" -> "the patient does not have the disease it treats";
            case "applicability_unknown" -> "whether it applies to this patient's disease is not known";
            case "higher_precedence_undecided" -> "a rule applies, but a rule of higher precedence is still undecided";
            case "rules_undecided" -> "no rule applies yet, and some rules are undecided";
            case "no_rule" -> "the ontology has no rule for it yet";
            default -> basis.replace('_', ' ');
        };
    }

    String html() {
        String id = stored.id();
        StringBuilder b = new StringBuilder(32 * 1024);
        b.append(Html.head("Patient " + id, "", "")).append("<main class=\"patient\">\n");
        b.append("<h1>Patient <span class=\"pid\">").append(escape(id)).append("</span></h1>\n");
        b.append("<p class=\"meta\">Ontology version ").append(escape(ontologyVersion)).append(" · answers from the store · ")
                .append(switch (source) {
                    case STORED -> "explanations from the store (loaded with <code>--explain</code>)";
                    case LIVE -> "explanations computed now from the stored record";
                    case NONE -> "no explanations";
                })
                .append(" · RDF: <a href=\"").append(escape(selfPath())).append("?format=ttl\">Turtle</a>, <a href=\"")
                .append(escape(selfPath())).append("?format=jsonld\">JSON-LD</a> · <button type=\"button\" class=\"print\" id=\"print\">Print summary</button></p>\n");
        if (!agrees && record != null) {
            b.append("<p class=\"warning\" role=\"alert\">The ontology this server uses gives other answers for this record than the store holds"
                    + " (the ontology changed since it was loaded): the stored answers are shown, without explanations."
                    + " Load the patients again (<code>mcrc load</code>) so that the answers follow the ontology.</p>\n");
        }
        if (record == null && !recordErrors.isEmpty()) {
            b.append("<p class=\"warning\" role=\"alert\">The stored record does not validate against this server's ontology: ")
                    .append(escape(recordErrors.get(0).toString())).append(". The stored answers are shown, without explanations.</p>\n");
        }
        if (explanationNote != null) b.append("<p class=\"note\">").append(escape(explanationNote)).append("</p>\n");
        if (!stored.consistent()) {
            b.append("<section class=\"inconsistent\"><h2>Inconsistent record</h2><p>These facts cannot hold together, so no answer is given:</p><ul>");
            for (String c : stored.clash()) b.append("<li><code>").append(escape(c)).append("</code></li>");
            b.append("</ul></section>\n");
        }
        if (!stored.tags().isEmpty()) {
            b.append("<p class=\"tags\"><span class=\"label\">Tags:</span> ");
            for (String t : stored.tags()) b.append("<span class=\"tag\">").append(escape(t)).append("</span> ");
            b.append("</p>\n");
        }
        measureNext(b);
        summary(b);
        b.append("<div class=\"details\">\n");
        for (Row r : rows) detail(b, r);
        b.append("</div>\n");
        facts(b);
        b.append("</main>\n").append(Html.foot())
                .append("<script src=\"/assets/patient.js\"></script>\n</body>\n</html>\n");
        return b.toString();
    }

    private String selfPath() { return "/patient/" + URLEncoder.encode(stored.id(), StandardCharsets.UTF_8).replace("+", "%20"); }

    private void measureNext(StringBuilder b) {
        List<Row> undetermined = rows.stream().filter(r -> r.status().equals("undetermined")).toList();
        if (undetermined.isEmpty()) return;
        b.append("<section class=\"next\" aria-labelledby=\"next-h\"><h2 id=\"next-h\">What to measure next</h2>\n");
        if (!next.isEmpty()) {
            b.append("<ol>");
            for (FieldRank f : next) {
                b.append("<li><code>").append(escape(f.field())).append("</code>: settles ").append(f.settles())
                        .append(f.settles() == 1 ? " undetermined answer" : " undetermined answers");
                if (f.maySettle() > 0) b.append(", may settle ").append(f.maySettle()).append(" more (for some values)");
                b.append("</li>");
            }
            b.append("</ol>\n");
        } else {
            // without explanations: the fields the undetermined answers name as missing, by how many name them
            Map<String, Integer> count = new TreeMap<>();
            for (Row r : undetermined) for (String f : r.missing()) count.merge(f, 1, Integer::sum);
            List<Map.Entry<String, Integer>> sorted = new ArrayList<>(count.entrySet());
            sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            b.append("<p>Fields the ").append(undetermined.size()).append(" undetermined answers name as missing:</p><ol>");
            for (Map.Entry<String, Integer> e : sorted) {
                b.append("<li><code>").append(escape(e.getKey())).append("</code>: named by ").append(e.getValue())
                        .append(e.getValue() == 1 ? " answer" : " answers").append("</li>");
            }
            b.append("</ol>\n");
        }
        b.append("</section>\n");
    }

    private void summary(StringBuilder b) {
        if (rows.isEmpty()) return;
        b.append("<section class=\"answers\" aria-labelledby=\"answers-h\"><h2 id=\"answers-h\">Answers</h2>\n")
                .append("<table class=\"answers\"><thead><tr><th scope=\"col\">procedure</th><th scope=\"col\">status</th>")
                .append("<th scope=\"col\">provisional</th><th scope=\"col\">rules</th><th scope=\"col\">evidence</th><th scope=\"col\">missing</th></tr></thead><tbody>\n");
        for (Row r : rows) {
            b.append("<tr data-status=\"").append(escape(r.status())).append("\" data-procedure=\"").append(escape(r.key())).append("\">")
                    .append("<th scope=\"row\"><a href=\"#proc-").append(escape(r.key())).append("\">").append(escape(r.key())).append("</a></th><td>")
                    .append(Html.badge(r.status())).append("</td><td>")
                    .append(r.provisional() == null ? "" : Html.badge(r.provisional())).append("</td><td>")
                    .append(escape(String.join(" ", r.rules()))).append("</td><td>")
                    .append(escape(String.join(" ", r.evidence()))).append("</td><td>")
                    .append(escape(String.join(", ", r.missing()))).append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private void detail(StringBuilder b, Row r) {
        boolean quiet = r.status().equals("not_applicable");
        b.append("<section class=\"procedure").append(quiet ? " quiet" : "").append("\" data-status=\"").append(escape(r.status())).append("\" id=\"proc-").append(escape(r.key())).append("\">\n")
                .append("<h3>").append(escape(r.label())).append(" <code>").append(escape(r.key())).append("</code> ")
                .append(Html.badge(r.status()));
        if (r.provisional() != null) b.append(" <span class=\"prov\">provisionally ").append(Html.badge(r.provisional())).append("</span>");
        b.append("</h3>\n");
        String why = basisInWords(r.basis());
        if (why != null) b.append("<p class=\"basis\">Why: ").append(escape(why)).append(".</p>\n");
        for (Reason reason : r.reasons()) {
            String name = reason.rule().map(x -> "rule " + x).orElse("class");
            // labels of rules start with their id ("L2: hepatectomy for ..."): not twice
            String label = reason.rule().filter(x -> reason.label().startsWith(x + ":")).map(x -> reason.label().substring(x.length() + 1).strip())
                    .orElse(reason.label());
            String verb = switch (reason.role()) {
                case FIRED -> "Applies";
                case RULED_OUT -> "Ruled out";
                case NOT_APPLICABLE -> "Not applicable: the patient is not a";
                case UNDECIDED -> "Undecided";
            };
            b.append("<div class=\"reason role-").append(escape(reason.role().word())).append("\"><p class=\"rule\"><strong>").append(escape(verb))
                    .append("</strong> ").append(escape(name)).append(": ").append(escape(label)).append("</p>\n");
            for (Justification j : reason.justifications()) {
                b.append("<p class=\"because\">because ");
                for (int i = 0; i < j.facts().size(); i++) {
                    if (i > 0) b.append(", ");
                    b.append("<code>").append(escape(j.facts().get(i).text())).append("</code>");
                }
                b.append("</p>\n");
                if (!j.comparisons().isEmpty()) {
                    b.append("<ul class=\"comparisons\">");
                    for (String c : j.comparisons()) b.append("<li>").append(escape(c)).append("</li>");
                    b.append("</ul>\n");
                }
            }
            if (!reason.missing().isEmpty()) b.append("<p>missing: ").append(escape(String.join(", ", reason.missing()))).append("</p>\n");
            if (!reason.evidence().isEmpty()) {
                b.append("<ul class=\"evidence\">");
                for (EvidenceRef e : reason.evidence()) evidence(b, e);
                b.append("</ul>\n");
            }
            b.append("</div>\n");
        }
        if (r.status().equals("undetermined")) {
            boolean named = r.reasons().stream().anyMatch(x -> !x.missing().isEmpty());
            if (!named && !r.missing().isEmpty()) b.append("<p class=\"missing\">Missing: ").append(escape(String.join(", ", r.missing()))).append("</p>\n");
            for (List<String> s : r.settledBy()) {
                b.append("<p class=\"settle\">Would be settled by measuring ").append(escape(String.join(" and ", s))).append("</p>\n");
            }
        }
        if (!r.complete()) b.append("<p class=\"note\">Cut short by the time limit.</p>\n");
        if (r.reasons().isEmpty() && source != ExplanationSource.NONE && !r.evidence().isEmpty()) {
            b.append("<ul class=\"evidence\">");
            for (String id : r.evidence()) {
                Evidence e = kb.evidence().get(id);
                if (e != null) evidence(b, ref(e));
            }
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    private static void evidence(StringBuilder b, EvidenceRef e) {
        b.append("<li><span class=\"eid\">").append(escape(e.id())).append("</span> ").append(escape(e.citation()))
                .append(" <span class=\"grade\">(").append(escape(e.design())).append("; Oxford level ").append(escape(e.level()))
                .append("; GRADE ").append(escape(e.certainty())).append(")</span>");
        for (String p : e.pmids()) {
            b.append(" <a href=\"https://pubmed.ncbi.nlm.nih.gov/").append(escape(URLEncoder.encode(p, StandardCharsets.UTF_8)))
                    .append("/\">PMID ").append(escape(p)).append("</a>");
        }
        for (String d : e.dois()) {
            b.append(" <a href=\"https://doi.org/").append(escape(d.replace("%", "%25").replace("#", "%23").replace("?", "%3F").replace(" ", "%20")))
                    .append("\">doi:").append(escape(d)).append("</a>");
        }
        b.append("</li>");
    }

    private void facts(StringBuilder b) {
        b.append("<section class=\"facts\" aria-labelledby=\"facts-h\"><h2 id=\"facts-h\">Record</h2><dl>");
        Map<String, String> values = new TreeMap<>();
        stored.values().forEach((iri, v) -> kb.fieldOfProperty(iri).ifPresent(f -> values.put(f, v)));
        values.forEach((f, v) -> b.append("<div><dt>").append(escape(f)).append("</dt><dd>").append(escape(v)).append("</dd></div>"));
        b.append("</dl><p class=\"note\">Fields not listed are unknown (missing means unknown, never \"no\").</p></section>\n");
    }
}
