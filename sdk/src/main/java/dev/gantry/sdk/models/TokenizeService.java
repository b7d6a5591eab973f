package dev.gantry.sdk.models;

import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;

/** Gantry's {@code POST /gantry/v1/tokenize}. Get it from {@code client.tokenize()}. */
public final class TokenizeService {
  private final Transport transport;

  /** Used by the client. */
  public TokenizeService(Transport transport) {
    this.transport = transport;
  }

  /** How many tokens the request counts for, by the model's tokenizer. */
  public TokenCount count(TokenizeRequest request) {
    return count(request, RequestOptions.none());
  }

  /** {@link #count(TokenizeRequest)} with per-call options. */
  public TokenCount count(TokenizeRequest request, RequestOptions options) {
    Answer<TokenCount> a = transport.send(
        Transport.Call.post("/gantry/v1/tokenize", request.body(), options), TokenCount.class);
    return a.body().withHeaders(a.headers());
  }
}
