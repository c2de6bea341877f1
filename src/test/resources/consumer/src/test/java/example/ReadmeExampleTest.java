package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * README's Java example, compiled in this separate project (ConsumerProjectIT writes it to
 * src/main/java/example/ReadmeExample.java), gives the answer README documents; the library's
 * logging reaches this project's provider.
 */
class ReadmeExampleTest {
    @Test
    void readmeExampleGivesTheDocumentedAnswer() throws Exception {
        Map<String, Object> out = ReadmeExample.run();
        assertEquals("RECOMMENDED", ((Enum<?>) out.get("s")).name());
        assertEquals(List.of("L1", "L2"), out.get("why"));
    }

    @Test
    void loggingGoesToTheConsumersProvider() {
        assertEquals("ch.qos.logback.classic.LoggerContext", LoggerFactory.getILoggerFactory().getClass().getName());
    }
}
