#!/usr/bin/env bash
# Load test: the same chat request sent with wrk straight to an in-repo fake OpenAI-compatible
# upstream (dev.gantry.bench.FakeUpstream), through a bare Vert.x proxy (dev.gantry.bench.BareProxy,
# the floor of any second HTTP hop) and through Gantry, all in one run, printed side by side with
# the ratios and each process's CPU time per request. See bench/README.md.
#
# Environment (all optional):
#   DURATION=15      seconds per measured run       CONNECTIONS=32   wrk connections
#   WARMUP=30        seconds of warm-up for Gantry  THREADS=2        wrk threads
#                    (its JIT needs 20-30 s on 2 cores; the direct and bare warm-ups take a quarter)
#   STREAM=1         also measure streaming runs (0 to skip)
#   BARE=1           also measure the bare proxy (0 to skip)
#   GANTRY_JAVA_OPTS / FAKE_JAVA_OPTS   extra JVM flags (e.g. -XX:+UseParallelGC)
#   OUT=bench/target/load-<time>        where wrk outputs, logs and the config are kept
# Exit status: 0 when the targets are met, 1 when they are missed, 2 on a setup failure.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
STREAM=${STREAM:-1}
BARE=${BARE:-1}
GANTRY_JAVA_OPTS=${GANTRY_JAVA_OPTS:-}
FAKE_JAVA_OPTS=${FAKE_JAVA_OPTS:-}
OUT=${OUT:-$ROOT/bench/target/load-$(date +%Y%m%d-%H%M%S)}
# Targets (issue): Gantry adds < 1 ms at p99 and keeps >= 50% of the direct throughput.
MAX_ADDED_P99_US=1000
MIN_RPS_RATIO=0.50
SHORT_WARMUP=$(( (WARMUP + 3) / 4 ))

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
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))

