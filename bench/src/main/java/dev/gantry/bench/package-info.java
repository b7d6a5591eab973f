/**
 * Performance tooling: {@link dev.gantry.bench.FakeUpstream}, the in-repo OpenAI-compatible
 * upstream that {@code bench/load.sh} drives with wrk directly and through Gantry, and the JMH
 * benchmarks of the translation hot paths ({@code bench/jmh.sh}). Nothing here ships in the
 * gateway.
 */
package dev.gantry.bench;
