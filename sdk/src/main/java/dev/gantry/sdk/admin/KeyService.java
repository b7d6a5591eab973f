package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Json;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;
import java.util.Objects;

/**
 * Virtual keys in the state store ({@code /admin/v1/keys}): every gateway sharing the store sees a
 * change within about a second. Get it from {@code client.admin().keys()}.
 *
 * <pre>{@code
 * IssuedKey issued = admin.keys().create(KeySpec.builder("support-bot").addModel("chat").build());
 * String secret = issued.key();                      // shown this once: hand it over now
 * admin.keys().update(issued.id(), issued.virtualKey().toSpec().toBuilder()
 *     .limits(Limits.builder().rpm(60).build()).build());
 * admin.keys().rotate(issued.id());                  // a new key; the old one stops working
 * admin.keys().revoke(issued.id());                  // for good
 * }</pre>
 */
public final class KeyService {
  private static final String BASE = "/admin/v1/keys";

  private final Transport transport;

  KeyService(Transport transport) {
    this.transport = transport;
  }

  /**
   * Creates a key and returns it with the key itself, shown this once;
   * {@link dev.gantry.sdk.ConflictException} if the name is taken.
   */
  public IssuedKey create(KeySpec spec) {
    return create(spec, RequestOptions.none());
  }

  /** {@link #create(KeySpec)} with per-call options. */
  public IssuedKey create(KeySpec spec, RequestOptions options) {
    Objects.requireNonNull(spec, "spec");
    return issued(Calls.object(transport, Transport.Call.post(BASE, spec, options)));
  }

  /** Every key, revoked ones included, by name (never a key itself). */
  public AdminList<VirtualKey> list() {
    return list(RequestOptions.none());
  }

  /** {@link #list()} with per-call options. */
  public AdminList<VirtualKey> list(RequestOptions options) {
    return Calls.list(transport, Transport.Call.get(BASE, options), VirtualKey.class);
  }

  /**
   * Replaces a key's spec (every field; the key itself is kept); {@link
   * dev.gantry.sdk.NotFoundException} if there is no such key.
   */
  public VirtualKey update(String id, KeySpec spec) {
    return update(id, spec, RequestOptions.none());
  }

  /** {@link #update(String, KeySpec)} with per-call options. */
  public VirtualKey update(String id, KeySpec spec, RequestOptions options) {
    Objects.requireNonNull(spec, "spec");
    return key(transport.send(Transport.Call.put(path(id), spec, options), VirtualKey.class));
  }

  /**
   * Gives a key a new key, returned this once; the old one stops working.
   * {@link dev.gantry.sdk.ConflictException} for a revoked key.
   */
  public IssuedKey rotate(String id) {
    return rotate(id, RequestOptions.none());
  }

  /** {@link #rotate(String)} with per-call options. */
  public IssuedKey rotate(String id, RequestOptions options) {
    return issued(Calls.object(transport,
        new Transport.Call("POST", path(id) + "/rotate", null, options, false)));
  }

  /** Revokes a key for good (revoking it again keeps the first time). */
  public VirtualKey revoke(String id) {
    return revoke(id, RequestOptions.none());
  }

  /** {@link #revoke(String)} with per-call options. */
  public VirtualKey revoke(String id, RequestOptions options) {
    return key(transport.send(Transport.Call.delete(path(id), options), VirtualKey.class));
  }

  private static String path(String id) {
    return BASE + "/" + Urls.segment(id);
  }

  private static VirtualKey key(Answer<VirtualKey> a) {
    return a.body().withHeaders(a.headers());
  }

  private static IssuedKey issued(Answer<ObjectNode> a) {
    String key = a.body().path("key").asText(null);
    if (key == null) {
      throw Calls.malformed("no key", a.headers());
    }
    VirtualKey details;
    try {
      details = Json.MAPPER.treeToValue(a.body().without("key"), VirtualKey.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw Calls.malformed(Json.describe(e), a.headers());
    }
    return new IssuedKey(details.withHeaders(a.headers()), key);
  }

  @Override
  public String toString() {
    return "KeyService";
  }
}
