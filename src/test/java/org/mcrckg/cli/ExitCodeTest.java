package org.mcrckg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcrckg.endpoint.EndpointException;
import org.mcrckg.error.McrcException;
import org.mcrckg.explain.ExplainException;
import org.mcrckg.ontology.OntologyException;
import org.mcrckg.patient.DataError;
import org.mcrckg.patient.DataErrorException;
import org.mcrckg.patient.SourceLocation;
import org.mcrckg.query.QueryException;
import org.mcrckg.store.StoreException;

/** Every exception of the toolkit has a kind, and the kind alone decides the exit status. */
class ExitCodeTest {
    @Test
    void theKindDecidesTheExitStatus() {
        assertEquals(Main.USAGE, Main.exitCode(new ExplainException("explain#unknown-patient", "no patient")));
        assertEquals(Main.USAGE, Main.exitCode(new QueryException("query#not-found", "no query", null)));
        assertEquals(Main.FAILURE, Main.exitCode(new QueryException("query#syntax", "bad query", null)));
        assertEquals(Main.USAGE, Main.exitCode(new StoreException("store#missing", "no store", null)));
        assertEquals(Main.USAGE, Main.exitCode(new StoreException("store#not-a-store", "not a store", null)));
        assertEquals(Main.FAILURE, Main.exitCode(new StoreException("store#locked", "locked", null)));
        assertEquals(Main.FAILURE, Main.exitCode(new EndpointException("endpoint#cannot-start", "port in use", null)));
        assertEquals(Main.FAILURE, Main.exitCode(new OntologyException("ontology#unreadable", "unreadable")));
        assertEquals(Main.USAGE, Main.exitCode(new UsageException("no such file")));
        assertEquals(Main.FAILURE, Main.exitCode(new IllegalStateException("a bug")));
        assertEquals(Main.USAGE, Main.execute(new String[] {"classify", "--bogus", "x.csv"}, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())), "picocli's usage errors");
    }

    @Test
    void aDataErrorIsOfKindDataAndExits2() {
        DataErrorException e = new DataErrorException(List.of(
                new DataError("data#out-of-range", SourceLocation.api(), "ecog", "9 is not 0 to 4")));
        assertEquals(McrcException.Kind.DATA, e.kind());
        assertEquals("data#out-of-range", e.errorId());
        assertEquals(Main.USAGE, Main.exitCode(e));
        assertEquals("mcrc: data error; nothing was written" + System.lineSeparator() + e.getMessage(), Main.message(e));
    }

    @Test
    void otherErrorsNameTheirId() {
        assertEquals("mcrc: no patient 'P9' [explain#unknown-patient]", Main.message(new ExplainException("explain#unknown-patient", "no patient 'P9'")));
        assertEquals("mcrc: no such file", Main.message(new UsageException("no such file")));
    }
}
