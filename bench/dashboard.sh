#!/usr/bin/env bash
# bench/dashboard.sh: latency of the cohort dashboard over synthetic stores of growing size, for a
# check that its chart queries do not grow with the cohort; prints its figures (BENCHMARKS.md
# keeps them by hand).
#
#   bench/dashboard.sh N...        e.g. bench/dashboard.sh 2000 20000
#
# For each N: writes a store of N patients without classification (copies of the classified
# example cohort through PatientStore.replace, as bench/endpoint.sh does with SYNTHETIC=N; see
# src/test/java/org/mcrckg/endpoint/SyntheticStore.java), serves it with --allow-update, and times
# with curl, after one untimed round:
#   - REQUESTS (default 20) rounds of GET /cohort and its four chart queries one after the other,
#     as bench/endpoint.sh's dashboard row does: median per request and of the round;
#   - 3 runs of the counting form kept in the header of each summary-reading query (what the
#     chart would cost without the summary graph's counts);
#   - 3 SPARQL updates of one triple outside the patients (each counts the summary graph again).
# Environment: REQUESTS; REUSE=1 keeps a store from an earlier run; COUNTING=0 and UPDATES=0 skip
# those parts. Stores go to bench/results/dashboard/ (ignored by git).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ $# -gt 0 ] || { echo "usage: bench/dashboard.sh N..." >&2; exit 2; }
REQUESTS="${REQUESTS:-20}"
work="$root/bench/results/dashboard"
mkdir -p "$work"
names="cohort-summary cohort-metastasis-sites cohort-evidence-levels-recommended cohort-settling-fields"

bin/mcrc --version > /dev/null   # builds target/mcrc.jar if needed
(mvn -q -B test-compile > "$work/build.log" 2>&1) || { tail -n 40 "$work/build.log" >&2; exit 1; }
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" > /dev/null

serve_pid=""
trap '[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true' EXIT

# median of the seconds on stdin, in ms
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 }'; }
query() {  # $1 = query text; prints seconds
  curl -sS -f -o /dev/null -w '%{time_total}\n' -H 'Accept: application/sparql-results+json' --data-urlencode "query=$1" "${base}mcrc/sparql"
}
counting_form() {  # $1 = query name: the counting form of its header, with its prefixes
  python3 - "queries/$1.rq" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
i = max(k for k, l in enumerate(lines) if l.startswith("# The same numbers counted from")) + 1
while not lines[i].startswith("#   "): i += 1
form = []
while lines[i].startswith("#   "): form.append(lines[i][4:]); i += 1
print("\n".join([l for l in lines if l.startswith("PREFIX ")] + form))
PY
}

for N in "$@"; do
  store="$work/store-$N"
  if [ "${REUSE:-}" != 1 ] || [ ! -d "$store" ]; then
    rm -rf "$store"
    /usr/bin/time -f "store of $N written: %e s wall, %U + %S s CPU" \
      java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" org.mcrckg.endpoint.SyntheticStore "$store" "$N" \
      2> >(grep -v WARN >&2) > /dev/null
  fi
  echo "== $N patients, store $(du -sh "$store" | cut -f1), 1-minute load average $(cut -d' ' -f1 /proc/loadavg)"
  out="$work/serve.out"
  : > "$out"
  bin/mcrc serve --store "$store" --port 0 --allow-update > "$out" 2> "$work/serve.err" &
  serve_pid=$!
  for _ in $(seq 1 600); do grep -q 'serving http' "$out" && break; sleep 0.2; done
  base=$(sed -n 's/.*serving \(http:[^ ]*\) .*/\1/p' "$out" | head -n 1)
  [ -n "$base" ] || { cat "$work/serve.err" >&2; exit 1; }

  curl -sS -f -o /dev/null "${base}cohort"
  for n in $names; do query "$(cat "queries/$n.rq")" > /dev/null; done
  for n in page $names total; do : > "$work/t-$n"; done
  for _ in $(seq 1 "$REQUESTS"); do
    t=$(curl -sS -f -o /dev/null -w '%{time_total}' -H 'Accept: text/html' "${base}cohort"); echo "$t" >> "$work/t-page"; total=$t
    for n in $names; do
      t=$(query "$(cat "queries/$n.rq")"); echo "$t" >> "$work/t-$n"
      total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
    done
    echo "$total" >> "$work/t-total"
  done
  echo "GET /cohort: $(median < "$work/t-page") ms"
  for n in $names; do echo "$n: $(median < "$work/t-$n") ms"; done
  echo "dashboard (page and four queries in turn): $(median < "$work/t-total") ms (median of $REQUESTS)"
  if [ "${COUNTING:-1}" = 1 ]; then
    for n in cohort-summary cohort-metastasis-sites cohort-evidence-levels-recommended; do
      text=$(counting_form "$n")
      : > "$work/t-c"
      for _ in 1 2 3; do query "$text" >> "$work/t-c"; done
      echo "counting form of $n: $(median < "$work/t-c") ms (median of 3)"
    done
  fi
  if [ "${UPDATES:-1}" = 1 ]; then
    for k in 1 2 3; do
      t=$(curl -sS -f -o /dev/null -w '%{time_total}' -H 'Content-Type: application/sparql-update' \
            --data-binary "INSERT DATA { GRAPH <urn:bench> { <urn:a> <urn:b> <urn:c$k> } }" "${base}mcrc/update")
      echo "SPARQL update $k (the summary counted again): $(awk -v t="$t" 'BEGIN { printf "%.0f", t * 1000 }') ms"
    done
    curl -sS -f -o /dev/null -H 'Content-Type: application/sparql-update' --data-binary 'DROP SILENT GRAPH <urn:bench>' "${base}mcrc/update"
  fi
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
done
