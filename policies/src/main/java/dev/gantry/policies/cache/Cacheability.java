package dev.gantry.policies.cache;

import dev.gantry.adapters.model.GenerationParams;

/**
 * Whether a request is deterministic enough for the exact cache to serve a stored answer by
 * default. A sampled answer replayed from the cache is still an answer the model could have
 * given, but a client that asked for variety would get the same one every time, so only greedy
 * requests are cached unless the operator (or the request) opts in:
 * <ul>
 *   <li>Chat and text completions: {@code temperature} explicitly 0. An absent temperature is the
 *       provider's default (1 for OpenAI), so it does not count; {@code top_p} and {@code seed}
 *       alone do not make sampling reproducible across providers and replicas.</li>
 *   <li>{@code n > 1} is cached as one answer with all its choices.</li>
 *   <li>Tools do not matter: the answer is the tool call. Nor does {@code stream}: a stored
 *       answer can be replayed as a stream.</li>
 *   <li>Embeddings are always deterministic enough.</li>
 * </ul>
 * The {@code Cache-Control} header then narrows this per request ({@link CacheDirectives}).
 */
public final class Cacheability {

  private Cacheability() {}

  /** True when {@code temperature} is explicitly 0. */
  public static boolean deterministic(GenerationParams params) {
    return params.temperature() != null && params.temperature() == 0.0;
  }

  /**
   * Whether a chat or text completion may use the cache at all.
   *
   * @param optIn the operator's (or request's) explicit consent to cache sampled answers
   */
  public static boolean eligible(GenerationParams params, boolean optIn) {
    return optIn || deterministic(params);
  }
}
