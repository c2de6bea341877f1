#!/usr/bin/env bash
# Rerunnable benchmark of explanations: bench/explain.sh [N] times Mcrc.explain for every answer
# (one procedure at a time, default options) of the first N consistent patients of the example
# cohort (default: all of them), and replaces the explain section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench; mkdir -p "$out"
[ -f target/mcrc.jar ] && [ -z "$(find pom.xml src/main -newer target/mcrc.jar -print -quit)" ] || mvn -q -B -Dmaven.test.skip=true package
cohort=ontology/examples/cohort.csv
res=$(java -cp target/mcrc.jar bench/ExplainLatency.java "$cohort" ${1:-})
echo "$res" > "$out/explain.txt"
get() { echo "$res" | sed -n "s/^$1 //p"; }
{
  echo "<!-- explain:begin (written by bench/explain.sh; do not edit by hand) -->"
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(java -version 2>&1 | head -1), by \`bench/explain.sh ${1:-}\`."
  echo "Java API, one thread, default options (first justification, 30 s budget, settling sets of up to 2 fields),"
  echo "\`Mcrc.explain(record, procedureKey, options)\` for every answer of $(get patients) consistent patients of \`$cohort\`,"
  echo "after the cohort was classified once (warm cache)."
  echo
  echo "| answers | median ms | p90 ms | worst ms | cut short |"
  echo "|---:|---:|---:|---:|---:|"
  echo "| $(get answers) | $(get median_ms) | $(get p90_ms) | $(get worst_ms) | $(get cut_short) |"
  echo
  echo "- Slowest answer: $(get worst)"
  echo "$res" | sed -n 's/^median_ms_\([a-z_]*\) \(.*\)/- Median for `\1`: \2 ms/p' | sed 's/ ms$//; s/(\(.*\))/ms (\1 ms)/'
  echo "<!-- explain:end -->"
} > "$out/explain.md"
python3 - "$out/explain.md" <<'PY'
import re, sys, pathlib
new = pathlib.Path(sys.argv[1]).read_text().strip()
p = pathlib.Path("BENCHMARKS.md")
old = p.read_text()
if "<!-- explain:begin" in old:
    out = re.sub(r"<!-- explain:begin.*?<!-- explain:end -->", lambda m: new, old, flags=re.S)
else:
    out = old.rstrip("\n") + "\n\n## Explanations\n\n" + new + "\n"
p.write_text(out)
PY
cat "$out/explain.md"
