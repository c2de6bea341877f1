/** SPARQL: the query catalogue (queries/), the runner and the result formats. */
package org.mcrckg.query;
