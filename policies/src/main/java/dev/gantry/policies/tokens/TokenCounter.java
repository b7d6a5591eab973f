package dev.gantry.policies.tokens;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.gantry.adapters.template.ChatTemplate;
import dev.gantry.config.TokenizerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Counts the tokens of a text as one model's tokenizer would, without special tokens and without
 * truncation. Counting is CPU work: callers run big texts off the event loop ({@link Tokens}).
 */
public interface TokenCounter extends AutoCloseable {

  /** Four characters a token, rounded up: what is left when a model's tokenizer is unknown. */
  TokenCounter ESTIMATE = new TokenCounter() {
    @Override
    public int count(String text) {
      return (int) Math.min(Integer.MAX_VALUE, (text.length() + 3L) / 4);
    }

    @Override
    public String toString() {
      return "estimate";
    }
  };

  int count(String text);

  /**
   * Texts up to this many characters are counted where the caller is (an event loop) rather than
   * on the tokenizer workers: what this counter encodes in well under 0.1 ms.
   */
  default long inlineChars() {
    return Long.MAX_VALUE;
  }

  /**
   * The model's chat template, when its tokenizer came with one: then a chat prompt counts as the
   * text the template renders, exactly as a chat-completions server tokenizes it.
   */
  default Optional<ChatTemplate> chatTemplate() {
    return Optional.empty();
  }

  /** How the images of a prompt are costed for the models this counter counts for. */
  default ImageFormula imageFormula() {
    return ImageFormula.OPENAI;
  }

  /**
   * This counter with images costed by {@code formula} (a view: closing it closes nothing, the
   * counter it wraps stays owned by whoever loaded it).
   */
  default TokenCounter withImages(ImageFormula formula) {
    TokenCounter self = this;
    if (formula == imageFormula()) {
      return self;
    }
    return new TokenCounter() {
      @Override
      public int count(String text) {
        return self.count(text);
      }

      @Override
      public long inlineChars() {
        return self.inlineChars();
      }

      @Override
      public Optional<ChatTemplate> chatTemplate() {
        return self.chatTemplate();
      }

      @Override
      public ImageFormula imageFormula() {
        return formula;
      }

      @Override
      public String toString() {
        return self.toString();
      }
    };
  }

  /** Releases native memory, if any. */
  @Override
  default void close() {}

  /**
   * Loads the counter a spec names: blocking (a {@code tokenizer.json} takes up to a second to
   * parse), so run it on a worker.
   *
   * @throws IOException when the tokenizer file cannot be read or parsed
   */
  static TokenCounter load(TokenizerSpec spec) throws IOException {
    return load(spec, null);
  }

  /**
   * Loads the counter a spec names, a Hub tokenizer through {@code hub} (downloaded into its cache
   * the first time).
   *
   * @throws IOException as {@link #load(TokenizerSpec)}, or when the Hub cannot give the files
   */
  static TokenCounter load(TokenizerSpec spec, HubTokenizers hub) throws IOException {
    switch (spec.kind()) {
      case HF:
        return huggingFace(Path.of(spec.location()));
      case HUB:
        if (hub == null) {
          throw new IOException("no Hugging Face Hub settings to fetch " + spec.location());
        }
        return huggingFace(hub.tokenizer(spec.location()));
      case TIKTOKEN:
        return tiktoken(spec.location());
      default:
        return ESTIMATE;
    }
  }

  /**
   * A Hugging Face {@code tokenizer.json}, counting without special tokens or truncation, with the
   * chat template of the {@code tokenizer_config.json} beside it when there is one.
   */
  static TokenCounter huggingFace(Path file) throws IOException {
    Optional<ChatTemplate> template = chatTemplateBeside(file);
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = HuggingFaceTokenizer.newInstance(file,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (RuntimeException e) {
      throw new IOException("cannot load the tokenizer " + file + ": " + e.getMessage(), e);
    }
    return new TokenCounter() {
      @Override
      public int count(String text) {
        return text.isEmpty() ? 0 : tokenizer.encode(text, false, false).getIds().length;
      }

      @Override
      public Optional<ChatTemplate> chatTemplate() {
        return template;
      }

      @Override
      public void close() {
        tokenizer.close();
      }

      /** DJL crosses into Rust and encodes about 2 µs a token: short texts only. */
      @Override
      public long inlineChars() {
        return 256;
      }

      @Override
      public String toString() {
        return "hf:" + file;
      }
    };
  }

  /** An OpenAI encoding bundled with JTokkit, e.g. {@code o200k_base}. */
  static TokenCounter tiktoken(String name) {
    Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.fromName(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown encoding " + name)));
    return new TokenCounter() {
      @Override
      public int count(String text) {
        return encoding.countTokensOrdinary(text);
      }

      /** About 0.4 µs a token (a token is about 4 characters). */
      @Override
      public long inlineChars() {
        return 1024;
      }

      @Override
      public String toString() {
        return "tiktoken:" + name;
      }
    };
  }

  /**
   * The chat template in the {@code tokenizer_config.json} beside a {@code tokenizer.json}; none
   * when there is no such file or it has no template, and none with a warning when the template
   * cannot be read (prompts are then counted with OpenAI's chat framing).
   */
  private static Optional<ChatTemplate> chatTemplateBeside(Path tokenizerJson) {
    Path config = tokenizerJson.resolveSibling("tokenizer_config.json");
    if (!Files.isRegularFile(config)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChatTemplate.fromTokenizerConfig(config));
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(TokenCounter.class).warn(
          "No chat template for counting file={} reason={}", config, e.getMessage());
      return Optional.empty();
    }
  }
}
