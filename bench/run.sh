#!/usr/bin/env bash
# Rerunnable benchmark of the classification engines: bench/run.sh [SIZES...] (default: 1000 10000 100000).
# Everything is measured in one run on this machine; ratios are against the per-patient engine
# measured in the same run. Results replace the engines section of BENCHMARKS.md.
#   MCRC_BENCH_PP=300      patients the per-patient engine classifies (its rate does not depend on N)
#   MCRC_BENCH_NAIVE="10 20 40 80"  cohort sizes tried with the naive engine, each within 10 minutes;
#                          the next size is skipped once one takes more than 2 minutes
# Every row runs with --no-cache except the persistent-cache rows (an empty --cache directory, then the same
# cohort again with it warm).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ $# -gt 0 ] || sizes=(1000 10000 100000)
pp_n=${MCRC_BENCH_PP:-300}
read -r -a naive_sizes <<< "${MCRC_BENCH_NAIVE:-10 20 40 80}"
out=target/bench; mkdir -p "$out"
[ -f target/mcrc.jar ] && [ -z "$(find pom.xml src/main -newer target/mcrc.jar -print -quit)" ] || mvn -q -B -Dmaven.test.skip=true package
jar=target/mcrc.jar
load_before=$(cut -d' ' -f1 /proc/loadavg)

