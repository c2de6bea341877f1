import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mcrckg.Mcrc;
import org.mcrckg.patient.PatientRecord;

/**
 * One patient through the Java API, warm: after a warm-up, each measured patient is new to the
 * cache on purpose (a record whose cells no earlier patient had), and then the same patient again
 * (a cache hit). Run: java -cp target/mcrc.jar bench/ApiLatency.java COHORT.csv
 */
public class ApiLatency {
    public static void main(String[] args) {
        Mcrc m = Mcrc.load(Path.of("ontology/mcrc.owl"));
        List<PatientRecord> rs = m.read(List.of(Path.of(args[0])));
        int warm = Math.min(200, rs.size() / 2);
        for (int i = 0; i < warm; i++) m.classify(rs.get(i));
        List<Double> miss = new ArrayList<>(), hit = new ArrayList<>();
        for (int i = warm; i < rs.size(); i++) {
            long before = m.cacheCounts()[1];
            long t = System.nanoTime();
            m.classify(rs.get(i));
            double ms = (System.nanoTime() - t) / 1e6;
            if (m.cacheCounts()[1] > before) miss.add(ms);
            t = System.nanoTime();
            m.classify(rs.get(i));
            hit.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(miss);
        Collections.sort(hit);
        System.out.printf("api_cache_miss_median_ms=%.2f%napi_cache_miss_n=%d%napi_cache_hit_median_ms=%.3f%n",
                miss.isEmpty() ? Double.NaN : miss.get(miss.size() / 2), miss.size(), hit.get(hit.size() / 2));
    }
}
