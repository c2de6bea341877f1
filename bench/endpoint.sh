#!/usr/bin/env bash
# bench/endpoint.sh: load time and query latency of the SPARQL endpoint; rewrites the section
# of BENCHMARKS.md between <!-- endpoint:begin --> and <!-- endpoint:end -->.
#
#   bench/endpoint.sh [N]
#
# 1. generates N patients (default 1000) with bin/mcrc generate --patients N --seed 7;
# 2. loads them into a new store with bin/mcrc load (validation, classification with the
#    library's streaming classify, and, for a store that held patients before, compaction included) and times it;
# 3. serves the store on a free loopback port with bin/mcrc serve;
# 4. times HTTP requests with curl, after WARMUP untimed requests of each kind:
#    - bench/applicable-treatments-one-patient.rq (queries/applicable-treatments.rq restricted
#      to one random patient of the N), REQUESTS_PATIENT times (default 200);
#    - queries/cohort-summary.rq, REQUESTS_SUMMARY times (default 20);
#    - the patient page (GET /patient/<id>, HTML, of a random patient: the stored answers, the
#      record classified again and, without load --explain, its explanations computed),
#      REQUESTS_PAGE times (default 100);
#    - the cohort dashboard: GET /cohort and, one after the other, the four queries its charts
#      run (a browser runs them side by side, so this is an upper bound), REQUESTS_DASHBOARD
#      times (default 10);
#    - POST /mcrc/classify of one random generated record (CSV), REQUESTS_CLASSIFY times
#      (default 200), warm;
#    and reports the median and the 99th percentile (nearest rank) in milliseconds.
#
# Environment: REQUESTS_PATIENT, REQUESTS_SUMMARY, REQUESTS_PAGE, REQUESTS_DASHBOARD,
# REQUESTS_CLASSIFY, WARMUP (default 10), THREADS (load --threads),
# SYNTHETIC=M: also times the same queries over a store of M patients written without
# classification (copies of the classified example cohort, through PatientStore.replace; see
# src/test/java/org/mcrckg/endpoint/SyntheticStore.java), for a latency check at a size whose
# classification would take too long; REUSE_SYNTHETIC=1 keeps such a store from an earlier run.
#
# Generated files and stores go to bench/results/endpoint/ (ignored by git).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

N="${1:-1000}"
REQUESTS_PATIENT="${REQUESTS_PATIENT:-200}"
REQUESTS_SUMMARY="${REQUESTS_SUMMARY:-20}"
REQUESTS_PAGE="${REQUESTS_PAGE:-100}"
REQUESTS_DASHBOARD="${REQUESTS_DASHBOARD:-10}"
REQUESTS_CLASSIFY="${REQUESTS_CLASSIFY:-200}"
WARMUP="${WARMUP:-10}"
SYNTHETIC="${SYNTHETIC:-}"
work="$root/bench/results/endpoint"
one_patient="$root/bench/applicable-treatments-one-patient.rq"
summary="$root/queries/cohort-summary.rq"
mkdir -p "$work"
command -v curl >/dev/null || { echo "bench/endpoint.sh: needs curl" >&2; exit 1; }

say() { echo "bench/endpoint.sh: $*" >&2; }

# --- 1. generate -----------------------------------------------------------------------------
bin/mcrc --version > /dev/null   # builds target/mcrc.jar if needed, outside the timing
csv="$work/cohort-$N.csv"
bin/mcrc generate --patients "$N" --seed 7 --out "$csv"
mapfile -t patient_ids < <(awk -F, 'NR > 1 && NF > 1 { print $1 }' "$csv")
csv_header=$(head -n 1 "$csv")
mapfile -t csv_rows < <(awk 'NR > 1 && NF > 0' "$csv")
mapfile -t templates < <(awk -F, 'NR > 1 && NF > 1 { print $1 }' ontology/examples/cohort.csv)

