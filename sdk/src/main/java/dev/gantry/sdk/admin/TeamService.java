package dev.gantry.sdk.admin;

import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;
import java.util.Objects;

/**
 * Teams in the state store ({@code /admin/v1/teams}): their limits and budget apply to all their
 * keys, on every gateway within about a second. Get it from {@code client.admin().teams()}.
 */
public final class TeamService {
  private static final String BASE = "/admin/v1/teams";

  private final Transport transport;

  TeamService(Transport transport) {
    this.transport = transport;
  }

  /** Creates a team; {@link dev.gantry.sdk.ConflictException} if the name is taken. */
  public Team create(TeamSpec spec) {
    return create(spec, RequestOptions.none());
  }

  /** {@link #create(TeamSpec)} with per-call options. */
  public Team create(TeamSpec spec, RequestOptions options) {
    Objects.requireNonNull(spec, "spec");
    return team(transport.send(Transport.Call.post(BASE, spec, options), Team.class));
  }

  /** Every team, by name. */
  public AdminList<Team> list() {
    return list(RequestOptions.none());
  }

  /** {@link #list()} with per-call options. */
  public AdminList<Team> list(RequestOptions options) {
    return Calls.list(transport, Transport.Call.get(BASE, options), Team.class);
  }

  /**
   * Replaces the limits, budget and metadata of the team {@code spec} names;
   * {@link dev.gantry.sdk.NotFoundException} if there is none.
   */
  public Team update(TeamSpec spec) {
    return update(spec, RequestOptions.none());
  }

  /** {@link #update(TeamSpec)} with per-call options. */
  public Team update(TeamSpec spec, RequestOptions options) {
    Objects.requireNonNull(spec, "spec");
    return team(transport.send(Transport.Call.put(path(spec.name()), spec, options), Team.class));
  }

  /**
   * Deletes a team; refused ({@link dev.gantry.sdk.ConflictException}) while a key that is not
   * revoked belongs to it.
   */
  public TeamDeleted delete(String name) {
    return delete(name, RequestOptions.none());
  }

  /** {@link #delete(String)} with per-call options. */
  public TeamDeleted delete(String name, RequestOptions options) {
    return transport.send(Transport.Call.delete(path(name), options), TeamDeleted.class).body();
  }

  private static String path(String name) {
    return BASE + "/" + Urls.segment(name);
  }

  private static Team team(Answer<Team> a) {
    return a.body().withHeaders(a.headers());
  }

  @Override
  public String toString() {
    return "TeamService";
  }
}
