import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mcrckg.Mcrc;
import org.mcrckg.answer.PatientAnswer;
import org.mcrckg.answer.TreatmentAnswer;
import org.mcrckg.explain.ExplainOptions;
import org.mcrckg.explain.PatientExplanation;
import org.mcrckg.patient.PatientRecord;

/**
 * The time to explain one answer through the Java API (Mcrc.explain(record, procedureKey, defaults)),
 * over every answer of the first N consistent patients of a cohort (all when N is absent), after the
 * cohort has been classified once (a warm cache, as in a tool that classifies and then explains).
 * Prints: answers, median, p90 and worst milliseconds, the slowest answer, how many were cut short,
 * and the median per status. Run: java -cp target/mcrc.jar bench/ExplainLatency.java COHORT.csv [N]
 */
public class ExplainLatency {
    public static void main(String[] args) {
        Mcrc m = Mcrc.load(Path.of("ontology/mcrc.owl"));
        List<PatientRecord> rs = m.read(List.of(Path.of(args[0])));
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        List<PatientAnswer> answers = new ArrayList<>();
        for (PatientRecord r : rs) answers.add(m.classify(r));
        // warm-up: the JIT and HermiT's first questions are not what a user waits for
        m.explain(rs.get(0), null, ExplainOptions.defaults());
        List<double[]> times = new ArrayList<>();  // [ms, statusOrdinal]
        double worst = -1;
        String worstName = "";
        int cut = 0, patients = 0;
        for (int i = 0; i < rs.size() && patients < limit; i++) {
            if (!answers.get(i).consistent()) continue;
            patients++;
            for (TreatmentAnswer t : answers.get(i).treatments()) {
                long t0 = System.nanoTime();
                PatientExplanation e = m.explain(rs.get(i), t.procedure(), ExplainOptions.defaults());
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!e.complete()) cut++;
                times.add(new double[] {ms, t.status().ordinal()});
                if (ms > worst) { worst = ms; worstName = rs.get(i).id() + " " + t.procedure() + " (" + t.status().word() + ")"; }
            }
        }
        List<Double> all = new ArrayList<>();
        times.forEach(t -> all.add(t[0]));
        Collections.sort(all);
        System.out.printf("patients %d%nanswers %d%nmedian_ms %.0f%np90_ms %.0f%nworst_ms %.0f%nworst %s%ncut_short %d%n", patients, all.size(),
                all.get(all.size() / 2), all.get((int) (all.size() * 0.9)), worst, worstName, cut);
        for (org.mcrckg.ontology.Status s : org.mcrckg.ontology.Status.values()) {
            List<Double> xs = new ArrayList<>();
            times.forEach(t -> { if ((int) t[1] == s.ordinal()) xs.add(t[0]); });
            Collections.sort(xs);
            if (!xs.isEmpty()) System.out.printf("median_ms_%s %.0f (%d answers, worst %.0f)%n", s.word(), xs.get(xs.size() / 2), xs.size(), xs.get(xs.size() - 1));
        }
    }
}
