package dev.gantry.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Virtual keys. The key itself ({@code gk-} and 43 random characters) is returned once, by
 * {@link #create} and {@link #rotate}; only its SHA-256 is stored. Every change bumps the key's
 * {@link StoredKey#version()}, so gateways learn of it by polling {@link #changedSince}.
 * Failures: {@link StoreException} (invalid spec, unknown team, duplicate name, no such key).
 */
public interface KeyStore {

  /** Stores a new key and returns it with its plaintext, shown this once. */
  Future<IssuedKey> create(KeySpec spec);

  /** The key with this id, revoked or expired ones included. */
  Future<Optional<StoredKey>> get(String id);

  /** Every key, by name. */
  Future<List<StoredKey>> list();

  /** Replaces the key's spec (name, team, models, limits, budget, expiry, metadata). */
  Future<StoredKey> update(String id, KeySpec spec);

  /** Gives the key a new plaintext, returned this once; the old one stops working. */
  Future<IssuedKey> rotate(String id);

  /** Revokes the key for good (a second revoke keeps the first time). */
  Future<StoredKey> revoke(String id);

  /** The usable (neither revoked nor expired) key whose SHA-256 (hex) is {@code sha256}. */
  Future<Optional<StoredKey>> findByHash(String sha256);

  /**
   * Every key changed after change {@code version}, in change order; a poller passes the
   * greatest {@link StoredKey#version()} it has seen (0 at first) and misses nothing.
   */
  Future<List<StoredKey>> changedSince(long version);
}
