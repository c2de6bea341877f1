#!/usr/bin/env bash
# bench/diff.sh [N...]: the time of `bin/mcrc diff` against one `bin/mcrc classify` of the same
# generated cohort (bin/mcrc generate --seed 7), whole processes as users run them, -Xmx512m, with
# /usr/bin/time. The diff compares the ontology with a copy whose 30% FLR cut-off is 25% (answers
# move, as in a real edit) and with itself, each with --no-cache so that no run finds what an earlier one learned. Prints one Markdown row per size and command; paste
# them into BENCHMARKS.md ("mcrc diff" section). The target: diff at most 2x classify at 100,000.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000)
out="$root/bench/results/diff"; mkdir -p "$out"
export MCRC_JAVA_OPTS="${MCRC_JAVA_OPTS:--Xmx512m}"
sed 's/DataSomeValuesFrom(:flr_percent DatatypeRestriction(xsd:decimal xsd:minInclusive "30.0"^^xsd:decimal))/DataSomeValuesFrom(:flr_percent DatatypeRestriction(xsd:decimal xsd:minInclusive "25.0"^^xsd:decimal))/' \
  ontology/mcrc.owl >"$out/flr25.owl"
cmp -s ontology/mcrc.owl "$out/flr25.owl" && { echo "bench/diff.sh: the FLR edit did not apply" >&2; exit 1; }
bin/mcrc --version >/dev/null  # builds the jar outside the timings
t() { # LABEL N COMMAND...
  local label="$1" n="$2"; shift 2
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
  read -r e u s m <"$out/time"
  printf '| %s | %s | %s s | %.1f s | %d MB | %s |\n' "$n" "$label" "$e" "$(awk -v a="$u" -v b="$s" 'BEGIN { print a + b }')" $((m / 1024)) "$load"
}
echo "| patients | command | elapsed | CPU (user+sys) | peak RSS | load average at start |"
echo "|---:|---|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  bin/mcrc generate --patients "$n" --seed 7 --out "$out/g$n.csv"
  t "classify" "$n" bin/mcrc classify "$out/g$n.csv" --format csv --out "$out/classify-$n.csv" --quiet --no-cache
  t "diff (FLR 30% to 25%)" "$n" bin/mcrc diff --before ontology/mcrc.owl --after "$out/flr25.owl" "$out/g$n.csv" --format csv --out "$out/diff-$n.csv" --no-cache
  t "diff (same ontology)" "$n" bin/mcrc diff --before ontology/mcrc.owl --after ontology/mcrc.owl "$out/g$n.csv" --format csv --out "$out/same-$n.csv" --no-cache
done
