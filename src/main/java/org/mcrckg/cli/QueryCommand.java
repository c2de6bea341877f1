package org.mcrckg.cli;

import java.io.ByteArrayOutputStream;
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
        Dataset ds = mcrc.cohort(data).threads(ontology.threads()).explain(explain ? ExplainOptions.defaults() : null).toDataset();
        var buf = new ByteArrayOutputStream();
        QueryRunner.run(text, ds, format, buf);
        spec.commandLine().getOut().print(buf.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        ontology.save(mcrc);
        return ExitCodes.OK;
    }
}
