#!/usr/bin/env bash
# Runs the JMH benchmarks of the translation hot paths and the rate-limit stores
# (bench/src/main/java/dev/gantry/bench/; the Redis one needs Redis on 127.0.0.1:6379).
# Usage: bench/jmh.sh [JMH options...]   e.g.  bench/jmh.sh ChatCodecBenchmark.readRequest -prof gc
# Default: 1 fork, 3 warm-up and 5 measured iterations of 1 s each (about 1.5 min for the suite);
# JMH_OPTS overrides those defaults (e.g. JMH_OPTS="-f 2 -wi 5 -i 10 -w 2s -r 2s" for a careful run).
# Results are printed and kept as JSON in bench/target/jmh-result.json. See bench/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
command -v java >/dev/null || { echo "jmh.sh: java (17+) is required" >&2; exit 2; }
if [[ ! -f bench/target/classpath.txt || ! -f bench/target/classes/META-INF/BenchmarkList ]]; then
  echo "Building Gantry and the bench module (./mvnw -B -q -DskipTests package)..."
  timeout 900 ./mvnw -B -q -DskipTests package
fi
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s}
CP="$(cat bench/target/classpath.txt):bench/target/classes"
RESULT=bench/target/jmh-result.json
rm -f "$RESULT"
# shellcheck disable=SC2086
timeout 3600 java -Dlogback.configurationFile=logback-bench.xml -cp "$CP" org.openjdk.jmh.Main \
  $JMH_OPTS -rf json -rff "$RESULT" "$@"
if [[ -s $RESULT ]]; then
  echo
  echo "Ratios to the baselines measured in the same run:"
  java -cp "$CP" dev.gantry.bench.JmhReport "$RESULT"
fi
