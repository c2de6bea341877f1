#!/usr/bin/env bash
# FHIR reading against CSV: bench/fhir.sh [N] (default 10000). Generates N patients
# (bin/mcrc generate --seed 7), writes them as a FHIR Bulk Data export (one NDJSON file per
# resource type, mCODE codes where the mapping has them, the local code system otherwise; the
# converter is the test class org.mcrckg.fhir.McodeWriter), classifies both with bin/mcrc under
# /usr/bin/time, checks that the answers are the same, and rewrites the FHIR section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
out=target/bench-fhir; rm -rf "$out"; mkdir -p "$out"
[ -f target/mcrc.jar ] && [ -z "$(find pom.xml src/main -newer target/mcrc.jar -print -quit)" ] || mvn -q -B -Dmaven.test.skip=true package
mvn -q -B -o test-compile
jar=target/mcrc.jar
java -jar "$jar" generate --patients "$n" --seed 7 --out "$out/cohort.csv"
java -cp "$jar:target/test-classes" org.mcrckg.fhir.McodeWriter "$out/cohort.csv" "$out/ndjson" > "$out/files.txt"
java -cp "$jar:target/test-classes" org.mcrckg.fhir.McodeWriter "$out/cohort.csv" "$out/panel" panel > "$out/panel-files.txt"
mapfile -t files < "$out/files.txt"
mapfile -t panel_files < "$out/panel-files.txt"
load_before=$(cut -d' ' -f1 /proc/loadavg)
run() { # name cache-option files... -> seconds peakKB cpuSeconds
  local name=$1; shift
  local cache=$1; shift
  local copt=(--no-cache); [ "$cache" = cold ] || copt=(--cache "$cache")
  MCRC_JAVA_OPTS="-Xmx1g" /usr/bin/time -f "%e %M %U %S" -o "$out/$name.time" bin/mcrc classify "$@" --threads 2 --format jsonl --quiet --out "$out/$name.jsonl" "${copt[@]}" > "$out/$name.log" 2>&1
  read -r e m u sy < "$out/$name.time"
  echo "$e $m $(python3 -c "print(round($u + $sy, 2))")"
}
# Two states of the persistent cache, since reading FHIR costs the same in both while classifying
# does not: cold (--no-cache: every run learns from HermiT, as a first run does) and warm (a cache
# directory filled by an untimed CSV run first: classification is cheap, so reading weighs most).
read -r csv_s csv_kb csv_cpu < <(run csv cold "$out/cohort.csv")
read -r fhir_s fhir_kb fhir_cpu < <(run ndjson cold "${files[@]}")
read -r panel_s panel_kb panel_cpu < <(run panel cold "${panel_files[@]}")
run warm-up "$out/cache" "$out/cohort.csv" > /dev/null
read -r wcsv_s wcsv_kb wcsv_cpu < <(run csv-warm "$out/cache" "$out/cohort.csv")
read -r wfhir_s wfhir_kb wfhir_cpu < <(run ndjson-warm "$out/cache" "${files[@]}")
read -r wpanel_s wpanel_kb wpanel_cpu < <(run panel-warm "$out/cache" "${panel_files[@]}")
# the same answers, patient by patient (FHIR records come in Patient.ndjson order, CSV in row order)
python3 - "$out/csv.jsonl" "$out/ndjson.jsonl" "$out/panel.jsonl" "$out/csv-warm.jsonl" "$out/ndjson-warm.jsonl" "$out/panel-warm.jsonl" <<'PY'
import json, sys
a = {p["id"]: p for p in map(json.loads, open(sys.argv[1]))}
for other in sys.argv[2:]:
    b = {p["id"]: p for p in map(json.loads, open(other))}
    assert a.keys() == b.keys(), "different patients in " + other
    diff = [k for k in a if a[k] != b[k]]
    assert not diff, f"{other}: {len(diff)} patients answered differently, e.g. {diff[:5]}"
