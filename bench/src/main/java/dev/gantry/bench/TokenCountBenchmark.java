package dev.gantry.bench;

import dev.gantry.config.TokenizerSpec;
import dev.gantry.policies.tokens.TokenCounter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Counting a prompt of about 4,000 tokens, as admission does before every call: with an OpenAI
 * encoding (JTokkit {@code o200k_base}) and with a Hugging Face {@code tokenizer.json} through DJL
 * (the one given by {@code -Dgantry.bench.tokenizer=/path/tokenizer.json}, e.g. Qwen3's, else
 * all-MiniLM's WordPiece from the classpath). Each has a baseline in the same run: encoding the
 * same text to UTF-8 bytes, the least any counter must do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class TokenCountBenchmark {

  /** About 4,000 o200k tokens of ordinary English prose. */
  static final String PROMPT = ("Gantry counts the tokens of every request before it calls a"
      + " model, with the tokenizer of that model, so that rate limits hold exactly; it then"
      + " reserves the count with the request's maximum output and corrects it with the usage"
      + " the provider reports. ").repeat(90);

  private TokenCounter tiktoken;
  private TokenCounter huggingFace;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    tiktoken = TokenCounter.tiktoken("o200k_base");
    String configured = System.getProperty("gantry.bench.tokenizer");
    Path file = configured != null ? Path.of(configured) : miniLm();
    huggingFace = TokenCounter.load(new TokenizerSpec(TokenizerSpec.Kind.HF, file.toString()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    huggingFace.close();
  }

  private static Path miniLm() throws IOException {
    Path dir = Files.createTempDirectory("gantry-bench-tokenizer");
    try (InputStream in = TokenCountBenchmark.class.getClassLoader()
        .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Path file = dir.resolve("tokenizer.json");
      Files.copy(in, file);
      return file;
    }
  }

  @Benchmark
  public int tiktoken() {
    return tiktoken.count(PROMPT);
  }

  @Benchmark
  public int tiktokenBaseline() {
    return PROMPT.getBytes(StandardCharsets.UTF_8).length;
  }

  @Benchmark
  public int huggingFace() {
    return huggingFace.count(PROMPT);
  }

  @Benchmark
  public int huggingFaceBaseline() {
    return PROMPT.getBytes(StandardCharsets.UTF_8).length;
  }
}
