package dev.gantry.adapters.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real quantized model from the classpath (no network). */
class MiniLmEmbedderTest {

  private static final List<String> SENTENCES = List.of(
      "The cat sits on the mat", "A cat is sitting on a mat", "Quarterly revenue grew by 12%");
  /**
   * How far a text's vector may move when other texts share its model run. The model is
   * dynamically quantized: ONNX Runtime picks the int8 scale of each activation from the whole
   * batch tensor, so batch mates and padding shift a vector (observed: cosine 0.992-0.994 to the
   * vector computed alone, components up to 0.021 apart), about as much as quantization itself
   * moves it from the full-precision model.
   */
  private static final double BATCH_MIN_COSINE = 0.985;
  private static final float BATCH_TOLERANCE = 0.04f;

  private static MiniLmEmbedder embedder;

  @BeforeAll
  static void load() throws Exception {
    embedder = MiniLmEmbedder.load();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void embed_similarSentences_rankAboveUnrelatedOne() {
    float[][] vectors = embedder.embed(SENTENCES);

    assertEquals(3, vectors.length);
    for (float[] vector : vectors) {
      assertEquals(384, vector.length);
      assertEquals(1.0, norm(vector), 1e-4);
    }
    double similar = cosine(vectors[0], vectors[1]);
    double unrelated = cosine(vectors[0], vectors[2]);
    assertTrue(similar > 0.7, "similar: " + similar);
    assertTrue(similar - unrelated > 0.4, "similar " + similar + ", unrelated " + unrelated);
  }

  @Test
  void embed_sameTextTwice_returnsIdenticalVectors() {
    float[] first = embedder.embed(List.of(SENTENCES.get(0)))[0];
    float[] second = embedder.embed(List.of(SENTENCES.get(0)))[0];

    assertArrayEquals(first, second);
  }

  @Test
  void embed_batch_isCloseToOneByOne() {
    float[][] batch = embedder.embed(SENTENCES);

    for (int i = 0; i < SENTENCES.size(); i++) {
      float[] alone = embedder.embed(List.of(SENTENCES.get(i)))[0];
      assertArrayEquals(alone, batch[i], BATCH_TOLERANCE, "sentence " + i);
      assertTrue(cosine(alone, batch[i]) > BATCH_MIN_COSINE, "sentence " + i);
    }
  }

  @Test
  void embed_batchOfOneText_matchesItAloneExactly() {
    String sentence = SENTENCES.get(0);

    float[][] batch = embedder.embed(List.of(sentence, sentence));

    float[] alone = embedder.embed(List.of(sentence))[0];
    assertArrayEquals(alone, batch[0]);
    assertArrayEquals(alone, batch[1]);
  }

  /**
   * The first components of sentence-transformers' all-MiniLM-L6-v2 (full precision) for "hello
   * world", from qdrant/fastembed tests/test_text_onnx_embeddings.py (CANONICAL_VECTOR_VALUES).
   * The quantized model is compared loosely.
   */
  @Test
  void embed_helloWorld_isCloseToSentenceTransformersReference() {
    float[] reference = {-0.034478f, 0.03102f, 0.00673f, 0.02611f, -0.039362f};

    float[] vector = embedder.embed(List.of("hello world"))[0];

    for (int d = 0; d < reference.length; d++) {
      assertEquals(reference[d], vector[d], 0.02, "component " + d);
    }
  }

  @Test
  void embed_emptyList_returnsNoVectors() {
    assertEquals(0, embedder.embed(List.of()).length);
  }

  @Test
  void embed_textPastTheWindow_ignoresTheRest() {
    String longText = words(400);
    String longer = longText + " and then a tail the model never reads";

    float[][] vectors = embedder.embed(List.of(longText, longer));

    assertArrayEquals(vectors[0], vectors[1], 1e-6f);
    assertTrue(embedder.countTokens(longer) > embedder.countTokens(longText));
    assertTrue(embedder.countTokens(longText) > MiniLmEmbedder.MAX_SEQUENCE_LENGTH);
  }

  @Test
  void countTokens_sentence_countsWordPiecesWithoutSpecialTokens() {
    // the, cat, sits, on, the, mat
    assertEquals(6, embedder.countTokens(SENTENCES.get(0)));
    assertEquals(0, embedder.countTokens(""));
  }

  @Test
  void embed_concurrentCallers_getTheSameVectorsAsOneCaller() throws Exception {
    List<float[]> expected = new ArrayList<>();
    for (String sentence : SENTENCES) {
      expected.add(embedder.embed(List.of(sentence))[0]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String sentence = SENTENCES.get(i % 3);
        results.add(pool.submit(() -> embedder.embed(List.of(sentence))[0]));
      }
      for (int i = 0; i < results.size(); i++) {
        assertArrayEquals(expected.get(i % 3), results.get(i).get(), "call " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void embed_afterClose_throwsIllegalState() throws Exception {
    MiniLmEmbedder closed = MiniLmEmbedder.load(1);
    closed.close();

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> closed.embed(List.of("text")));
    assertEquals("The MiniLM embedder is closed.", e.getMessage());
    assertThrows(IllegalStateException.class, () -> closed.countTokens("text"));
  }

  /**
   * ONNX Runtime 1.29 overflowed a 1 MiB thread stack parsing a command line over ~4 KB when its
   * environment was created, killing the JVM; the environment is now created on a large stack.
   */
  @Test
  void load_jvmWithLongCommandLine_embedsWithoutCrashing() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String padding = "x".repeat(16_000);
    Process process = new ProcessBuilder(java.toString(), "-Dgantry.padding=" + padding, "-cp",
        System.getProperty("java.class.path"), LoadAndEmbed.class.getName())
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process));

    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(0, process.exitValue(), output.get());
    assertTrue(output.get().contains("dimensions=384"), output.get());
  }

  /** The child JVM of {@link #load_jvmWithLongCommandLine_embedsWithoutCrashing()}. */
  static final class LoadAndEmbed {
    public static void main(String[] args) throws Exception {
      try (MiniLmEmbedder embedder = MiniLmEmbedder.load(1)) {
        System.out.println("dimensions=" + embedder.embed(List.of("hello"))[0].length);
      }
    }
  }

  private static String read(Process process) {
    try (InputStream in = process.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void dimensions_always_is384() {
    assertEquals(384, embedder.dimensions());
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot / (norm(a) * norm(b));
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  private static String words(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i % 2 == 0 ? "river " : "mountain ");
    }
    return text.toString().trim();
  }
}
