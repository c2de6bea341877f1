package org.mcrckg.explain;

import java.util.List;

/**
 * A minimal set of facts that still proves (or refutes) a class: drop any one of them and HermiT
 * can no longer tell.
 *
 * @param facts the facts, sorted by field
 * @param comparisons the data restrictions of the class's definition that those facts meet or fail, in words
 */
public record Justification(List<Fact> facts, List<String> comparisons) {
    public Justification {
        facts = List.copyOf(facts);
        comparisons = List.copyOf(comparisons);
    }

    public List<String> fields() { return facts.stream().map(Fact::field).toList(); }
}
