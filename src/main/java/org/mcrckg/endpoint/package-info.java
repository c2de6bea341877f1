/**
 * The SPARQL endpoint: a TDB2 store of classified patients ({@link org.mcrckg.endpoint.PatientStore})
 * and a Fuseki server over it ({@link org.mcrckg.endpoint.Endpoint}, configured by an
 * {@link org.mcrckg.endpoint.EndpointConfig}). The store holds the three named graphs of
 * {@link org.mcrckg.rdf.RdfExport}; its default graph is their union.
 */
package org.mcrckg.endpoint;