PY
load_after=$(cut -d' ' -f1 /proc/loadavg)
size_csv=$(du -k "$out/cohort.csv" | cut -f1); size_nd=$(du -ck "${files[@]}" | tail -1 | cut -f1); size_panel=$(du -ck "${panel_files[@]}" | tail -1 | cut -f1)
rate() { python3 -c "print(f'{$n/$1:,.0f}')"; }
r() { python3 -c "print(f'{$1/$2:.2f}')"; }   # patients/s of the FHIR run against CSV's: CSV seconds / FHIR seconds
section=$(cat <<MD
<!-- fhir:begin (written by bench/fhir.sh; do not edit by hand) -->
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(java -version 2>&1 | head -1), by \`bench/fhir.sh $n\`
(load average ${load_before} before, ${load_after} after). $n generated patients (\`--seed 7\`) as contract CSV
($((size_csv / 1024)) MB) and as FHIR Bulk Data exports written by the test class \`McodeWriter\` (mCODE codes where
the mapping has them, the local code system otherwise): ${#files[@]} NDJSON files with one Observation per local fact
($((size_nd / 1024)) MB), and the same with the local facts as one \`mdt-assessment\` panel Observation per patient
($((size_panel / 1024)) MB). Wall time of
\`bin/mcrc classify FILES --threads 2 --format jsonl\` with \`MCRC_JAVA_OPTS=-Xmx1g\`, whole process; all give the
same answers for every patient (checked).

| input | cache | seconds | patients/s | CPU seconds (user + sys) | patients per CPU second | peak RSS MB | × CSV (wall) | × CSV (CPU) |
|---|---|---:|---:|---:|---:|---:|---:|---:|
| CSV | cold | $csv_s | $(rate "$csv_s") | $csv_cpu | $(rate "$csv_cpu") | $((csv_kb / 1024)) | 1.00 | 1.00 |
| FHIR NDJSON, one Observation per fact | cold | $fhir_s | $(rate "$fhir_s") | $fhir_cpu | $(rate "$fhir_cpu") | $((fhir_kb / 1024)) | $(r "$csv_s" "$fhir_s") | $(r "$csv_cpu" "$fhir_cpu") |
| FHIR NDJSON, local facts in a panel | cold | $panel_s | $(rate "$panel_s") | $panel_cpu | $(rate "$panel_cpu") | $((panel_kb / 1024)) | $(r "$csv_s" "$panel_s") | $(r "$csv_cpu" "$panel_cpu") |
| CSV | warm | $wcsv_s | $(rate "$wcsv_s") | $wcsv_cpu | $(rate "$wcsv_cpu") | $((wcsv_kb / 1024)) | 1.00 | 1.00 |
| FHIR NDJSON, one Observation per fact | warm | $wfhir_s | $(rate "$wfhir_s") | $wfhir_cpu | $(rate "$wfhir_cpu") | $((wfhir_kb / 1024)) | $(r "$wcsv_s" "$wfhir_s") | $(r "$wcsv_cpu" "$wfhir_cpu") |
| FHIR NDJSON, local facts in a panel | warm | $wpanel_s | $(rate "$wpanel_s") | $wpanel_cpu | $(rate "$wpanel_cpu") | $((wpanel_kb / 1024)) | $(r "$wcsv_s" "$wpanel_s") | $(r "$wcsv_cpu" "$wpanel_cpu") |

The goal: FHIR at no less than half the CSV rate (× CSV at least 0.50). Cold: every run asks HermiT what
it has not learned (\`--no-cache\`, the state of any first run). Warm: a cache directory filled by an untimed CSV
run, so classifying costs little and reading weighs most.
On a shared machine the CPU time is the steadier of the two.
<!-- fhir:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys
p = "BENCHMARKS.md"
s = open(p).read()
sec = sys.argv[1]
if "<!-- fhir:begin" in s:
    s = re.sub(r"<!-- fhir:begin.*?<!-- fhir:end -->", lambda m: sec, s, flags=re.S)
else:
    s = s.rstrip("\n") + "\n\n## FHIR input\n\n" + sec + "\n"
open(p, "w").write(s)
PY
echo "$section"
