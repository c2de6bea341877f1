package org.mcrckg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layout is the architecture: these arrows are checked on the sources' imports. */
class ArchitectureTest {
    static final Path ROOT = Path.of("src/main/java/org/mcrckg");

    record Source(String pkg, Path file, String text) {}

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = ROOT.relativize(f.getParent()).toString();
                out.add(new Source(rel.isEmpty() ? "" : rel, f, Files.readString(f)));
            }
        }
        return out;
    }

    private static void check(String rule, List<String> violations) {
        assertTrue(violations.isEmpty(), rule + ":\n  " + String.join("\n  ", violations));
    }

    @Test
    void nothingDependsOnTheCommandLine() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) if (!s.pkg().equals("cli") && s.text().contains("org.mcrckg.cli")) bad.add(s.file().toString());
        check("library code must not depend on the CLI", bad);
    }

    @Test
    void onlyReasoningCreatesHermit() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) if (!s.pkg().equals("reasoning") && s.text().contains("org.semanticweb.HermiT")) bad.add(s.file().toString());
        check("HermiT is used only in reasoning/", bad);
        List<String> creators = new ArrayList<>();
        for (Source s : sources()) if (s.text().contains("new Reasoner(")) creators.add(s.file().getFileName().toString());
        check("only HermitReasoners creates a reasoner", creators.equals(List.of("HermitReasoners.java")) ? List.of() : creators);
    }

    @Test
    void onlyRdfKnowsBothOwlApiAndJena() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (!s.pkg().equals("rdf") && s.text().contains("import org.semanticweb.owlapi") && s.text().contains("import org.apache.jena")) bad.add(s.file().toString());
        }
        check("only rdf/ imports both OWL API and Jena", bad);
    }

    @Test
    void libraryCodeNeitherPrintsNorExits() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (s.pkg().equals("cli")) continue;
            if (s.text().contains("System.exit") || s.text().contains("System.out") || s.text().contains("System.err")) bad.add(s.file().toString());
        }
        check("only the CLI prints or exits", bad);
    }

    /** Where OWL API types may appear in public signatures: the reasoning adapter and the internal owl packages. */
    static final Set<String> OWL_SIDE = Set.of("reasoning", "ontology/owl", "patient/owl");

    @Test
    void onlyFhirKnowsHapi() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (!s.pkg().equals("fhir") && (s.text().contains("import ca.uhn.fhir") || s.text().contains("import org.hl7.fhir"))) bad.add(s.file().toString());
        }
        check("HAPI FHIR types are used only in fhir/", bad);
    }

    /**
     * The store is written by {@code load} and read by {@code serve}: the server and its pages use
     * it, not the other way round, and they classify only through the {@code Mcrc} facade.
     */
    @Test
    void theServingSideSitsOnTheStoreAndReachesTheReasonerOnlyThroughTheFacade() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (s.pkg().equals("store") && s.text().contains("import org.mcrckg.endpoint")) bad.add(s.file() + ": store/ imports endpoint/");
            if (s.pkg().equals("endpoint") && s.text().contains("import org.mcrckg.reasoning")) bad.add(s.file() + ": endpoint/ imports reasoning/");
        }
        check("endpoint/ depends on store/ and reaches reasoning/ only through org.mcrckg.Mcrc", bad);
    }

    /**
     * A cohort is classified in one place, {@code CohortRun}: the commands and the facade start no
     * thread pools of their own, and no command builds a cohort's RDF itself (that is
     * {@code CohortRun.toDataset}, or the store).
     */
    @Test
    void cohortsRunThroughCohortRunAlone() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            boolean command = s.pkg().equals("cli"), facade = s.file().getFileName().toString().equals("Mcrc.java");
            if ((command || facade) && (s.text().contains("ExecutorService") || s.text().contains("Executors."))) bad.add(s.file() + ": a thread pool");
            if (command && s.text().contains("import org.mcrckg.rdf")) bad.add(s.file() + ": builds RDF");
        }
        check("the commands and Mcrc leave streaming, threads and the cohort's RDF to CohortRun", bad);
    }

    @Test
    void thePatientCoreDoesNotDependOnItsAdapters() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (s.pkg().equals("patient") && (s.text().contains("import org.mcrckg.fhir") || s.text().contains("import org.mcrckg.cds"))) bad.add(s.file().toString());
        }
        check("patient/ knows formats only through PatientFormat", bad);
    }

    @Test
    void publicSignaturesOutsideTheOwlSideHaveNoOwlApiTypes() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (OWL_SIDE.contains(s.pkg())) continue;
            Set<String> owlNames = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^import (org\\.semanticweb\\.[\\w.]+)\\.(\\w+);").matcher(s.text());
            while (m.find()) owlNames.add(m.group(2));
            for (String line : withoutCommentsAndStrings(s.text()).split("\n")) {
                String t = line.strip();
                if (!t.startsWith("public ") && !t.startsWith("protected ")) continue;
                for (String n : owlNames) if (Pattern.compile("\\b" + n + "\\b").matcher(t).find()) bad.add(s.file() + ": " + t);
            }
        }
        check("a public signature outside " + OWL_SIDE + " names an OWL API type (the library's API has none)", bad);
    }

    // --- cycles and fully-qualified names, read from the sources' code (comments and strings removed) ---

    /** {@code org.mcrckg.x.Y} of every main source file, to its code without comments and string literals. */
    static Map<String, String> code() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Source s : sources()) {
            if (s.file().getFileName().toString().equals("package-info.java")) continue;
            String name = s.file().getFileName().toString().replace(".java", "");
            out.put("org.mcrckg" + (s.pkg().isEmpty() ? "" : "." + s.pkg().replace('/', '.')) + "." + name, withoutCommentsAndStrings(s.text()));
        }
        return out;
    }

    static String withoutCommentsAndStrings(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "").replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("\"(\\\\.|[^\"\\\\\n])*\"", "\"\"").replaceAll("'(\\\\.|[^'\\\\\n])'", "''");
    }

    static String packageOf(String type) { return type.substring(0, type.lastIndexOf('.')); }

    static String simpleName(String type) { return type.substring(type.lastIndexOf('.') + 1); }

    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+?)(?:\\.\\*)?;");
    private static final Pattern OWN_QUALIFIED = Pattern.compile("\\borg\\.mcrckg\\.[\\w.]+");
    private static final Pattern TYPE_WORD = Pattern.compile("\\b[A-Z]\\w*\\b");

    /** Which source files each one uses: through its imports, and by simple name within its package. */
    static Map<String, Set<String>> fileGraph(Map<String, String> code) {
        Map<String, Set<String>> g = new TreeMap<>();
        for (var e : code.entrySet()) {
            Set<String> uses = new TreeSet<>();
            Matcher m = IMPORT.matcher(e.getValue());
            while (m.find()) {
                String name = m.group(1);
                while (!code.containsKey(name) && name.contains(".")) name = packageOf(name);  // a nested type or a static member
                if (code.containsKey(name)) uses.add(name);
            }
            String body = e.getValue().replaceAll("(?m)^(import|package) .*$", "");
            Matcher q = OWN_QUALIFIED.matcher(body);  // forbidden below, but counted here too
            while (q.find()) {
                String name = q.group();
                while (!code.containsKey(name) && name.contains(".")) name = packageOf(name);
                if (code.containsKey(name)) uses.add(name);
            }
            String pkg = packageOf(e.getKey());
            Matcher w = TYPE_WORD.matcher(body);
            while (w.find()) {
                String sibling = pkg + "." + w.group();
                if (code.containsKey(sibling)) uses.add(sibling);
            }
            uses.remove(e.getKey());
            g.put(e.getKey(), uses);
        }
        return g;
    }

    static Map<String, Set<String>> packageGraph(Map<String, Set<String>> files) {
        Map<String, Set<String>> g = new TreeMap<>();
        files.forEach((from, tos) -> {
            Set<String> out = g.computeIfAbsent(packageOf(from), k -> new TreeSet<>());
            for (String to : tos) if (!packageOf(to).equals(packageOf(from))) out.add(packageOf(to));
        });
        return g;
    }

    /** The strongly connected components with more than one node (Tarjan): each is a cycle. */
    static List<Set<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String n : g.keySet()) if (!index.containsKey(n)) visit(n, g, index, low, stack, out);
        return out;
    }

    private static void visit(String n, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                              List<Set<String>> out) {
        index.put(n, index.size());
        low.put(n, index.get(n));
        stack.push(n);
        for (String w : g.getOrDefault(n, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, g, index, low, stack, out);
                low.put(n, Math.min(low.get(n), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(n, Math.min(low.get(n), index.get(w)));
            }
        }
        if (low.get(n).equals(index.get(n))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(n));
            if (component.size() > 1) out.add(component);
        }
    }

    @Test
    void noPackageCycles() throws IOException {
        check("packages depend on each other in a cycle (a layer must not reach back up)",
                cycles(packageGraph(fileGraph(code()))).stream().map(Set::toString).toList());
    }

    @Test
    void noFileCycles() throws IOException {
        check("source files depend on each other in a cycle (move what both need into a third, or invert one arrow)",
                cycles(fileGraph(code())).stream().map(Set::toString).toList());
    }

    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])((?:java|javax|org|com|picocli)\\.(?:[a-z_]\\w*\\.)+)([A-Z]\\w*)");

    /**
     * Fully-qualified names in code, which hide a dependency from the import list. One is needed
     * only where its simple name is taken: by the file's own type, a type of its package or an import.
     */
    static List<String> inlineQualifiedNames(String type, String code, Set<String> packageTypes) {
        String body = code.replaceAll("(?m)^(import|package) .*$", "");
        Set<String> taken = new TreeSet<>(packageTypes);
        taken.add(simpleName(type));
        Matcher i = IMPORT.matcher(code);
        while (i.find()) taken.add(simpleName(i.group(1)));
        List<String> out = new ArrayList<>();
        Matcher m = QUALIFIED.matcher(body);
        while (m.find()) {
            String name = m.group(2);
            boolean clash = taken.contains(name) && !code.contains("import " + m.group(1) + name + ";");
            if (!clash) out.add(type + ": " + m.group(1) + name);
        }
        return out;
    }

    @Test
    void noInlineFullyQualifiedNames() throws IOException {
        Map<String, String> code = code();
        List<String> bad = new ArrayList<>();
        for (var e : code.entrySet()) {
            Set<String> siblings = new TreeSet<>();
            for (String t : code.keySet()) if (packageOf(t).equals(packageOf(e.getKey()))) siblings.add(simpleName(t));
            bad.addAll(inlineQualifiedNames(e.getKey(), e.getValue(), siblings));
        }
        check("import the type instead of naming it in full", bad);
    }

    @Test
    void theChecksFindWhatTheyLookFor() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertTrue(cycles(g).equals(List.of(Set.of("a", "b", "c"))), cycles(g).toString());
        Map<String, String> files = Map.of(
                "org.mcrckg.x.A", "package org.mcrckg.x;\nimport org.mcrckg.y.B;\nclass A { B b; }",
                "org.mcrckg.y.B", "package org.mcrckg.y;\nclass B { C c; }",
                "org.mcrckg.y.C", "package org.mcrckg.y;\nimport org.mcrckg.x.A;\nclass C { A a; }");
        assertTrue(cycles(fileGraph(files)).size() == 1, fileGraph(files).toString());
        assertTrue(cycles(packageGraph(fileGraph(files))).equals(List.of(Set.of("org.mcrckg.x", "org.mcrckg.y"))));
        String code = withoutCommentsAndStrings("package p;\nimport java.util.List;\nclass Endpoint {\n"
                + "  java.util.Map<String, List<String>> m; // java.util.Set in a comment\n"
                + "  org.apache.jena.fuseki.server.Endpoint e; String s = \"java.util.Set\";\n}");
        assertTrue(inlineQualifiedNames("p.Endpoint", code, Set.of()).equals(List.of("p.Endpoint: java.util.Map")), inlineQualifiedNames("p.Endpoint", code, Set.of()).toString());
    }
}
