package org.mcrckg.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions of the vendored web libraries, as the build recorded them (pom.xml properties). */
final class Versions {
    private Versions() {}

    static final String CHARTJS;
    static final String YASGUI;

    static {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/mcrc-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // the defaults below
        }
        CHARTJS = p.getProperty("chartjs", "unknown");
        YASGUI = p.getProperty("yasgui", "unknown");
    }
}
