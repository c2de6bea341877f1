package org.mcrckg.query;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.resultset.ResultsWriter;
import org.apache.jena.sparql.util.Context;

/** Runs SPARQL over a dataset and writes the results in a standard format. */
public final class QueryRunner {
    private QueryRunner() {}

    /**
     * Parses a query; one with a SERVICE clause is refused ({@link NoService}).
     *
     * @throws QueryException {@code query#syntax}, {@code query#service-disabled}
     */
    public static Query parse(String text) {
        Query q;
        try {
            q = QueryFactory.create(text);
        } catch (QueryParseException e) {
            throw new QueryException("query#syntax", "the query does not parse: " + e.getMessage(), e);
        }
        NoService.check(q);
        return q;
    }

    /**
     * Runs a query and writes its results to {@code out}. SERVICE is off ({@link NoService}); in
     * CSV, cells a spreadsheet would run as formulas are neutralised ({@link SafeCsv}).
     */
    public static void run(String text, Dataset ds, ResultFormat format, OutputStream out) {
        Query q = parse(text);
        SafeCsv.install();
        Context cxt = SafeCsv.neutralising(NoService.disable(ds.getContext().copy()));
        ds.begin(ReadWrite.READ);
        try (QueryExecution qe = QueryExecution.dataset(ds).query(q).context(cxt).build()) {
            if (q.isSelectType()) {
                ResultSet rs = qe.execSelect();
                switch (format) {
                    case TABLE -> ResultSetFormatter.out(out, rs, q.getPrologue());
                    case CSV -> ResultsWriter.create().lang(ResultSetLang.RS_CSV).context(cxt).build().write(out, rs);
                    case TSV -> ResultSetFormatter.outputAsTSV(out, rs);
                    case JSON -> ResultSetFormatter.outputAsJSON(out, rs);
                }
            } else if (q.isAskType()) {
                boolean b = qe.execAsk();
                switch (format) {
                    case TABLE -> new PrintStream(out, true, StandardCharsets.UTF_8).println(b);
                    case CSV -> ResultSetFormatter.outputAsCSV(out, b);
                    case TSV -> ResultSetFormatter.outputAsTSV(out, b);
                    case JSON -> ResultSetFormatter.outputAsJSON(out, b);
                }
            } else {
                Model m = q.isConstructType() ? qe.execConstruct() : qe.execDescribe();
                RDFDataMgr.write(out, m, format == ResultFormat.JSON ? Lang.JSONLD : Lang.TURTLE);
            }
        } finally {
            ds.end();
        }
    }

    /** Runs a SELECT and returns its rows as sorted maps of variable to lexical value (for tests and QC). */
    public static List<Map<String, String>> select(String text, Dataset ds) {
        Query q = parse(text);
        List<Map<String, String>> rows = new ArrayList<>();
        ds.begin(ReadWrite.READ);
        try (QueryExecution qe = QueryExecution.dataset(ds).query(q).build()) {
            ResultSet rs = qe.execSelect();
            while (rs.hasNext()) {
                QuerySolution s = rs.next();
                Map<String, String> row = new TreeMap<>();
                s.varNames().forEachRemaining(v -> {
                    RDFNode n = s.get(v);
                    row.put(v, n.isLiteral() ? n.asLiteral().getLexicalForm() : n.toString());
                });
                rows.add(row);
            }
        } finally {
            ds.end();
        }
        return rows;
    }
}
