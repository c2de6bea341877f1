package org.mcrckg.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.jena.query.Dataset;
import org.mcrckg.Mcrc;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.query.QueryCatalog;
import org.mcrckg.query.QueryRunner;
import org.mcrckg.query.ResultFormat;
import org.mcrckg.store.PatientStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs a SPARQL query over the ontology, the patients and the inferences.",
                "Named graphs: https://w3id.org/mcrc-kg/graph/{ontology,patients,inferences} (and explanations with --explain); the default graph is their union."})
final class QueryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QUERY", description = "A path to a .rq file, or the name of a query in queries/ (for example applicable-treatments).")
    String query;

    @Option(names = "--data", arity = "1..*", paramLabel = "FILE", description = "Patient files (.csv, .json, .ttl; docs/patient-record.md §1) to classify and query.")
    List<Path> data = List.of();

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table, csv, tsv or json (default: ${DEFAULT-VALUE}).",
            converter = Converter.class)
    ResultFormat format;

    static final class Converter extends Converters.EnumConverter<ResultFormat> {
        Converter() { super(ResultFormat.class, "a format"); }
    }


    @Option(names = "--explain", description = "Also explain every answer and add the graph https://w3id.org/mcrc-kg/graph/explanations "
            + "(justifications, facts, evidence, settling fields; for example the query 'explanations'). Slow: seconds per patient.")
    boolean explain;

    @Mixin
    OntologyOptions ontology;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text = QueryCatalog.load(query);
        QueryRunner.parse(text);  // a broken query fails before any reasoning
        Mcrc mcrc = ontology.load();
        PrintWriter out = spec.commandLine().getOut();
        if (data.isEmpty()) {
            // the ontology alone: small, in memory
            QueryRunner.run(text, mcrc.cohort(data).toDataset(), format, new WriterOutputStream(out));
        } else {
            var run = mcrc.cohort(data).threads(ontology.threads()).explain(explain ? ExplainOptions.defaults() : null);
            run.validate();  // a data error stops here, before anything is classified
            // The cohort goes to a temporary store on disk (lean, as load writes it), not into memory:
            // a cohort of any size is queried in bounded memory, and the store is deleted afterwards.
            try (PatientStore store = PatientStore.temporary()) {
                store.load(run, PatientStore.Progress.NONE);
                QueryRunner.run(text, store.dataset(), format, new WriterOutputStream(out));
            }
        }
        out.flush();
        ontology.save(mcrc);
        return ExitCodes.OK;
    }

    /**
     * The query's UTF-8 output into the command's writer as it is produced: a cohort's rows may
     * be larger than memory.
     */
    static final class WriterOutputStream extends OutputStream {
        private final Writer writer;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final ByteBuffer in = ByteBuffer.allocate(8192);
        private final CharBuffer chars = CharBuffer.allocate(8192);

        WriterOutputStream(Writer writer) { this.writer = writer; }

        @Override
        public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, in.remaining());
                in.put(b, off, n);
                off += n;
                len -= n;
                decode(false);
            }
        }

        /** Decodes what is complete; a character split between two writes waits for its end. */
        private void decode(boolean end) throws IOException {
            in.flip();
            CoderResult r;
            do {
                r = decoder.decode(in, chars, end);
                chars.flip();
                writer.write(chars.array(), 0, chars.limit());
                chars.clear();
            } while (r.isOverflow());
            in.compact();
        }

        @Override
        public void flush() throws IOException {
            writer.flush();
        }

        @Override
        public void close() throws IOException {
            decode(true);
            writer.flush();
        }
    }
}
