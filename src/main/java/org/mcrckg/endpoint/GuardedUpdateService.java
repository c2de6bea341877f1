package org.mcrckg.endpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.jena.fuseki.Fuseki;
import org.apache.jena.fuseki.server.CounterName;
import org.apache.jena.fuseki.servlets.ActionExecLib;
import org.apache.jena.fuseki.servlets.ActionLib;
import org.apache.jena.fuseki.servlets.SPARQLProtocol;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.riot.web.HttpNames;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.modify.UsingList;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateException;
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
import org.mcrckg.store.CountedGraphsWatch;
import org.mcrckg.store.PatientStore;

/**
 * SPARQL Update (only with {@link UpdatePolicy#ALLOW_UPDATE}) without outbound requests:
 * {@code LOAD <url>} would make the server fetch a URL the request names, and a {@code SERVICE}
 * clause in an update's {@code WHERE} would fetch one it names or builds from the data. Both are
 * refused with 400 before anything runs.
 *
 * <p>The rest is Fuseki's update service, with one step more: an update that may have changed a
 * patient, an answer or the summary graph ({@link CountedGraphsWatch}) has the summary graph counted
 * again ({@link PatientStore#recountSummary(DatasetGraph)}) in its own write transaction. A reader
 * never sees counts that disagree with the patients, and an update written directly to the summary
 * graph is replaced by the counts. The count reads every patient and answer, which makes such an
 * update over a large store take seconds; an update of other graphs (the ontology, the default
 * graph) does not count. The update is run here, as Fuseki's {@code SPARQL_Update} runs it (its own
 * step gives no way in before the commit): check it again when Jena is upgraded.
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
            req = UpdateFactory.read(usingList(action.getRequest()), new ByteArrayInputStream(text), Fuseki.BaseParserSPARQL, Syntax.syntaxARQ);
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
        // as SPARQL_Update.execute runs it, with the recount before the commit
        action.beginWrite();
        try {
            CountedGraphsWatch watch = new CountedGraphsWatch(action.getActiveDSG());
            UpdateAction.execute(req, watch);
            if (watch.touched()) PatientStore.recountSummary(action.getActiveDSG());
            action.commit();
        } catch (UpdateException e) {
            ActionLib.consumeBody(action);
            action.abortSilent();
            ActionExecLib.incCounter(action.getEndpoint().getCounters(), CounterName.UpdateExecErrors);
            ServletOps.errorOccurred(e.getMessage());
        } catch (QueryParseException | QueryBuildException e) {
            ActionLib.consumeBody(action);
            action.abortSilent();
            ServletOps.errorBadRequest(SPARQLProtocol.messageForException(e));
        } catch (RuntimeException e) {
            action.abortSilent();
            throw e;
        } finally {
            action.endWrite();
        }
    }

    /** The protocol's {@code using-graph-uri} and {@code using-named-graph-uri} parameters, as Fuseki reads them. */
    private static UsingList usingList(HttpServletRequest request) {
        UsingList using = new UsingList();
        String[] graphs = request.getParameterValues(HttpNames.paramUsingGraphURI);
        String[] named = request.getParameterValues(HttpNames.paramUsingNamedGraphURI);
        if (graphs != null) for (String g : graphs) using.addUsing(iri(g));
        if (named != null) for (String g : named) using.addUsingNamed(iri(g));
        return using;
    }

    private static Node iri(String s) {
        try {
            return NodeFactory.createURI(IRIx.create(s).str());
        } catch (IRIException e) {
            ServletOps.errorBadRequest("Bad IRI: " + s);
            return null;
        }
    }
}
