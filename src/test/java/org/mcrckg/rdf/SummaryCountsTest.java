package org.mcrckg.rdf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.DatasetFactory;
import org.junit.jupiter.api.Test;
import org.mcrckg.query.QueryRunner;

class SummaryCountsTest {
    /** Which values a field count counts as present, as free, or not at all: what the counting query's SPARQL expression says. */
    @Test
    void presenceIsWhatTheCountingQueryCompares() {
        List<Node> values = List.of(lit("1", XSDDatatype.XSDinteger), lit("0", XSDDatatype.XSDinteger), lit("-3", XSDDatatype.XSDinteger),
                lit("0.1", XSDDatatype.XSDdecimal), lit("-0.5", XSDDatatype.XSDdecimal), lit("0.0", XSDDatatype.XSDdecimal),
                lit("true", XSDDatatype.XSDboolean), lit("false", XSDDatatype.XSDboolean), lit("2.5e0", XSDDatatype.XSDdouble),
                lit("NaN", XSDDatatype.XSDdouble), lit("-0.0e0", XSDDatatype.XSDdouble), lit("0.0e0", XSDDatatype.XSDfloat), lit("7", XSDDatatype.XSDnonNegativeInteger), lit("x", XSDDatatype.XSDinteger),
                NodeFactory.createLiteralString("yes"), lit("2020-01-01", XSDDatatype.XSDdate));
        for (Node v : values) {
            List<Map<String, String>> rows = QueryRunner.select("SELECT ?present WHERE { BIND (" + "\"" + v.getLiteralLexicalForm() + "\"^^<" + v.getLiteralDatatypeURI() + ">"
                    + " AS ?v) BIND (IF(DATATYPE(?v) = <http://www.w3.org/2001/XMLSchema#boolean>, ?v, ?v > 0) AS ?present) }", DatasetFactory.create());
            String sparql = rows.get(0).get("present");
            Boolean java = SummaryCounts.present(v);
            assertEquals(sparql == null ? null : Boolean.valueOf(sparql), java, v.toString());
        }
    }

    private static Node lit(String lexical, XSDDatatype type) { return NodeFactory.createLiteralDT(lexical, type); }
}
