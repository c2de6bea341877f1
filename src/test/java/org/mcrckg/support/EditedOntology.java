package org.mcrckg.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies of the working tree's ontology with one edit, as an editor would make it in Protégé. */
public final class EditedOntology {
    public static final String NS = "https://w3id.org/mcrc-kg/mcrc#";
    /** The definition line of the FLR threshold after extensive chemotherapy. */
    private static final String FLR30 = "EquivalentClasses(:RemnantAtLeast30Percent ObjectIntersectionOf(:Patient DataSomeValuesFrom(:flr_percent "
            + "DatatypeRestriction(xsd:decimal xsd:minInclusive \"30.0\"^^xsd:decimal))))";

    private EditedOntology() {}

    /** The 30% FLR cut-off (after extensive chemotherapy or chemotherapy injury) lowered to 25%. */
    public static Path flr25(Path dir) throws IOException {
        return replace(dir, "flr25.owl", FLR30, FLR30.replace("\"30.0\"", "\"25.0\""));
    }

    /** {@code from} replaced by {@code to}, exactly once. */
    public static Path replace(Path dir, String name, String from, String to) throws IOException {
        String src = Files.readString(Cohort.ONTOLOGY);
        int at = src.indexOf(from);
        assertEquals(at, src.lastIndexOf(from), "expected exactly one occurrence of " + from);
        if (at < 0) throw new AssertionError("not in the ontology: " + from);
        Path out = dir.resolve(name);
        Files.writeString(out, src.substring(0, at) + to + src.substring(at + from.length()));
        return out;
    }
}