USED_PORTS=" "
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if [[ $USED_PORTS != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      USED_PORTS+="$port "
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

# --- start the fake upstream, the bare proxy and Gantry ------------------------------------------
BENCH_CP="$(cat bench/target/classpath.txt):bench/target/classes"
FAKE_PORT=$(free_port)
USED_PORTS+="$FAKE_PORT "
# shellcheck disable=SC2086
java $FAKE_JAVA_OPTS -Dlogback.configurationFile=logback-bench.xml -cp "$BENCH_CP" \
  dev.gantry.bench.FakeUpstream "$FAKE_PORT" >"$OUT/fake.log" 2>&1 &
FAKE_PID=$!
PIDS+=("$FAKE_PID")

if [[ $BARE == 1 ]]; then
  BARE_PORT=$(free_port)
  USED_PORTS+="$BARE_PORT "
  # shellcheck disable=SC2086
  java $FAKE_JAVA_OPTS -Dlogback.configurationFile=logback-bench.xml -cp "$BENCH_CP" \
    dev.gantry.bench.BareProxy "$BARE_PORT" "$FAKE_PORT" >"$OUT/bare.log" 2>&1 &
  BARE_PID=$!
  PIDS+=("$BARE_PID")
fi

GANTRY_PORT=$(free_port)
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
GANTRY_PID=$!
PIDS+=("$GANTRY_PID")

wait_http "http://127.0.0.1:$FAKE_PORT/v1/models" "$FAKE_PID" fake
[[ $BARE == 1 ]] && wait_http "http://127.0.0.1:$BARE_PORT/v1/models" "$BARE_PID" bare
wait_http "http://127.0.0.1:$GANTRY_PORT/health/ready" "$GANTRY_PID" gantry

DIRECT_URL="http://127.0.0.1:$FAKE_PORT/v1/chat/completions"
BARE_URL="http://127.0.0.1:${BARE_PORT:-0}/v1/chat/completions"
GANTRY_URL="http://127.0.0.1:$GANTRY_PORT/v1/chat/completions"

# One request each way must succeed before any load is sent.
probe() { # url model key stream
  local body='{"model":"'$2'","messages":[{"role":"user","content":"hi"}]'
  if [[ $4 == 1 ]]; then body+=',"stream":true'; fi
  body+='}'
  local code
  code=$(curl -s -o "$OUT/probe.out" -w '%{http_code}' --max-time 10 "$1" \
    -H 'content-type: application/json' ${3:+-H "authorization: Bearer $3"} -d "$body") || true
  [[ $code == 200 ]] || die "probe of $1 (stream=$4) answered HTTP $code: $(head -c 300 "$OUT/probe.out")"
}
for s in 0 $([[ $STREAM == 1 ]] && echo 1); do
  probe "$DIRECT_URL" m "" "$s"
  [[ $BARE == 1 ]] && probe "$BARE_URL" m "" "$s"
  probe "$GANTRY_URL" bench-chat "$KEY" "$s"
done

cpu_ticks() { # pid -> utime+stime in clock ticks (bash only: no child process)
  local stat
  read -r -a stat <"/proc/$1/stat"
  echo $(( stat[13] + stat[14] ))
}

# run_wrk NAME URL MODEL KEY STREAM SECONDS [PROXY_PID]: keeps $OUT/NAME.txt and prints its RESULT
# line extended with the CPU time per request of the fake, the proxy (if any) and wrk, in µs.
run_wrk() {
  local name=$1 url=$2 model=$3 key=$4 stream=$5 seconds=$6 proxy=${7:-}
  local f0 f1 p0=0 p1=0 line requests wrk_us
  f0=$(cpu_ticks "$FAKE_PID")
  [[ -n $proxy ]] && p0=$(cpu_ticks "$proxy")
  MODEL=$model GANTRY_KEY=$key STREAM=$stream timeout $((seconds + 60)) \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s --latency \
    -s bench/chat.lua "$url" >"$OUT/$name.txt" 2>&1 || die "wrk failed ($name): $(tail -3 "$OUT/$name.txt")"
  times >"$OUT/$name.times" # this subshell's children: wrk (a pipe would fork and read zeros)
  f1=$(cpu_ticks "$FAKE_PID")
  [[ -n $proxy ]] && p1=$(cpu_ticks "$proxy")
  line=$(grep '^RESULT ' "$OUT/$name.txt") || die "no RESULT line in $OUT/$name.txt"
  requests=$(field "$line" requests)
  (( requests > 0 )) || die "no request completed in $name"
  wrk_us=$(awk -v t="$(tail -1 "$OUT/$name.times")" 'BEGIN { n = split(t, a, " "); s = 0
    for (i = 1; i <= n; i++) { split(a[i], b, "m"); sub(/s$/, "", b[2]); s += b[1] * 60 + b[2] }
    printf "%d", s * 1e6 }')
  echo "$line fake_cpu=$(( (f1 - f0) * TICK_US / requests )) proxy_cpu=$(( (p1 - p0) * TICK_US / requests )) wrk_cpu=$(( wrk_us / requests ))"
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

echo "Per mode, warm-up (Gantry ${WARMUP}s, bare proxy and direct ${SHORT_WARMUP}s each), then"
echo "measurement (wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s each: direct, bare proxy, Gantry)..."
declare -A R
for s in 0 $([[ $STREAM == 1 ]] && echo 1); do
  run_wrk "warmup-gantry-$s" "$GANTRY_URL" bench-chat "$KEY" "$s" "$WARMUP" >/dev/null
  [[ $BARE == 1 ]] && run_wrk "warmup-bare-$s" "$BARE_URL" m "" "$s" "$SHORT_WARMUP" >/dev/null
  run_wrk "warmup-direct-$s" "$DIRECT_URL" m "" "$s" "$SHORT_WARMUP" >/dev/null
  R[direct$s]=$(run_wrk "direct-$s" "$DIRECT_URL" m "" "$s" "$DURATION")
  [[ $BARE == 1 ]] && R[bare$s]=$(run_wrk "bare-$s" "$BARE_URL" m "" "$s" "$DURATION" "$BARE_PID")
  R[gantry$s]=$(run_wrk "gantry-$s" "$GANTRY_URL" bench-chat "$KEY" "$s" "$DURATION" "$GANTRY_PID")
done

# --- report --------------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
row() { # label RESULT-line
  printf '  %-24s %10.0f %8s %8s %8s %6s %9s %9s %7s\n' "$1" "$(field "$2" rps)" \
    "$(ms "$(field "$2" p50_us)")" "$(ms "$(field "$2" p90_us)")" "$(ms "$(field "$2" p99_us)")" \
    "$(( $(field "$2" non2xx) + $(field "$2" errors) ))" "$(field "$2" fake_cpu)" \
    "$(field "$2" proxy_cpu)" "$(field "$2" wrk_cpu)"
}
compare() { # label base other
  printf '  %-34s %7s   %+9s ms   %+9s ms\n' "$1" "$(ratio "$(field "$3" rps)" "$(field "$2" rps)")" \
    "$(ms $(( $(field "$3" p50_us) - $(field "$2" p50_us) )))" \
    "$(ms $(( $(field "$3" p99_us) - $(field "$2" p99_us) )))"
}

CORES=$(nproc)
echo
echo "Gantry load benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $CORES cores, $(java -version 2>&1 | head -1)"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, keep-alive, POST /v1/chat/completions (bench/chat.lua)"
echo "NOTE: wrk, the fake upstream and the proxy under test all share these $CORES cores, so a proxy"
echo "      competes with wrk and the fake for CPU: the ratios are pessimistic for a dedicated host."
echo
echo "  (CPU columns: CPU time per request, user + system, of the fake, the proxy under test and wrk)"
printf '  %-24s %10s %8s %8s %8s %6s %9s %9s %7s\n' scenario "requests/s" "p50 ms" "p90 ms" \
  "p99 ms" errors "fake µs" "proxy µs" "wrk µs"
for s in 0 $([[ $STREAM == 1 ]] && echo 1); do
  suffix=$([[ $s == 1 ]] && echo ", stream" || true)
  row "direct$suffix" "${R[direct$s]}"
  [[ $BARE == 1 ]] && row "bare proxy$suffix" "${R[bare$s]}"
  row "Gantry$suffix" "${R[gantry$s]}"
done
echo
printf '  %-34s %7s   %12s   %12s\n' "" "rps ratio" "added p50" "added p99"
for s in 0 $([[ $STREAM == 1 ]] && echo 1); do
  suffix=$([[ $s == 1 ]] && echo " (stream)" || true)
  compare "Gantry vs direct$suffix" "${R[direct$s]}" "${R[gantry$s]}"
  if [[ $BARE == 1 ]]; then
    compare "bare proxy vs direct$suffix" "${R[direct$s]}" "${R[bare$s]}"
    compare "Gantry vs bare proxy$suffix" "${R[bare$s]}" "${R[gantry$s]}"
  fi
done

D=${R[direct0]}
G=${R[gantry0]}
RATIO=$(ratio "$(field "$G" rps)" "$(field "$D" rps)")
ADD99=$(( $(field "$G" p99_us) - $(field "$D" p99_us) ))
ERRS=0
for k in "${!R[@]}"; do
  ERRS=$(( ERRS + $(field "${R[$k]}" non2xx) + $(field "${R[$k]}" errors) ))
done
V_RATIO=$(awk -v r="$RATIO" -v m="$MIN_RPS_RATIO" 'BEGIN { print (r >= m) ? "PASS" : "FAIL" }')
V_P99=$([[ $ADD99 -lt $MAX_ADDED_P99_US ]] && echo PASS || echo FAIL)
V_ERR=$([[ $ERRS -eq 0 ]] && echo PASS || echo FAIL)
echo
echo "Targets, non-stream at $CONNECTIONS connections, Gantry vs direct:"
printf '  %-44s %s\n' "throughput ratio $RATIO >= $MIN_RPS_RATIO" "$V_RATIO"
printf '  %-44s %s\n' "added p99 $(ms "$ADD99") ms < $(ms "$MAX_ADDED_P99_US") ms" "$V_P99"
printf '  %-44s %s\n' "no errors or non-2xx responses ($ERRS)" "$V_ERR"
echo
echo "Raw wrk outputs, logs and the config: $OUT"
[[ $V_RATIO == PASS && $V_P99 == PASS && $V_ERR == PASS ]]
