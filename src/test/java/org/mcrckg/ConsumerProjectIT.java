package org.mcrckg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library as a dependency: a separate Maven project (src/test/resources/consumer) depends on
 * the jar and pom this build made, brings its own logging provider (logback) and runs the
 * enforcer's {@code dependencyConvergence}; its test compiles and runs README's Java example.
 *
 * <p>The child build gets a local repository of its own under target/, holding this artifact,
 * so a shared local repository never sees a half-built version; everything else comes from the
 * parent build's local repository, read as a {@code file:} repository. The build runs offline;
 * only when that repository lacks something (logback, on a fresh machine) is it run again online.
 */
class ConsumerProjectIT {
    static final Path WORK = Path.of("target/consumer-it");

    @Test
    void aSeparateProjectBuildsAgainstTheInstalledArtifactAndRunsReadmesExample() throws Exception {
        String version = Mcrc.toolVersion();
        Path jar = Path.of("target/mcrc-kg-" + version + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run the integration tests with mvn verify");

        Path repo = WORK.resolve("repo").toAbsolutePath();  // kept between runs: a cache of the parent's
        Path installed = repo.resolve("org/mcrckg/mcrc-kg/" + version);
        deleteTree(installed);
        deleteTree(WORK.resolve("project"));
        Files.createDirectories(installed);
        // what mvn install would put there: no _remote.repositories marker, so Maven takes it as installed locally
        Files.copy(jar, installed.resolve("mcrc-kg-" + version + ".jar"));
        Files.copy(Path.of("pom.xml"), installed.resolve("mcrc-kg-" + version + ".pom"));

        Path project = WORK.resolve("project");
        copyTree(Path.of("src/test/resources/consumer"), project);
        Path example = project.resolve("src/main/java/example/ReadmeExample.java");
        Files.createDirectories(example.getParent());
        Files.writeString(example, readmeExample());

        Path settings = WORK.resolve("settings.xml");
        Files.writeString(settings, settings(parentRepository()));

        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-s", settings.toAbsolutePath().toString(),
                "-Dmaven.repo.local=" + repo, "-Dmcrc.version=" + version, "-Daether.offline.protocols=file", "test"));
        Path log = WORK.resolve("build.log");
        List<String> offline = new ArrayList<>(cmd);
        offline.add(1, "-o");
        int exit = build(offline, project, log);
        String output = Files.readString(log);
        if (exit != 0 && output.contains("in offline mode")) {
            exit = build(cmd, project, log);
            output = Files.readString(log);
        }
        assertEquals(0, exit, "the consumer build failed (" + log + "):\n" + tail(output, 80));
        assertTrue(output.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), "the consumer's tests did not all run:\n" + tail(output, 40));
    }

    static int build(List<String> cmd, Path project, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the consumer build did not finish in 5 minutes; its log: " + log);
        }
        return p.exitValue();
    }

    /** README's first {@code java} block, as a method of a class. */
    static String readmeExample() throws IOException {
        Matcher m = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README has no java code block");
        return """
                package example;
                import java.util.*;
                import org.mcrckg.*;
                import org.mcrckg.answer.*;
                import org.mcrckg.ontology.Status;
                public class ReadmeExample {
                    public static Map<String, Object> run() throws Exception {
                %s
                        return Map.of("s", s, "why", why);
                    }
                }
                """.formatted(m.group(1));
    }

    static Path parentRepository() {
        String configured = System.getProperty("mcrc.it.localRepository");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    static String settings(Path parentRepository) {
        String repository = """
                <id>parent-local</id><url>%s</url>
                <releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>
                """.formatted(parentRepository.toUri());
        return """
                <settings>
                  <profiles><profile><id>parent-local</id>
                    <repositories><repository>%s</repository></repositories>
                    <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>parent-local</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repository);
    }

    static String tail(String s, int lines) {
        List<String> all = s.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted((a, b) -> b.compareTo(a)).toList()) Files.delete(f);
        }
    }
}