# --- 2. load ---------------------------------------------------------------------------------
store="$work/store-$N"
rm -rf "$store"
say "loading $N patients into $store (classification included; progress on $work/load.err)"
start=$(date +%s.%N)
bin/mcrc load --store "$store" ${THREADS:+--threads "$THREADS"} "$csv" > "$work/load.out" 2> "$work/load.err"
end=$(date +%s.%N)
load_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
rate=$(awk -v n="$N" -v s="$load_s" 'BEGIN { printf "%.2f", n / s }')
store_size=$(du -sh "$store" | cut -f1)
say "$(cat "$work/load.out")"
say "load: $load_s s wall clock for $N patients ($rate patients/s, JVM start and ontology load included)"

# --- 3. serve and 4. time ----------------------------------------------------------------------
serve_pid=""
stop_server() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
    serve_pid=""
  fi
}
trap stop_server EXIT

serve() {  # $1 = store directory; sets sparql
  local out="$work/serve.out"
  : > "$out"
  bin/mcrc serve --store "$1" --port 0 > "$out" 2> "$work/serve.err" &
  serve_pid=$!
  for _ in $(seq 1 600); do
    grep -q 'serving http' "$out" && break
    kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
    sleep 0.2
  done
  local base
  base=$(sed -n 's/.*serving \(http:[^ ]*\) .*/\1/p' "$out" | head -n 1)
  [ -n "$base" ] || { say "the server did not start"; exit 1; }
  sparql="${base}mcrc/sparql"
  base_url="$base"
}

# one timed request; prints milliseconds; a failed request stops the benchmark
request() {  # $1 = query text
  local t
  t=$(curl -sS -f -o /dev/null -w '%{time_total}' -H 'Accept: application/sparql-results+json' \
        --data-urlencode "query=$1" "$sparql") || { say "a request failed: $sparql"; return 1; }
  awk -v t="$t" 'BEGIN { printf "%.2f\n", t * 1000 }'
}

# one timed GET; prints milliseconds
get() {  # $1 = URL
  local t
  t=$(curl -sS -f -o /dev/null -w '%{time_total}' -H 'Accept: text/html' "$1") || { say "a request failed: $1"; return 1; }
  awk -v t="$t" 'BEGIN { printf "%.2f\n", t * 1000 }'
}

# the cohort page and the queries its charts run, one after the other; prints milliseconds
dashboard() {
  local total q
  total=$(get "${base_url}cohort")
  for q in cohort-summary cohort-metastasis-sites cohort-evidence-levels-recommended cohort-settling-fields; do
    total=$(awk -v a="$total" -v b="$(request "$(cat "$root/queries/$q.rq")")" 'BEGIN { printf "%.2f", a + b }')
  done
  echo "$total"
}

# one timed classification of a random generated record; prints milliseconds
classify_one() {
  local row="${csv_rows[$(( (RANDOM * 32768 + RANDOM) % ${#csv_rows[@]} ))]}" t
  t=$(printf '%s\n%s\n' "$csv_header" "$row" | curl -sS -f -o /dev/null -w '%{time_total}' -H 'Content-Type: text/csv' \
        --data-binary @- "${base_url}mcrc/classify") || { say "a classification failed"; return 1; }
  awk -v t="$t" 'BEGIN { printf "%.2f\n", t * 1000 }'
}

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

random_patient() {  # $1 = generated or synthetic, $2 = number of patients
  local i=$(( (RANDOM * 32768 + RANDOM) % $2 ))
  if [ "$1" = generated ]; then
    printf '%s' "${patient_ids[$i]}"
  else
    printf 'S%07d-%s' "$i" "${templates[$(( i % ${#templates[@]} ))]}"
  fi
}

# median and p99 (nearest rank) of the numbers on stdin: "median / p99"
stats() {
  sort -n | awk '{ v[NR] = $1 } END {
    m = int((NR + 1) / 2); p = int(NR * 0.99); if (p < NR * 0.99) p++; if (p < 1) p = 1
    printf "%.1f / %.1f", v[m], v[p] }'
}

