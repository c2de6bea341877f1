package org.mcrckg.endpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.jena.fuseki.Fuseki;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.fuseki.servlets.SPARQL_Update;
import org.apache.jena.fuseki.servlets.ServletOps;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.modify.request.UpdateLoad;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;
import org.mcrckg.query.NoService;

/**
 * SPARQL Update (only with {@link UpdatePolicy#ALLOW_UPDATE}) without outbound requests:
 * {@code LOAD <url>} would make the server fetch a URL the request names, and a {@code SERVICE}
 * clause in an update's {@code WHERE} would fetch one it names or builds from the data. Both are
 * refused with 400 before anything runs; the rest is Fuseki's update service.
 */
final class GuardedUpdateService extends SPARQL_Update {
    @Override
    protected void execute(HttpAction action, InputStream input) {
        byte[] text;
        try {
            text = input.readAllBytes();  // bounded by the request size limit (GuardFilter)
        } catch (IOException e) {
            ServletOps.errorBadRequest("cannot read the update: " + e.getMessage());
            return;
        }
        UpdateRequest req;
        try {
            req = UpdateFactory.read(new ByteArrayInputStream(text), Fuseki.BaseParserSPARQL, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            ServletOps.errorBadRequest("Parse error: " + e.getMessage());
            return;
        }
        for (Update u : req.getOperations()) {
            if (u instanceof UpdateLoad) {
                ServletOps.errorBadRequest("LOAD is disabled: this endpoint never fetches URLs; load files with mcrc load");
            }
            if (u instanceof UpdateModify w && w.getWherePattern() != null && NoService.usesService(Algebra.compile(w.getWherePattern()))) {
                ServletOps.errorBadRequest("SERVICE is disabled: this endpoint never makes outbound requests [" + NoService.ERROR_ID + "]");
            }
        }
        super.execute(action, new ByteArrayInputStream(text));
    }
}
