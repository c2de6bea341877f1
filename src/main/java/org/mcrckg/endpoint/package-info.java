/**
 * The SPARQL endpoint: a Fuseki server ({@link org.mcrckg.endpoint.Endpoint}, configured by an
 * {@link org.mcrckg.endpoint.EndpointConfig}) over a store of {@link org.mcrckg.store}, with its
 * pages and {@code /mcrc/classify}. It reads the store (and takes SPARQL Update only when
 * {@link org.mcrckg.endpoint.UpdatePolicy} allows it); what it classifies (the classify page and
 * its API) goes through the {@link org.mcrckg.Mcrc} facade, so this package does not reach the
 * reasoner directly.
 */
package org.mcrckg.endpoint;
