package dev.gantry.sdk.models;

import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}. Get it from {@code client.models()}. */
public final class ModelService {
  private final Transport transport;

  /** Used by the client. */
  public ModelService(Transport transport) {
    this.transport = transport;
  }

  /** The models the key may call. */
  public ModelList list() {
    return list(RequestOptions.none());
  }

  /** The models the key may call, with per-call options. */
  public ModelList list(RequestOptions options) {
    Answer<ModelList> a = transport.send(Transport.Call.get("/v1/models", options), ModelList.class);
    return a.body().withHeaders(a.headers());
  }

  /** One model; {@link dev.gantry.sdk.NotFoundException} if it is unknown or not allowed. */
  public Model get(String id) {
    return get(id, RequestOptions.none());
  }

  /** One model, with per-call options. */
  public Model get(String id, RequestOptions options) {
    Answer<Model> a =
        transport.send(Transport.Call.get("/v1/models/" + Urls.segment(id), options), Model.class);
    return a.body().withHeaders(a.headers());
  }
}
