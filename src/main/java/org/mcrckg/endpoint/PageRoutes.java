package org.mcrckg.endpoint;

import java.util.function.Supplier;
import org.apache.jena.fuseki.main.FusekiServer;
import org.mcrckg.Mcrc;
import org.mcrckg.store.PatientStore;

/**
 * The pages and services for people and integrations, besides the SPARQL protocol: the patient
 * page ({@code /patient/<id>}, also the RDF of the patient by content negotiation), the cohort
 * dashboard ({@code /cohort}), the classification form ({@code /classify}) and service
 * ({@code POST /mcrc/classify}), and the static files they load ({@code /assets/},
 * {@code /webjars/}, {@code /vendor/}), all from the jar. Kept out of {@link Endpoint} so that
 * the server's set-up stays short.
 */
final class PageRoutes implements AutoCloseable {
    private final Classification classification;
    private static Mcrc defaultClassifier;

    /**
     * The default ontology's classifier ({@link Mcrc#load()}), one per JVM: it is safe to share, and
     * the default ontology cannot change while the JVM runs, so servers started one after the
     * other (tests) load it once.
     */
    static synchronized Mcrc defaultClassifier() {
        if (defaultClassifier == null) defaultClassifier = Mcrc.load();
        return defaultClassifier;
    }

    private PageRoutes(Classification classification) {
        this.classification = classification;
    }

    /** Adds the routes to {@code builder}; the classifier ({@code mcrc}) is loaded in the background. */
    static PageRoutes add(FusekiServer.Builder builder, PatientStore store, EndpointConfig config, Supplier<Mcrc> mcrc) {
        Classification c = new Classification(mcrc, config.timeout());
        builder.addServlet("/" + EndpointConfig.DATASET + "/classify", new ClassifyServlet(c, ClassifyServlet.MAX_BODY_BYTES))
                .addServlet("/classify", new ClassifyPageServlet())
                .addServlet("/cohort", new CohortServlet())
                .addServlet("/patient", new PatientServlet(store, c))
                .addServlet("/patient/*", new PatientServlet(store, c))
                .addServlet("/assets/*", new AssetServlet("org/mcrckg/endpoint/assets", false))
                .addServlet("/webjars/*", new AssetServlet("META-INF/resources/webjars", true))
                .addServlet("/vendor/*", new AssetServlet("META-INF/resources/vendor", true));
        return new PageRoutes(c);
    }

    @Override
    public void close() { classification.close(); }
}
