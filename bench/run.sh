#!/usr/bin/env bash
# Rerunnable benchmark of the classification engines: bench/run.sh [SIZES...] (default: 1000 10000).
# Everything is measured in one run on this machine; ratios are against the per-patient engine
# measured in the same run. Results replace the engines section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}"); [ $# -gt 0 ] || sizes=(1000 10000)
out=target/bench; mkdir -p "$out"
[ -f target/mcrc.jar ] && [ -z "$(find pom.xml src/main -newer target/mcrc.jar -print -quit)" ] || mvn -q -B -Dmaven.test.skip=true package
jar=target/mcrc.jar
run() { # name threads engine file heap -> "seconds peakKB"
  local log="$out/$1.log"
  /usr/bin/time -f "%e %M" -o "$out/$1.time" java -Xmx"$5" -Dmcrc.ontology=ontology/mcrc.owl -jar "$jar" \
    classify "$4" --engine "$3" --threads "$2" --format jsonl --quiet --out "$out/$1.jsonl" >"$log" 2>&1
  cat "$out/$1.time"
}
rows=()
for n in "${sizes[@]}"; do
  f="$out/cohort-$n.csv"
  java -jar "$jar" generate --patients "$n" --seed 7 --out "$f"
  # the per-patient engine is slow: measure it on at most 1,000 patients and use its rate
  if [ -z "${pp_rate:-}" ]; then
    m=$(( n < 1000 ? n : 1000 )); head -n $((m + 1)) "$f" > "$out/pp.csv"
    read -r s kb < <(run "per-patient-2t" 2 per-patient "$out/pp.csv" 2g)
    pp_rate=$(python3 -c "print($m/$s)")
    rows+=("| $m | per-patient | 2 | $s | $(python3 -c "print(f'{$m/$s:,.0f}')") | 1.0 | $((kb/1024)) |")
  fi
  for t in 1 2; do
    read -r s kb < <(run "fast-$n-${t}t" $t fast "$f" 512m)
    rate=$(python3 -c "print($n/$s)")
    rows+=("| $n | fast | $t | $s | $(python3 -c "print(f'{$rate:,.0f}')") | $(python3 -c "print(f'{$rate/$pp_rate:,.1f}')") | $((kb/1024)) |")
  done
done
# cold start: JVM start to one patient's JSON on stdout (median of 5)
one="src/test/resources/vignettes/V01.csv"; cold=()
for i in 1 2 3 4 5; do
  s=$( { /usr/bin/time -f "%e" java -Dmcrc.ontology=ontology/mcrc.owl -jar "$jar" classify "$one" --format json >/dev/null; } 2>&1 | tail -1 )
  cold+=("$s")
done
cold_median=$(printf '%s\n' "${cold[@]}" | sort -n | sed -n 3p)
api=$(java -cp "$jar" bench/ApiLatency.java "$out/cohort-${sizes[0]}.csv")
{
  echo "<!-- engines:begin (written by bench/run.sh; do not edit by hand) -->"
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(java -version 2>&1 | head -1), by \`bench/run.sh ${sizes[*]}\`."
  echo "Generated cohorts (\`bin/mcrc generate --seed 7\`); JSON Lines written to a file; wall time of the whole process."
  echo
  echo "| patients | engine | threads | seconds | patients/s | × per-patient | peak RSS MB |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "- Cold start (JVM start to one patient's JSON on stdout), median of 5: ${cold_median} s"
  echo "- Java API, warm, one patient: $(echo "$api" | tr '\n' ' ')"
  echo "<!-- engines:end -->"
} > "$out/engines.md"
python3 - "$out/engines.md" <<'PY'
import re, sys, pathlib
new = pathlib.Path(sys.argv[1]).read_text()
p = pathlib.Path("BENCHMARKS.md")
old = p.read_text() if p.exists() else "# Benchmarks\n\nRerun with the command named in each section. Numbers are from one machine; compare ratios measured in the same run.\n\n## Classification engines\n\n<!-- engines:begin --><!-- engines:end -->\n"
out = re.sub(r"<!-- engines:begin.*?<!-- engines:end -->", lambda m: new.strip(), old, flags=re.S)
p.write_text(out)
PY
cat "$out/engines.md"