run() { # name threads engine file heap [timeout] [cache options...] -> "seconds peakKB" or "timeout"
  local log="$out/$1.log" name=$1 threads=$2 engine=$3 file=$4 heap=$5 limit=${6:-3600}
  shift 6 2>/dev/null || shift $#
  # without cache options: --no-cache, so every row but the cache rows starts from nothing, as before the persistent cache
  local cache=("$@"); [ ${#cache[@]} -gt 0 ] || cache=(--no-cache)
  # through bin/mcrc, as a user runs it (its JVM options included); the heap limit comes on top
  if ! MCRC_JAVA_OPTS="-Xmx$heap" timeout "$limit" /usr/bin/time -f "%e %M" -o "$out/$name.time" bin/mcrc \
    classify "$file" --engine "$engine" --threads "$threads" --format jsonl --quiet --out "$out/$name.jsonl" "${cache[@]}" >"$log" 2>&1; then
    echo timeout; return
  fi
  cat "$out/$name.time"
}
fmt() { python3 -c "import sys; print(f'{float(sys.argv[1]):,.${2:-0}f}')" "$1"; }
rows=()
big=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)
java -jar "$jar" generate --patients "$big" --seed 7 --out "$out/cohort-$big.csv"

# the baseline for the ratios: per-patient, 1 and 2 threads, on the first pp_n patients
head -n $((pp_n + 1)) "$out/cohort-$big.csv" > "$out/pp.csv"
declare -A pp_rate
for t in 1 2; do
  read -r s kb < <(run "per-patient-${t}t" $t per-patient "$out/pp.csv" 2g)
  pp_rate[$t]=$(python3 -c "print($pp_n/$s)")
  rows+=("| $pp_n | per-patient | $t | $s | $(fmt "${pp_rate[$t]}" 1) | 1.0 | $((kb/1024)) |")
done
for n in "${sizes[@]}"; do
  f="$out/cohort-$n.csv"
  [ -f "$f" ] || head -n $((n + 1)) "$out/cohort-$big.csv" > "$f"
  for t in 1 2; do
    read -r s kb < <(run "fast-$n-${t}t" $t fast "$f" 512m)
    rate=$(python3 -c "print($n/$s)")
    rows+=("| $n | fast | $t | $s | $(fmt "$rate") | $(fmt "$(python3 -c "print($rate/${pp_rate[$t]})")") | $((kb/1024)) |")
  done
done
# the persistent exact cache, 2 threads: an empty cache directory (the run fills it), then the same
# cohort again with the directory it filled (warm)
for n in "${sizes[@]}"; do
  f="$out/cohort-$n.csv"; dir="$out/cache-$n"
  rm -rf "$dir"
  read -r s kb < <(run "fast-$n-cache-empty" 2 fast "$f" 512m 3600 --cache "$dir")
  rows+=("| $n | fast, empty cache dir | 2 | $s | $(fmt "$(python3 -c "print($n/$s)")") | $(fmt "$(python3 -c "print($n/$s/${pp_rate[2]})")") | $((kb/1024)) |")
  read -r s kb < <(run "fast-$n-cache-warm" 2 fast "$f" 512m 3600 --cache "$dir")
  rows+=("| $n | fast, warm cache dir | 2 | $s | $(fmt "$(python3 -c "print($n/$s)")") | $(fmt "$(python3 -c "print($n/$s/${pp_rate[2]})")") | $((kb/1024)) |")
done
# the naive baseline: all patients in one ontology, one realisation
for n in "${naive_sizes[@]}"; do
  head -n $((n + 1)) "$out/cohort-$big.csv" > "$out/naive-$n.csv"
  r=$(run "naive-$n" 1 naive "$out/naive-$n.csv" 2g 600)
  if [ "$r" = timeout ]; then rows+=("| $n | naive | 1 | > 600 | – | – | – |"); break; fi
  read -r s kb <<< "$r"
  rate=$(python3 -c "print($n/$s)")
  rows+=("| $n | naive | 1 | $s | $(fmt "$rate" 2) | $(fmt "$(python3 -c "print($rate/${pp_rate[1]})")" 2) | $((kb/1024)) |")
  python3 -c "import sys; sys.exit(0 if $s < 120 else 1)" || break
done

# cold start: bin/mcrc (the user's command) to one patient's JSON on stdout, median of 5
one="src/test/resources/vignettes/V01.csv"; cold=(); coldw=()
for i in 1 2 3 4 5; do
  s=$( { /usr/bin/time -f "%e" bin/mcrc classify "$one" --format json --no-cache >/dev/null; } 2>&1 | tail -1 )
  cold+=("$s")
done
cold_median=$(printf '%s\n' "${cold[@]}" | sort -n | sed -n 3p)
# the same with a warm persistent cache (filled by one untimed run)
bin/mcrc classify "$one" --format json --cache "$out/cache-cold-start" >/dev/null
for i in 1 2 3 4 5; do
  s=$( { /usr/bin/time -f "%e" bin/mcrc classify "$one" --format json --cache "$out/cache-cold-start" >/dev/null; } 2>&1 | tail -1 )
  coldw+=("$s")
done
coldw_median=$(printf '%s\n' "${coldw[@]}" | sort -n | sed -n 3p)
api=$(java -cp "$jar" bench/ApiLatency.java "$out/cohort-${sizes[0]}.csv")
load_after=$(cut -d' ' -f1 /proc/loadavg)
{
  echo "<!-- engines:begin (written by bench/run.sh; do not edit by hand) -->"
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(java -version 2>&1 | head -1), by \`bench/run.sh ${sizes[*]}\`"
  echo "(load average ${load_before} before, ${load_after} after: above $(nproc) means other work shared the machine)."
  echo "Generated cohorts (\`bin/mcrc generate --seed 7\`); JSON Lines written to a file; wall time of the whole"
  echo "process as \`bin/mcrc classify\` runs it (JVM start, ontology load, both validation passes, classification, output);"
  echo "fast runs with \`MCRC_JAVA_OPTS=-Xmx512m\`. Every run uses \`--no-cache\` except the cache rows: \"empty cache dir\" starts"
  echo "with an empty \`--cache\` directory and fills it, \"warm cache dir\" runs the same cohort again with that directory."
  echo "Ratios: patients/s against per-patient at the same thread count."
  echo
  echo "| patients | engine | threads | seconds | patients/s | × per-patient | peak RSS MB |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "- Cold start (\`bin/mcrc classify V01.csv --format json --no-cache\`, JVM start to the JSON on stdout), median of 5: ${cold_median} s (runs: ${cold[*]})"
  echo "- Cold start with a warm persistent cache (\`--cache DIR\` filled by one earlier run), median of 5: ${coldw_median} s (runs: ${coldw[*]})"
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
