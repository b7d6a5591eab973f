package dev.gantry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a JMH JSON result as ratios: every benchmark {@code x} that has a sibling
 * {@code xBaseline} in the same class is shown with its score divided by the baseline's, both
 * measured in the same run. Run by {@code bench/jmh.sh}:
 * {@code java ... dev.gantry.bench.JmhReport bench/target/jmh-result.json}.
 */
public final class JmhReport {

  static final String BASELINE_SUFFIX = "Baseline";

  private JmhReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: JmhReport <jmh-result.json>");
      System.exit(2);
    }
    System.out.print(render(new ObjectMapper().readTree(Path.of(args[0]).toFile())));
  }

  /** The table for a JMH JSON result array. */
  static String render(JsonNode results) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode r : results) {
      String name = r.path("benchmark").asText();
      String params = r.path("params").isObject() ? r.path("params").toString() : "";
      byName.put(name + params, r);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-44s %12s %10s %-9s %12s %8s%n",
        "benchmark", "score", "error", "unit", "baseline", "ratio"));
    for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
      String key = e.getKey();
      JsonNode metric = e.getValue().path("primaryMetric");
      String name = e.getValue().path("benchmark").asText();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      if (shortName.endsWith(BASELINE_SUFFIX)) {
        continue;
      }
      double score = metric.path("score").asDouble();
      JsonNode baseline = byName.get(key.replaceFirst("^([^{]*)", "$1" + BASELINE_SUFFIX));
      out.append(String.format(Locale.ROOT, "%-44s %12.3f %10.3f %-9s ", shortName + params(key),
          score, metric.path("scoreError").asDouble(), metric.path("scoreUnit").asText()));
      if (baseline == null) {
        out.append(String.format(Locale.ROOT, "%12s %8s%n", "-", "-"));
      } else {
        double base = baseline.path("primaryMetric").path("score").asDouble();
        out.append(String.format(Locale.ROOT, "%12.3f %7.2fx%n", base, score / base));
      }
    }
    out.append("ratio = score / score of <name>Baseline (measured in the same run; see bench/README.md);")
        .append(" for time per operation lower is better.\n");
    return out.toString();
  }

  private static String params(String key) {
    int brace = key.indexOf('{');
    return brace < 0 ? "" : " " + key.substring(brace);
  }
}
