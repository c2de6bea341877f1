package org.mcrckg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrckg.ontology.Status;

/** The usage example in {@link Mcrc}'s Javadoc is compiled and run, so the documentation cannot rot. */
class ApiExampleTest {
    @TempDir
    Path dir;

    @Test
    void javadocExampleCompilesAndGivesTheDocumentedAnswer() throws Exception {
        String source = Files.readString(Path.of("src/main/java/org/mcrckg/Mcrc.java"));
        Matcher m = Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\* \\}</pre>", Pattern.DOTALL).matcher(source);
        assertTrue(m.find(), "Mcrc's Javadoc has no <pre>{@code ...}</pre> example");
        String snippet = m.group(1).replaceAll("(?m)^ \\* ?", "");
        String program = """
                package example;
                import java.util.*;
                import org.mcrckg.*;
                import org.mcrckg.answer.*;
                import org.mcrckg.ontology.Status;
                public class Example {
                    public static Map<String, Object> run() throws Exception {
                %s
                        return Map.of("s", s, "why", why);
                    }
                }
                """.formatted(snippet);
        Path src = dir.resolve("example/Example.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, program);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        javax.tools.DiagnosticCollector<javax.tools.JavaFileObject> diagnostics = new javax.tools.DiagnosticCollector<>();
        boolean ok = javac.getTask(new StringWriter(), null, diagnostics,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
        assertTrue(ok, "the Javadoc example does not compile:\n" + diagnostics.getDiagnostics() + "\n" + program);
        try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) cl.loadClass("example.Example").getMethod("run").invoke(null);
            assertEquals(Status.RECOMMENDED, out.get("s"));
            assertEquals(List.of("L1", "L2"), out.get("why"));
        }
    }
}
