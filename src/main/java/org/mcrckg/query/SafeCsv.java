package org.mcrckg.query;

import java.io.OutputStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.riot.rowset.RowSetWriter;
import org.apache.jena.riot.rowset.RowSetWriterFactory;
import org.apache.jena.riot.rowset.RowSetWriterRegistry;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.exec.RowSetStream;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;
import org.apache.jena.atlas.iterator.Iter;
import org.mcrckg.report.SpreadsheetCells;

/**
 * SPARQL CSV results with spreadsheet formulas neutralised ({@link SpreadsheetCells}): a literal
 * whose text starts with {@code = + - @}, tab or CR gets a single quote in front. Jena's CSV
 * writer is replaced by one that does this when the writing context has {@link #NEUTRALISE} set
 * (the endpoint's context, and {@code mcrc query --format csv}), and writes exactly as Jena does
 * otherwise. JSON, XML and TSV keep the values as they are: TSV writes RDF terms, quoted.
 */
public final class SafeCsv {
    /** Context flag: neutralise spreadsheet formulas in CSV results. */
    public static final Symbol NEUTRALISE = Symbol.create("https://w3id.org/mcrc-kg/mcrc#csvNeutraliseFormulas");

    private static boolean installed;

    private SafeCsv() {}

    /** Registers the CSV writer (once per JVM); it neutralises only where the context asks. */
    public static synchronized void install() {
        if (installed) return;
        RowSetWriterFactory jena = RowSetWriterRegistry.getFactory(ResultSetLang.RS_CSV);
        RowSetWriterRegistry.register(ResultSetLang.RS_CSV, lang -> new NeutralisingWriter(jena.create(lang)));
        installed = true;
    }

    /** The context flag set on {@code cxt}. */
    public static Context neutralising(Context cxt) {
        cxt.set(NEUTRALISE, true);
        return cxt;
    }

    static RowSet neutralised(RowSet rs) {
        List<Var> vars = rs.getResultVars();
        Iterator<Binding> rows = Iter.map(rs, b -> {
            BindingBuilder out = BindingBuilder.create();
            b.forEach((v, n) -> out.add(v, cell(n)));
            return out.build();
        });
        return RowSetStream.create(vars, rows);
    }

    static Node cell(Node n) {
        if (n.isLiteral() && SpreadsheetCells.risky(n.getLiteralLexicalForm())) {
            return NodeFactory.createLiteralString(SpreadsheetCells.neutralise(n.getLiteralLexicalForm()));
        }
        return n;
    }

    private record NeutralisingWriter(RowSetWriter jena) implements RowSetWriter {
        private static boolean on(Context c) { return c != null && c.isTrue(NEUTRALISE); }

        @Override
        public void write(OutputStream out, RowSet rowSet, Context context) {
            jena.write(out, on(context) ? neutralised(rowSet) : rowSet, context);
        }

        @Override
        public void write(Writer out, RowSet rowSet, Context context) {
            jena.write(out, on(context) ? neutralised(rowSet) : rowSet, context);
        }

        @Override
        public void write(OutputStream out, boolean result, Context context) { jena.write(out, result, context); }
    }
}
