package org.mcrckg.ontology;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * The versions recorded when the toolkit was built (mcrc-version.properties): its own, and those
 * of HermiT, the OWL API and Jena. Here, at the bottom of the layers, so that every package may
 * report them without depending on the facade.
 */
public final class BuildInfo {
    private BuildInfo() {}

    /** {@code version}, {@code hermit}, {@code owlapi} or {@code jena}; {@code unknown} when the build did not record it. */
    public static String property(String key) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/mcrc-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return Objects.requireNonNullElse(p.getProperty(key), "unknown");
    }
}
