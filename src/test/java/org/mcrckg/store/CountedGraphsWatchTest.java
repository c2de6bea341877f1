package org.mcrckg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.jena.query.DatasetFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcrckg.ontology.Vocabulary;

/** Which SPARQL updates make the endpoint count the summary graph again: those that may change what it counts. */
class CountedGraphsWatchTest {
    private static final String P = "<" + Vocabulary.GRAPH_PATIENTS + ">", I = "<" + Vocabulary.GRAPH_INFERENCES + ">",
            S = "<" + Vocabulary.GRAPH_SUMMARY + ">", O = "<" + Vocabulary.GRAPH_ONTOLOGY + ">";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "INSERT DATA { GRAPH P { <urn:p> <urn:f> 1 } }|true",
            "DELETE DATA { GRAPH I { <urn:a> <urn:s> 'x' } }|true",
            "DELETE WHERE { GRAPH I { ?a <urn:s> ?v } }|true",
            "DELETE { GRAPH P { ?s ?p ?o } } WHERE { GRAPH P { ?s ?p ?o } }|true",
            "INSERT DATA { GRAPH S { <urn:c> <urn:n> 3 } }|true",
            "CLEAR GRAPH I|true",
            "DROP GRAPH P|true",
            "DROP ALL|true",
            "CLEAR NAMED|true",
            "COPY O TO P|true",
            "ADD O TO I|true",
            "DELETE WHERE { GRAPH ?g { ?s <urn:s> ?o } }|true",
            "INSERT DATA { GRAPH O { <urn:rule> <urn:level> '1b' } }|false",
            "DELETE WHERE { GRAPH O { ?s <urn:level> ?o } }|false",
            "INSERT DATA { <urn:x> <urn:y> <urn:z> }|false",
            "CLEAR DEFAULT|false",
            "INSERT { GRAPH O { ?s <urn:copy> ?o } } WHERE { GRAPH O { ?s <urn:level> ?o } }|false",
    })
    void anUpdateIsWatchedWhenItMayChangeWhatIsCounted(String update, boolean touched) {
        DatasetGraph dsg = DatasetFactory.createTxnMem().asDatasetGraph();
        UpdateAction.parseExecute("INSERT DATA { GRAPH " + P + " { <urn:p> <urn:f> 2 } GRAPH " + I + " { <urn:a> <urn:s> 'x' } GRAPH "
                + O + " { <urn:rule> <urn:level> '2a' } }", dsg);
        CountedGraphsWatch watch = new CountedGraphsWatch(dsg);
        String text = update.replace("GRAPH P", "GRAPH " + P).replace("GRAPH I", "GRAPH " + I).replace("GRAPH S", "GRAPH " + S)
                .replace("GRAPH O", "GRAPH " + O).replace("COPY O TO P", "COPY " + O + " TO " + P).replace("ADD O TO I", "ADD " + O + " TO " + I);
        UpdateAction.execute(UpdateFactory.create(text), watch);
        assertEquals(touched, watch.touched(), text);
    }
}