measure() {  # $1 = generated or synthetic, $2 = number of patients; sets patient_stats, summary_stats
  # the machine's load when the timing starts: on a shared machine it explains most of the spread
  loadavg="${loadavg:+$loadavg, }$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
  local summary_text template
  summary_text=$(cat "$summary")
  template=$(cat "$one_patient")
  local times="$work/times.txt"
  for _ in $(seq 1 "$WARMUP"); do
    request "${template//PATIENT_ID/$(random_patient "$1" "$2")}" > /dev/null
    request "$summary_text" > /dev/null
  done
  : > "$times"
  for _ in $(seq 1 "$REQUESTS_PATIENT"); do request "${template//PATIENT_ID/$(random_patient "$1" "$2")}" >> "$times"; done
  patient_stats=$(stats < "$times")
  : > "$times"
  for _ in $(seq 1 "$REQUESTS_SUMMARY"); do request "$summary_text" >> "$times"; done
  summary_stats=$(stats < "$times")
  say "one patient's applicable treatments: median / p99 = $patient_stats ms ($REQUESTS_PATIENT requests)"
  say "cohort-summary: median / p99 = $summary_stats ms ($REQUESTS_SUMMARY requests)"
  for _ in $(seq 1 "$WARMUP"); do
    get "${base_url}patient/$(urlencode "$(random_patient "$1" "$2")")" > /dev/null
    classify_one > /dev/null
  done
  dashboard > /dev/null
  : > "$times"
  for _ in $(seq 1 "$REQUESTS_PAGE"); do get "${base_url}patient/$(urlencode "$(random_patient "$1" "$2")")" >> "$times"; done
  page_stats=$(stats < "$times")
  : > "$times"
  for _ in $(seq 1 "$REQUESTS_DASHBOARD"); do dashboard >> "$times"; done
  dashboard_stats=$(stats < "$times")
  : > "$times"
  for _ in $(seq 1 "$REQUESTS_CLASSIFY"); do classify_one >> "$times"; done
  classify_stats=$(stats < "$times")
  say "patient page: median / p99 = $page_stats ms ($REQUESTS_PAGE requests)"
  say "cohort dashboard (page and its four queries in turn): median / p99 = $dashboard_stats ms ($REQUESTS_DASHBOARD requests)"
  say "classify one record: median / p99 = $classify_stats ms ($REQUESTS_CLASSIFY requests)"
}

serve "$store"
measure generated "$N"
stop_server

# --- 5. BENCHMARKS.md --------------------------------------------------------------------------
bench_md="$root/BENCHMARKS.md"
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
machine="$(nproc) cores${cpu:+, $cpu}, Java $(java -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }')"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "-")
if [ -n "$(git status --porcelain -- src queries bench pom.xml 2>/dev/null)" ]; then commit="$commit+changes"; fi
today=$(date +%Y-%m-%d)
rows=("| $N | $load_s s | $rate | $store_size | $patient_stats | $summary_stats | $page_stats | $dashboard_stats | $classify_stats |")

if [ -n "$SYNTHETIC" ]; then
  sstore="$work/store-synthetic-$SYNTHETIC"
  if [ "${REUSE_SYNTHETIC:-}" = 1 ] && [ -d "$sstore" ] && [ -f "$work/synthetic-$SYNTHETIC.seconds" ]; then
    say "reusing the synthetic store $sstore"
  else
    rm -rf "$sstore"
    say "writing a synthetic store of $SYNTHETIC patients (no classification) into $sstore"
    (mvn -q -B test-compile > "$work/synthetic-build.log" 2>&1) || { tail -n 40 "$work/synthetic-build.log" >&2; exit 1; }
    mvn -q -B dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" > /dev/null
    sstart=$(date +%s.%N)
    java -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" org.mcrckg.endpoint.SyntheticStore "$sstore" "$SYNTHETIC" 2> "$work/synthetic.err" | tee "$work/synthetic.out" >&2
    send=$(date +%s.%N)
    awk -v a="$sstart" -v b="$send" 'BEGIN { printf "%.0f\n", b - a }' > "$work/synthetic-$SYNTHETIC.seconds"
  fi
  write_s=$(cat "$work/synthetic-$SYNTHETIC.seconds")
  serve "$sstore"
  measure synthetic "$SYNTHETIC"
  stop_server
  rows+=("| $SYNTHETIC (synthetic) | written in $write_s s without classification | - | $(du -shL "$sstore" | cut -f1) (not compacted) | $patient_stats | $summary_stats | $page_stats | $dashboard_stats | $classify_stats |")
