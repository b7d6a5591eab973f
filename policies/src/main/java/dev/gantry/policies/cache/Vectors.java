package dev.gantry.policies.cache;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The arithmetic both {@link SemanticIndex} stores share, so that they score alike: L2
 * normalization in double precision, dot products accumulated in double, and the argument checks
 * of {@link SemanticIndex#add} and {@link SemanticIndex#nearest}.
 */
final class Vectors {

  private Vectors() {}

  /**
   * A unit-length copy of {@code vector}, or null when it has no direction (empty, all zeros, or
   * holding a NaN or an infinity), so that no NaN ever reaches a score.
   */
  static float[] normalize(float[] vector) {
    double sum = 0;
    for (float x : vector) {
      sum += (double) x * x;
    }
    if (sum == 0 || !Double.isFinite(sum)) {
      return null;
    }
    double norm = Math.sqrt(sum);
    float[] unit = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      unit[i] = (float) (vector[i] / norm);
    }
    return unit;
  }

  /**
   * The dot product of two unit vectors of the same length: their cosine similarity, clamped to
   * [-1, 1] (rounding can take it a hair outside).
   */
  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return clamp(sum);
  }

  /**
   * The dot product of {@code a} and the {@code a.length} little-endian float32 values of
   * {@code b} from its position (a {@link ByteBuffer} in little-endian order), clamped as
   * {@link #dot(float[], float[])} is.
   */
  static double dot(float[] a, ByteBuffer b) {
    int at = b.position();
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b.getFloat(at + 4 * i);
    }
    return clamp(sum);
  }

  private static double clamp(double similarity) {
    return Math.max(-1.0, Math.min(1.0, similarity));
  }

  /** Fails fast on a threshold that no similarity can be compared with. */
  static void checkThreshold(double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("the threshold must be a number");
    }
  }

  /** Fails fast on a non-positive TTL, or an answer key outside the scope. */
  static void checkAdd(CacheKey scope, CacheKey answerKey, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the TTL must be positive: " + ttl);
    }
    if (!scope.namespace().equals(answerKey.namespace())
        || !scope.alias().equals(answerKey.alias())) {
      throw new IllegalArgumentException("the answer key must be in the scope's namespace and"
          + " alias");
    }
  }
}
