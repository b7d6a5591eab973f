#!/usr/bin/env bash
# Load test: the same chat request sent with wrk straight to an in-repo fake OpenAI-compatible
# upstream (bench/src/main/java/dev/gantry/bench/FakeUpstream.java) and then through Gantry in front
# of it, in one run, printed side by side with the ratio. See bench/README.md.
#
# Environment (all optional):
#   DURATION=15      seconds per measured run       WARMUP=5       seconds of warm-up per target
#   CONNECTIONS=32   wrk connections                THREADS=2      wrk threads
#   STREAM=1         also measure a streaming run (0 to skip)
#   GANTRY_JAVA_OPTS / FAKE_JAVA_OPTS   extra JVM flags (e.g. -XX:+UseParallelGC)
#   OUT=bench/target/load-<time>        where wrk outputs, logs and the config are kept
# Exit status: 0 when the targets are met, 1 when they are missed, 2 on a setup failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
STREAM=${STREAM:-1}
GANTRY_JAVA_OPTS=${GANTRY_JAVA_OPTS:-}
FAKE_JAVA_OPTS=${FAKE_JAVA_OPTS:-}
OUT=${OUT:-$ROOT/bench/target/load-$(date +%Y%m%d-%H%M%S)}
# Targets (issue): Gantry adds < 1 ms at p99 and keeps >= 50% of the direct throughput.
MAX_ADDED_P99_US=1000
MIN_RPS_RATIO=0.50

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    timeout 10 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "load.sh: $*" >&2
  exit 2
}

# --- prerequisites -------------------------------------------------------------------------------
command -v java >/dev/null || die "java (17+) is required"
command -v curl >/dev/null || die "curl is required"
if [[ ! -f gateway/target/gantry.jar || ! -f bench/target/classpath.txt
      || ! -f bench/target/classes/dev/gantry/bench/FakeUpstream.class ]]; then
  echo "Building Gantry and the bench module (./mvnw -B -q -DskipTests package)..."
  timeout 900 ./mvnw -B -q -DskipTests package || die "build failed"
fi
if ! command -v wrk >/dev/null; then
  echo "wrk not found: installing the Debian package 'wrk' with apt-get..."
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "wrk is missing and sudo is not available: install wrk"
    SUDO=sudo
  fi
  timeout 300 $SUDO apt-get update -qq || die "apt-get update failed"
  timeout 300 $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
    || die "apt-get install wrk failed"
fi
mkdir -p "$OUT"

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found"
}

wait_http() { # url pid name
  local url=$1 pid=$2 name=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || die "$name exited during start-up (log: $OUT/$name.log)"
    if curl -sf -o /dev/null --max-time 2 "$url"; then
      return 0
    fi
    sleep 0.2
  done
  die "$name not ready after 60 s (log: $OUT/$name.log)"
}

# --- start the fake upstream and Gantry ----------------------------------------------------------
FAKE_PORT=$(free_port)
CLASSPATH_BENCH="$(cat bench/target/classpath.txt):bench/target/classes"
# shellcheck disable=SC2086
java $FAKE_JAVA_OPTS -Dlogback.configurationFile=logback-bench.xml -cp "$CLASSPATH_BENCH" \
  dev.gantry.bench.FakeUpstream "$FAKE_PORT" >"$OUT/fake.log" 2>&1 &
PIDS+=($!)
FAKE_PID=$!

GANTRY_PORT=$(free_port)
while [[ $GANTRY_PORT == "$FAKE_PORT" ]]; do GANTRY_PORT=$(free_port); done
KEY="sk-bench-$RANDOM$RANDOM$RANDOM"
cat >"$OUT/gantry.yaml" <<EOF
# Written by bench/load.sh: one OpenAI-compatible provider (the fake upstream), one alias, one key.
server:
  host: 127.0.0.1
providers:
  fake:
    type: openai
    base_url: http://127.0.0.1:$FAKE_PORT/v1
models:
  - name: bench-chat
    kind: chat
    deployments:
      - { provider: fake, model: m }
keys:
  - { name: bench, key: env:GANTRY_BENCH_KEY }
EOF
# shellcheck disable=SC2086
GANTRY_BENCH_KEY=$KEY java $GANTRY_JAVA_OPTS -jar gateway/target/gantry.jar \
  --config "$OUT/gantry.yaml" --port "$GANTRY_PORT" >"$OUT/gantry.log" 2>&1 &
PIDS+=($!)
GANTRY_PID=$!

wait_http "http://127.0.0.1:$FAKE_PORT/v1/models" "$FAKE_PID" fake
wait_http "http://127.0.0.1:$GANTRY_PORT/health/ready" "$GANTRY_PID" gantry

DIRECT_URL="http://127.0.0.1:$FAKE_PORT/v1/chat/completions"
GANTRY_URL="http://127.0.0.1:$GANTRY_PORT/v1/chat/completions"

# One request each way must succeed before any load is sent.
probe() { # url model key stream
  local body='{"model":"'$2'","messages":[{"role":"user","content":"hi"}]'
  [[ $4 == 1 ]] && body+=',"stream":true'
  body+='}'
  local code
  code=$(curl -s -o "$OUT/probe.out" -w '%{http_code}' --max-time 10 "$1" \
    -H 'content-type: application/json' ${3:+-H "authorization: Bearer $3"} -d "$body") || true
  [[ $code == 200 ]] || die "probe of $1 (stream=$4) answered HTTP $code: $(head -c 300 "$OUT/probe.out")"
}
probe "$DIRECT_URL" m "" 0
probe "$GANTRY_URL" bench-chat "$KEY" 0
if [[ $STREAM == 1 ]]; then
  probe "$DIRECT_URL" m "" 1
  probe "$GANTRY_URL" bench-chat "$KEY" 1