fi

{
  echo "<!-- endpoint:begin -->"
  echo "<!-- written by bench/endpoint.sh; do not edit by hand -->"
  echo "Measured $today on $machine, commit $commit, by \`bench/endpoint.sh $N\`${SYNTHETIC:+ with SYNTHETIC=$SYNTHETIC}."
  echo "Load: \`bin/mcrc load\` of \`bin/mcrc generate --patients N --seed 7\` into a new store, wall clock (JVM start,"
  echo "validation and classification included; a new store is not compacted); store: its size after. Latency over HTTP (curl, loopback,"
  echo "after $WARMUP untimed requests), median / p99 in ms: \`bench/applicable-treatments-one-patient.rq\` for a random"
  echo "patient ($REQUESTS_PATIENT requests) and \`queries/cohort-summary.rq\` ($REQUESTS_SUMMARY requests); the patient page"
  echo "\`/patient/<id>\` of a random patient ($REQUESTS_PAGE requests; explanations computed, as the store has none);"
  echo "the dashboard \`/cohort\` with its four chart queries run one after the other ($REQUESTS_DASHBOARD requests);"
  echo "\`POST /mcrc/classify\` of one random generated record as CSV, warm ($REQUESTS_CLASSIFY requests)."
  echo "1-minute load average when each row's timing started: $loadavg."
  echo
  echo "| patients | load | patients/s | store | one patient's applicable treatments (ms, median / p99) | cohort-summary (ms, median / p99) | patient page | dashboard | classify one record |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo "<!-- endpoint:end -->"
} > "$work/endpoint.md"
python3 - "$work/endpoint.md" "$bench_md" <<'PY'
import pathlib, re, sys
new = pathlib.Path(sys.argv[1]).read_text().strip()
p = pathlib.Path(sys.argv[2])
old = p.read_text() if p.exists() else "# Benchmarks\n"
if "<!-- endpoint:begin" in old:
    out = re.sub(r"<!-- endpoint:begin.*?<!-- endpoint:end -->", lambda m: new, old, flags=re.S)
else:
    out = old.rstrip("\n") + """

## SPARQL endpoint

Rerun: `bench/endpoint.sh N` (N generated patients; `SYNTHETIC=100000 bench/endpoint.sh N` also
times the queries over 100,000 patients written straight into a store without classification).
Issue 6's targets: one patient's treatments in 20 ms or less (median) and the cohort summary in
1 s or less, over 100,000 patients.
- Load time is classification time: `load` uses the library's streaming classify, so it follows
  the engine (see the engines section above). Writing to TDB2 is batched (one transaction per
  2 s of classification).
- `cohort-summary` does not scan the answers: `load` keeps a count of patients per procedure key
  and status in the summary graph, updated in the same transaction as the answers it counts
  (a reloaded patient's old answers are subtracted). Its latency does not depend on the cohort.
- One patient's treatments (`bench/applicable-treatments-one-patient.rq`, which
  `OnePatientQueryTest` checks against `queries/applicable-treatments.rq` for every patient of the
  example cohort) start from the patient's id (the patients graph's index), follow that
  patient's answers, and concatenate evidence identifiers over that patient's rows only, so
  their cost does not grow with the cohort or the ontology.
- `serve` gives Jetty a 32 KiB response buffer instead of Fuseki's 5 MB one, which Jetty
  allocated and zeroed anew for every response (about 20 ms of every request on a busy 2-core
  machine).

""" + new + "\n"
p.write_text(out)
PY
say "wrote the endpoint section of BENCHMARKS.md:"
cat "$work/endpoint.md" >&2
