package dev.gantry.policies.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.config.TokenizerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void huggingFace_withTheChatTemplateBeside_countsTheRenderedPrompt(@TempDir Path dir)
      throws Exception {
    Path tokenizer = miniLmTokenizer(dir);
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \""
        + "{% for m in messages %}{% if m.role == 'system' %}"
        + "{{ raise_exception('no system role') }}{% endif %}"
        + "[{{ m.role }}] {{ m.content }} {% endfor %}{% if add_generation_prompt %}[assistant]"
        + "{% endif %}\"}");
    try (TokenCounter counter = TokenCounter.huggingFace(tokenizer)) {
      ChatRequest hello = ChatRequest.of("m", List.of(Message.user("Hello, world!")));

      // [ user ] hello , world ! [ assistant ]
      assertThat(TokenTexts.prompt(counter, hello)).isEqualTo(10);
      assertThat(TokenTexts.promptWork(counter, hello)).as("rendering runs on the workers")
          .isGreaterThan(counter.inlineChars());

      ChatRequest refused = ChatRequest.of("m",
          List.of(Message.system("Be brief."), Message.user("Hello, world!")));
      assertThat(TokenTexts.prompt(counter, refused)).as("the template refuses: OpenAI framing")
          .isEqualTo(TokenTexts.REPLY_PRIMING + 2 * TokenTexts.PER_MESSAGE
              + counter.count("system") + counter.count("Be brief.")
              + counter.count("user") + counter.count("Hello, world!"));
    }
  }

  @Test
  void huggingFace_withoutATokenizerConfig_hasNoChatTemplate(@TempDir Path dir) throws Exception {
    try (TokenCounter counter = TokenCounter.huggingFace(miniLmTokenizer(dir))) {
      assertThat(counter.chatTemplate()).isEmpty();
    }
  }
}