fi

# run_wrk NAME URL MODEL KEY STREAM SECONDS: writes $OUT/NAME.txt, prints its RESULT line
run_wrk() {
  local name=$1 url=$2 model=$3 key=$4 stream=$5 seconds=$6
  MODEL=$model GANTRY_KEY=$key STREAM=$stream timeout $((seconds + 60)) \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s --latency \
    -s bench/chat.lua "$url" >"$OUT/$name.txt" 2>&1 || die "wrk failed ($name): $(tail -3 "$OUT/$name.txt")"
  grep '^RESULT ' "$OUT/$name.txt" || die "no RESULT line in $OUT/$name.txt"
}

# field LINE KEY: the value of KEY=... in a RESULT line
field() {
  local kv
  for kv in $1; do
    if [[ $kv == "$2="* ]]; then
      echo "${kv#*=}"
      return 0
    fi
  done
  die "field $2 missing"
}

echo "Warming up both targets (${WARMUP}s each)..."
run_wrk warmup-direct "$DIRECT_URL" m "" 0 "$WARMUP" >/dev/null
run_wrk warmup-gantry "$GANTRY_URL" bench-chat "$KEY" 0 "$WARMUP" >/dev/null
if [[ $STREAM == 1 ]]; then
  run_wrk warmup-direct-stream "$DIRECT_URL" m "" 1 "$WARMUP" >/dev/null
  run_wrk warmup-gantry-stream "$GANTRY_URL" bench-chat "$KEY" 1 "$WARMUP" >/dev/null
fi

echo "Measuring: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, direct then through Gantry..."
DIRECT=$(run_wrk direct "$DIRECT_URL" m "" 0 "$DURATION")
GANTRY=$(run_wrk gantry "$GANTRY_URL" bench-chat "$KEY" 0 "$DURATION")
if [[ $STREAM == 1 ]]; then
  DIRECT_S=$(run_wrk direct-stream "$DIRECT_URL" m "" 1 "$DURATION")
  GANTRY_S=$(run_wrk gantry-stream "$GANTRY_URL" bench-chat "$KEY" 1 "$DURATION")
fi

# --- report --------------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1000 }'; }
row() { # label RESULT-line
  printf '  %-26s %12s %10s %10s %10s %8s\n' "$1" "$(field "$2" rps)" "$(ms "$(field "$2" p50_us)")" \
    "$(ms "$(field "$2" p90_us)")" "$(ms "$(field "$2" p99_us)")" \
    "$(( $(field "$2" non2xx) + $(field "$2" errors) ))"
}
compare() { # label direct gantry -> prints the ratio lines, sets VERDICT_* globals
  local d=$2 g=$3
  RATIO=$(awk -v g="$(field "$g" rps)" -v d="$(field "$d" rps)" 'BEGIN { printf "%.3f", g / d }')
  ADD50=$(( $(field "$g" p50_us) - $(field "$d" p50_us) ))
  ADD99=$(( $(field "$g" p99_us) - $(field "$d" p99_us) ))
  printf '  %-26s throughput gantry/direct = %s, added latency p50 = %s ms, p99 = %s ms\n' \
    "$1" "$RATIO" "$(ms "$ADD50")" "$(ms "$ADD99")"
}

CORES=$(nproc)
echo
echo "Gantry load benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $CORES cores, $(java -version 2>&1 | head -1)"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, keep-alive, POST /v1/chat/completions (bench/chat.lua)"
echo "NOTE: wrk, the fake upstream and Gantry all share these $CORES cores, so 'through Gantry'"
echo "      competes with wrk and the fake for CPU: the ratio is pessimistic for a dedicated host."
echo
printf '  %-26s %12s %10s %10s %10s %8s\n' scenario "requests/s" "p50 ms" "p90 ms" "p99 ms" errors
row "direct (fake upstream)" "$DIRECT"
row "through Gantry" "$GANTRY"
if [[ $STREAM == 1 ]]; then
  row "direct, stream" "$DIRECT_S"
  row "through Gantry, stream" "$GANTRY_S"
fi
echo
if [[ $STREAM == 1 ]]; then
  compare "stream (informative):" "$DIRECT_S" "$GANTRY_S"
fi
compare "non-stream:" "$DIRECT" "$GANTRY"

STATUS=0
ERRS=$(( $(field "$GANTRY" non2xx) + $(field "$GANTRY" errors) + $(field "$DIRECT" non2xx) + $(field "$DIRECT" errors) ))
verdict() { if [[ $1 == 1 ]]; then echo PASS; else echo FAIL; fi; }
V_RATIO=$(awk -v r="$RATIO" -v m="$MIN_RPS_RATIO" 'BEGIN { print (r >= m) ? 1 : 0 }')
V_P99=$(( ADD99 < MAX_ADDED_P99_US ? 1 : 0 ))
V_ERR=$(( ERRS == 0 ? 1 : 0 ))
echo
echo "Targets at $CONNECTIONS connections (non-stream):"
echo "  throughput ratio $RATIO >= $MIN_RPS_RATIO:        $(verdict "$V_RATIO")"
echo "  added p99 $(ms "$ADD99") ms < $(ms "$MAX_ADDED_P99_US") ms:          $(verdict "$V_P99")"
echo "  no errors or non-2xx responses ($ERRS):  $(verdict "$V_ERR")"
[[ $V_RATIO == 1 && $V_P99 == 1 && $V_ERR == 1 ]] || STATUS=1
echo
echo "Raw wrk outputs, logs and the config: $OUT"
exit "$STATUS"
