package dev.gantry.policies.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.config.TokenizerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCounterTest {

  /** all-MiniLM-L6-v2's WordPiece tokenizer.json, shipped in the langchain4j model jar. */
  static Path miniLmTokenizer(Path dir) throws IOException {
    try (InputStream in = TokenCounterTest.class.getClassLoader()
        .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Path file = dir.resolve("tokenizer.json");
      Files.copy(in, file);
      return file;
    }
  }

  @Test
  void huggingFace_countsWithoutSpecialTokensOrTruncation(@TempDir Path dir) throws Exception {
    try (TokenCounter counter = TokenCounter.load(
        new TokenizerSpec(TokenizerSpec.Kind.HF, miniLmTokenizer(dir).toString()))) {
      // WordPiece, lower-cased: hello , world ! — no [CLS]/[SEP]
      assertThat(counter.count("Hello, world!")).isEqualTo(4);
      assertThat(counter.count("")).isZero();
      // the file truncates at 128 tokens; counting must not
      assertThat(counter.count("word ".repeat(1000))).isEqualTo(1000);
    }
  }

  @Test
  void tiktoken_o200k_countsOrdinaryText() throws Exception {
    TokenCounter counter = TokenCounter.load(new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN,
        "o200k_base"));

    assertThat(counter.count("Hello, world!")).isEqualTo(4);
    assertThat(counter.count("<|endoftext|>")).as("special tokens are text here").isGreaterThan(1);
  }

  @Test
  void estimate_isCharactersOverFourRoundedUp() throws Exception {
    TokenCounter counter = TokenCounter.load(TokenizerSpec.ESTIMATE);

    assertThat(counter.count("")).isZero();
    assertThat(counter.count("abcde")).isEqualTo(2);
  }

  @Test
  void huggingFace_notATokenizer_failsWithTheFile(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");

    assertThatThrownBy(() -> TokenCounter.load(new TokenizerSpec(TokenizerSpec.Kind.HF,
        bad.toString()))).isInstanceOf(IOException.class).hasMessageContaining(bad.toString());
  }

  @Test
  void effective_openAiDeployments_defaultToTheirEncoding() {
    java.util.function.Function<String[], TokenizerSpec> of = models -> Tokens.effective(
        new dev.gantry.config.ModelAlias("a", dev.gantry.config.ModelKind.CHAT,
            java.util.Arrays.stream(models).map(m -> new dev.gantry.config.Deployment("p", m, 1,
                null)).toList(), null));

    assertThat(of.apply(new String[] {"gpt-4o-mini", "gpt-4.1"}))
        .isEqualTo(new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "o200k_base"));
    assertThat(of.apply(new String[] {"gpt-3.5-turbo"}))
        .isEqualTo(new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "cl100k_base"));
    assertThat(of.apply(new String[] {"gpt-4o", "Qwen/Qwen3-8B"})).as("mixed: no single answer")
        .isEqualTo(TokenizerSpec.ESTIMATE);
  }
}
