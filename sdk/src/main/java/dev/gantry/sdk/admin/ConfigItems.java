package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.GantryHeaders;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The aliases ({@code /admin/v1/models}) or providers ({@code /admin/v1/providers}) of the live
 * routing. Every change is validated like the configuration file (a
 * {@link dev.gantry.sdk.BadRequestException} names each error with its path), saved as a new
 * routing version and served by every gateway sharing the state store within about a second.
 * Get it from {@code client.admin().aliases()} or {@code client.admin().providers()}.
 *
 * <pre>{@code
 * AliasConfig chat = admin.aliases().get("chat");
 * AliasConfig moved = chat.toBuilder().clearDeployments().addDeployment("green", "gpt-4o").build();
 * admin.aliases().dryRun().update(moved).changes();      // what would change; nothing saved
 * admin.aliases().updateIfUnchanged(moved);              // ConflictException if chat changed since
 * }</pre>
 *
 * @param <T> {@link AliasConfig} or {@link ProviderConfig}
 */
public final class ConfigItems<T extends ConfigItem> {
  private final Transport transport;
  private final String section;
  private final String base;
  private final String field;
  private final BiFunction<ObjectNode, GantryHeaders, T> parse;
  private final boolean dryRun;

  ConfigItems(Transport transport, String section, String field,
      BiFunction<ObjectNode, GantryHeaders, T> parse, boolean dryRun) {
    this.transport = transport;
    this.section = section;
    this.base = "/admin/v1/" + section;
    this.field = field;
    this.parse = parse;
    this.dryRun = dryRun;
  }

  /**
   * The same calls as dry runs ({@code ?dry_run=true}): each change is validated and compared
   * with the routing served, and {@link RoutingChange#changes()} tells what it would change;
   * nothing is saved. Reads are not affected.
   */
  public ConfigItems<T> dryRun() {
    return new ConfigItems<>(transport, section, field, parse, true);
  }

  /** Every item, each with its ETag. */
  public RoutingList<T> list() {
    return list(RequestOptions.none());
  }

  /** {@link #list()} with per-call options. */
  public RoutingList<T> list(RequestOptions options) {
    Answer<ObjectNode> a = Calls.object(transport, Transport.Call.get(base, options));
    List<T> items = new ArrayList<>();
    for (JsonNode item : a.body().path("data")) {
      if (item instanceof ObjectNode o) {
        items.add(parse.apply(o, GantryHeaders.empty()));
      }
    }
    return new RoutingList<>(a.body().path("version").asLong(), items, a.headers());
  }

  /** One item with its ETag; {@link dev.gantry.sdk.NotFoundException} if there is none. */
  public T get(String name) {
    return get(name, RequestOptions.none());
  }

  /** {@link #get(String)} with per-call options. */
  public T get(String name, RequestOptions options) {
    Answer<ObjectNode> a = Calls.object(transport, Transport.Call.get(path(name), options));
    return parse.apply(a.body(), a.headers());
  }

  /** Adds an item; {@link dev.gantry.sdk.ConflictException} if one has its name. */
  public RoutingChange<T> create(T item) {
    return create(item, RequestOptions.none());
  }

  /** {@link #create(ConfigItem)} with per-call options. */
  public RoutingChange<T> create(T item, RequestOptions options) {
    Objects.requireNonNull(item, "item");
    return change(Transport.Call.post(base + dryRunQuery(), item.json(), options));
  }

  /** Replaces the item of {@code item}'s name with {@code item}, whatever it holds now. */
  public RoutingChange<T> update(T item) {
    return update(item, RequestOptions.none());
  }

  /** {@link #update(ConfigItem)} with per-call options. */
  public RoutingChange<T> update(T item, RequestOptions options) {
    Objects.requireNonNull(item, "item");
    return change(Transport.Call.put(path(item.name()) + dryRunQuery(), item.json(), options));
  }

  /**
   * Replaces the item only if it is still the version {@code item} was read as: its ETag is sent
   * as {@code If-Match}, and a {@link dev.gantry.sdk.ConflictException} (412) says it changed
   * since (read it again, reapply the edit).
   *
   * @throws IllegalArgumentException if {@code item} has no ETag (it was not read from the server)
   */
  public RoutingChange<T> updateIfUnchanged(T item) {
    return updateIfUnchanged(item, RequestOptions.none());
  }

  /** {@link #updateIfUnchanged(ConfigItem)} with per-call options. */
  public RoutingChange<T> updateIfUnchanged(T item, RequestOptions options) {
    Objects.requireNonNull(item, "item");
    return update(item, options.withHeader("If-Match", etag(item)));
  }

  /** Removes an item; {@link dev.gantry.sdk.NotFoundException} if there is none. */
  public RoutingChange<T> delete(String name) {
    return delete(name, RequestOptions.none());
  }

  /** {@link #delete(String)} with per-call options. */
  public RoutingChange<T> delete(String name, RequestOptions options) {
    return change(Transport.Call.delete(path(name) + dryRunQuery(), options));
  }

  /**
   * Removes the item only if it is still the version {@code item} was read as
   * ({@code If-Match}; {@link dev.gantry.sdk.ConflictException} if it changed since).
   */
  public RoutingChange<T> deleteIfUnchanged(T item) {
    return deleteIfUnchanged(item, RequestOptions.none());
  }

  /** {@link #deleteIfUnchanged(ConfigItem)} with per-call options. */
  public RoutingChange<T> deleteIfUnchanged(T item, RequestOptions options) {
    Objects.requireNonNull(item, "item");
    return delete(item.name(), options.withHeader("If-Match", etag(item)));
  }

  private RoutingChange<T> change(Transport.Call call) {
    Answer<ObjectNode> a = Calls.object(transport, call);
    ObjectNode body = a.body();
    List<String> changes = new ArrayList<>();
    body.path("changes").forEach(c -> changes.add(c.asText()));
    JsonNode item = body.get(field);
    return new RoutingChange<>(changes, body.path("version").asLong(),
        body.path("dry_run").asBoolean(false),
        item instanceof ObjectNode o ? parse.apply(o, a.headers()) : null, a.headers());
  }

  private String path(String name) {
    return base + "/" + Urls.segment(name);
  }

  private String dryRunQuery() {
    return dryRun ? "?dry_run=true" : "";
  }

  private static String etag(ConfigItem item) {
    return item.etag().orElseThrow(() -> new IllegalArgumentException("'" + item.name()
        + "' has no ETag: read it from the server (get or list) before a conditional change"));
  }

  @Override
  public String toString() {
    return "ConfigItems[" + base + (dryRun ? ", dry run" : "") + "]";
  }
}
