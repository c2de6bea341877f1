#!/usr/bin/env bash
# Rerunnable benchmark of `mcrc load`: this checkout against an earlier commit, side by side in one
# run on this machine.  bench/load.sh [PATIENTS] [BASE_COMMIT]   (defaults: 10000 ccdba09)
#   MCRC_BENCH_PAIRS=3   pairs of runs; the order alternates (base first, then this checkout first, ...)
#                        so that a machine slowing down or speeding up affects both sides alike
# Each run: `bin/mcrc load --no-cache --store NEW_DIR cohort.csv` through that commit's own bin/mcrc
# (its JVM options included), timed whole (JVM start to exit) with /usr/bin/time, into a new store.
# ccdba09 is the commit before the lean store (issue "Fast at every size"), whose load the issue measured.
# Results replace the load section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
base=${2:-ccdba09}
pairs=${MCRC_BENCH_PAIRS:-3}
out=target/bench/load; mkdir -p "$out"
git rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "load.sh: no commit $base in this clone (a shallow clone? fetch it first)" >&2; exit 2; }
here=$(git rev-parse --short HEAD)$( [ -z "$(git status --porcelain --untracked-files=no -- . ':!BENCHMARKS.md')" ] || echo "+changes")
base_short=$(git rev-parse --short "$base")

# this checkout's jar, and the base commit's in a worktree of its own
[ -f target/mcrc.jar ] && [ -z "$(find pom.xml src/main -newer target/mcrc.jar -print -quit)" ] || mvn -q -B -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package
wt="$out/base-$base_short"
if [ ! -f "$wt/target/mcrc.jar" ]; then
  rm -rf "$wt"; git worktree prune
  git worktree add --detach "$wt" "$base" >/dev/null
  (cd "$wt" && mvn -q -B -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package)
fi
cleanup() { git worktree remove --force "$wt" >/dev/null 2>&1 || true; rm -rf "$out"/store; }
trap cleanup EXIT

java -jar target/mcrc.jar generate --patients "$n" --seed 7 --out "$out/cohort-$n.csv"

run() { # side -> "wall user sys rssKB storeMB load1"
  local side=$1 bin=bin/mcrc
  [ "$side" = base ] && bin="$wt/bin/mcrc"
  rm -rf "$out/store"
  local load1; load1=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o "$out/$side.time" "$bin" load --no-cache --store "$out/store" "$out/cohort-$n.csv" >"$out/$side.log" 2>&1 \
    || { echo "load.sh: the $side load failed; see $out/$side.log" >&2; exit 1; }
  echo "$(cat "$out/$side.time") $(du -sm "$out/store" | cut -f1) $load1"
}

rows=(); base_walls=(); new_walls=(); base_cpu=(); new_cpu=()
for i in $(seq "$pairs"); do
  if [ $((i % 2)) -eq 1 ]; then order=(base new); else order=(new base); fi
  for side in "${order[@]}"; do
    res=$(run "$side")
    read -r wall user sys rss store load1 <<< "$res"
    cpu=$(python3 -c "print(f'{$user + $sys:.1f}')")
    rows+=("| $i | $([ "$side" = base ] && echo "$base_short (before)" || echo "$here (now)") | $wall s | $cpu s | $((rss / 1024)) MB | $store MB | $load1 |")
    if [ "$side" = base ]; then base_walls+=("$wall"); base_cpu+=("$cpu"); else new_walls+=("$wall"); new_cpu+=("$cpu"); fi
    echo "pair $i $side: ${wall} s wall, ${cpu} s CPU, store ${store} MB (load average $load1)" >&2
  done
done

summary=$(python3 - "$n" "${base_walls[*]}" "${new_walls[*]}" "${base_cpu[*]}" "${new_cpu[*]}" <<'EOF'
import statistics, sys
n = int(sys.argv[1])
bw, nw, bc, nc = ([float(x) for x in a.split()] for a in sys.argv[2:6])
pairs = ", ".join(f"{b / w:.2f}" for b, w in zip(bw, nw))
mb, mn = statistics.median(bw), statistics.median(nw)
print(f"Median wall: before {mb:.2f} s ({n / mb:,.0f} patients/s), now {mn:.2f} s ({n / mn:,.0f} patients/s): "
      f"**{mb / mn:.2f}× the rate** (pair by pair: {pairs}). Median CPU: before {statistics.median(bc):.1f} s, "
      f"now {statistics.median(nc):.1f} s ({statistics.median(bc) / statistics.median(nc):.2f}× less).")
EOF
)

section=$(cat <<EOF
<!-- load:begin -->
Rerun: \`bench/load.sh [PATIENTS] [BASE_COMMIT]\` (here: $n generated patients, \`generate --seed 7\`;
base $base_short). Each run is \`bin/mcrc load --no-cache\` into a new store through that commit's own
\`bin/mcrc\`, timed whole with \`/usr/bin/time\` (JVM start to exit; the base commit compacted every new
store, which is part of its load), in pairs whose order alternates. Measured $(date -u +%Y-%m-%d) on
$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), Java $(java -version 2>&1 | head -1 | cut -d'"' -f2)).

| pair | commit | wall | CPU (user + sys) | peak RSS | store | load average at start |
|---:|---|---:|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")

$summary
<!-- load:end -->
EOF
)
python3 - "$section" <<'EOF'
import re, sys
section = sys.argv[1]
path = "BENCHMARKS.md"
text = open(path).read()
if "<!-- load:begin -->" in text:
    text = re.sub(r"<!-- load:begin -->.*?<!-- load:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n## load, side by side with an earlier commit\n\n" + section + "\n"
open(path, "w").write(text)
EOF
echo "$summary"
