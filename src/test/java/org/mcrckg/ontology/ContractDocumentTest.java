package org.mcrckg.ontology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/patient-record.md is the one place a user reads the record format: every record field the
 * ontology declares is documented there with its type and, for enumerations, exactly its words;
 * every procedure key and every status word is in its tables.
 */
class ContractDocumentTest {
    static final Path DOC = Path.of("docs/patient-record.md");
    /** A table row that starts with a code-quoted name: | `name` | ... */
    static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9_]+)`(?:\\s*\\(version 2\\))?\\s*\\|(.*)$");

    static String doc;
    static KnowledgeBase kb;

    @BeforeAll
    static void load() throws IOException {
        doc = Files.readString(DOC);
        kb = KnowledgeBase.load(OntologySource.file(Path.of("ontology/mcrc.owl")));
    }

    /** The rows of the tables under the heading that starts with {@code heading}, up to the next heading of the same level. */
    static Map<String, List<String>> rows(String heading) {
        int start = doc.indexOf("\n" + heading);
        assertTrue(start >= 0, DOC + " has no heading " + heading);
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = doc.indexOf("\n" + level, start + 1);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : doc.substring(start, end < 0 ? doc.length() : end).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                List<String> cells = new ArrayList<>();
                for (String c : m.group(2).split("\\|")) cells.add(c.strip());
                out.put(m.group(1), cells);
            }
        }
        return out;
    }

    static String typeWord(FieldType t) {
        return switch (t) {
            case INTEGER -> "integer";
            case DECIMAL -> "decimal";
            case BOOLEAN -> "boolean";
            case WORD -> "enum";
            case TEXT -> "string";
        };
    }

    @Test
    void everyRecordFieldIsDocumentedWithItsTypeAndWords() {
        Map<String, List<String>> fields = rows("## 1. The patient record");
        List<String> problems = new ArrayList<>();
        for (Field f : kb.fields().values()) {
            List<String> cells = fields.get(f.name());
            if (cells == null) { problems.add(f.name() + ": not in " + DOC + " §1"); continue; }
            if (!cells.get(0).equals(typeWord(f.type()))) problems.add(f.name() + ": documented as " + cells.get(0) + ", the ontology has " + typeWord(f.type()));
            if (f.type() == FieldType.WORD) {
                List<String> words = new ArrayList<>();
                Matcher m = Pattern.compile("`([a-z0-9_]+)`").matcher(cells.get(1));
                while (m.find()) words.add(m.group(1));
                if (!new java.util.TreeSet<>(words).equals(new java.util.TreeSet<>(f.words()))) {
                    problems.add(f.name() + ": documented words " + words + ", the ontology has " + f.words());
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyProcedureKeyIsDocumented() {
        Map<String, List<String>> keys = rows("### Procedure keys");
        List<String> undocumented = kb.procedures().stream().map(Procedure::key).filter(k -> !keys.containsKey(k)).toList();
        assertTrue(undocumented.isEmpty(), "procedure keys not in " + DOC + " §2: " + undocumented);
    }

    @Test
    void everyStatusWordIsDocumentedInPrecedenceOrder() {
        Map<String, List<String>> statuses = rows("## 2. The treatment answer");
        for (Status s : Status.values()) assertTrue(statuses.containsKey(s.word()), s.word() + " is not in the status table of " + DOC);
        assertTrue(doc.contains("`not_recommended` over `recommended` over `consider` over `not_indicated`"), DOC + " states another precedence");
        assertEquals(List.of(Status.NOT_RECOMMENDED, Status.RECOMMENDED, Status.CONSIDER, Status.NOT_INDICATED), Status.RULE_PRECEDENCE);
    }
}
