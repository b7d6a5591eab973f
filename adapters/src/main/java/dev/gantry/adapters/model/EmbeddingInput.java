package dev.gantry.adapters.model;

import java.util.List;

/** What to embed: texts, or pre-tokenized inputs (OpenAI accepts token id arrays). */
public sealed interface EmbeddingInput {

  /** The number of inputs, which is the number of vectors expected back. */
  int size();

  record Texts(List<String> texts) implements EmbeddingInput {
    public Texts {
      texts = List.copyOf(texts);
    }

    @Override
    public int size() {
      return texts.size();
    }
  }

  record TokenIds(List<int[]> inputs) implements EmbeddingInput {
    public TokenIds {
      inputs = List.copyOf(inputs);
    }

    @Override
    public int size() {
      return inputs.size();
    }
  }
}
