package dev.gantry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JmhReportTest {

  @Test
  void render_benchmarkWithBaseline_printsRatio() throws Exception {
    String json = "[" + result("readRequest", 6.0) + "," + result("readRequestBaseline", 2.0) + ","
        + result("other", 1.5) + "]";

    String table = JmhReport.render(new ObjectMapper().readTree(json));

    assertThat(table).containsPattern("ChatCodecBenchmark\\.readRequest +6\\.000 +0\\.100 us/op +2\\.000 +3\\.00x");
    assertThat(table).containsPattern("ChatCodecBenchmark\\.other +1\\.500 .* +- +-");
    assertThat(table).doesNotContain("readRequestBaseline ");
  }

  private static String result(String method, double score) {
    return "{\"benchmark\":\"dev.gantry.bench.ChatCodecBenchmark." + method + "\",\"mode\":\"avgt\","
        + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":0.1,\"scoreUnit\":\"us/op\"}}";
  }
}
