package dev.gantry.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ConfigException;
import dev.gantry.config.ConfigLoader;
import dev.gantry.config.ConfigWriter;
import dev.gantry.config.GatewayConfig;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.gateway.RequestIds;
import dev.gantry.store.admin.AdminStore;
import dev.gantry.store.admin.AuditEntry;
import dev.gantry.store.admin.RoutingVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Model routing for operators, live: {@code /admin/v1/models} and {@code /admin/v1/providers}
 * (list, get, create, replace, delete), {@code /admin/v1/routing} (the whole document and its
 * version), {@code /admin/v1/routing/history}, {@code /admin/v1/routing/rollback} and
 * {@code /admin/v1/audit}.
 *
 * <p>Items are JSON in the configuration file's schema, validated exactly like the file (errors
 * with paths). Every item carries an {@code ETag}; a change sent with {@code If-Match} is refused
 * with 412 when the item changed since; {@code ?dry_run=true} answers what would change without
 * changing it. A change is saved as a new routing version in the state store (who, when, what),
 * with its audit entry, and served by every gateway sharing the store within about a second (at
 * once by this one). Secrets are answered and audited as {@code ***} unless they are references
 * ({@code env:}, {@code file:}); sending {@code ***} back keeps the stored value.
 */
final class AdminRouting {

  private static final String MODELS_FIELD = "models";
  private static final String PROVIDERS_FIELD = "providers";

  private final AdminStore store;
  private final GatewayConfig bootstrap;
  private final Map<String, String> env;
  private final Function<RoutingContext, String> authorize;
  private final Supplier<Future<Void>> syncNow;
  private final Clock clock;

  /**
   * @param bootstrap the file's configuration (the other sections a document is validated with,
   *     and the routing served before any change)
   * @param authorize checks the caller is an admin and names it
   * @param syncNow applies the newest version on this gateway
   */
  AdminRouting(AdminStore store, GatewayConfig bootstrap, Map<String, String> env,
      Function<RoutingContext, String> authorize, Supplier<Future<Void>> syncNow, Clock clock) {
    this.store = store;
    this.bootstrap = bootstrap;
    this.env = env;
    this.authorize = authorize;
    this.syncNow = syncNow;
    this.clock = clock;
  }

  void mount(Router router) {
    for (Kind kind : Kind.values()) {
      String base = "/admin/v1/" + kind.section;
      router.get(base).handler(ctx -> answer(ctx, actor -> list(ctx, kind)));
      router.get(base + "/:name").handler(ctx -> answer(ctx, actor ->
          get(ctx, kind, ctx.pathParam("name"))));
      router.post(base).handler(ctx -> answer(ctx, actor -> {
        ObjectNode item = body(ctx);
        String name = kind.name(item);
        return change(ctx, actor, kind.section + ".create", kind, name, null, true,
            doc -> kind.put(doc, name, item, null));
      }));
      router.put(base + "/:name").handler(ctx -> answer(ctx, actor -> {
        String name = ctx.pathParam("name");
        ObjectNode item = body(ctx);
        if (item.has("name") && !item.get("name").asText().equals(name)) {
          throw GatewayException.invalid("The body's name '" + item.get("name").asText()
              + "' is not the path's '" + name + "'.", "name");
        }
        return change(ctx, actor, kind.section + ".update", kind, name,
            ctx.request().getHeader("if-match"), false, doc -> kind.put(doc, name, item,
                kind.get(doc, name)));
      }));
      router.delete(base + "/:name").handler(ctx -> answer(ctx, actor -> {
        String name = ctx.pathParam("name");
        return change(ctx, actor, kind.section + ".delete", kind, name,
            ctx.request().getHeader("if-match"), false, doc -> {
              if (kind.get(doc, name) == null) {
                throw notFound(kind, name);
              }
              kind.remove(doc, name);
              return doc;
            });
      }));
    }
    router.get("/admin/v1/routing").handler(ctx -> answer(ctx, actor -> current()
        .map(c -> new JsonObject().put("version", c.version())
            .put("document", new JsonObject(JsonDiff.masked(c.document()).toString())))));
    router.get("/admin/v1/routing/history").handler(ctx -> answer(ctx, actor -> history(ctx)));
    router.post("/admin/v1/routing/rollback").handler(ctx -> answer(ctx, actor ->
        rollback(ctx, actor)));
    router.get("/admin/v1/audit").handler(ctx -> answer(ctx, actor -> audit(ctx)));
  }

  // --- what is served

  /** The newest document and its version (0 with the file's document before any change). */
  private record Current(long version, ObjectNode document) {}

  private Future<Current> current() {
    return store.currentRouting().map(v -> v.isPresent()
        ? new Current(v.get().version(), parse(v.get().document()))
        : new Current(0, ConfigWriter.routing(bootstrap, ConfigWriter.Secrets.KEEP)));
  }

  private Future<JsonObject> list(RoutingContext ctx, Kind kind) {
    return current().map(c -> {
      JsonArray data = new JsonArray();
      kind.names(c.document()).forEach(name -> data.add(shown(kind, name,
          kind.get(c.document(), name))));
      return new JsonObject().put("object", "list").put("version", c.version()).put("data", data);
    });
  }

  private Future<JsonObject> get(RoutingContext ctx, Kind kind, String name) {
    return current().map(c -> {
      ObjectNode item = kind.get(c.document(), name);
      if (item == null) {
        throw notFound(kind, name);
      }
      ctx.response().putHeader("etag", etag(item));
      return shown(kind, name, item).put("version", c.version());
    });
  }

  private static JsonObject shown(Kind kind, String name, ObjectNode item) {
    JsonObject out = new JsonObject(JsonDiff.masked(item).toString());
    if (kind == Kind.PROVIDERS) {
      out.put("name", name);
    }
    return out.put("etag", etag(item));
  }

  // --- changes

  /**
   * Applies {@code edit} to the newest document, validates the result like the file, and (unless
   * a dry run) saves it as the next version; retried when another change was saved meanwhile.
   */
  private Future<JsonObject> change(RoutingContext ctx, String actor, String action, Kind kind,
      String name, String ifMatch, boolean create, Function<ObjectNode, ObjectNode> edit) {
    boolean dryRun = "true".equalsIgnoreCase(ctx.request().getParam("dry_run"));
    return change(ctx, actor, action, kind, name, ifMatch, create, edit, dryRun, 3);
  }

  private Future<JsonObject> change(RoutingContext ctx, String actor, String action, Kind kind,
      String name, String ifMatch, boolean create, Function<ObjectNode, ObjectNode> edit,
      boolean dryRun, int attempts) {
    return current().compose(c -> {
      ObjectNode before = kind.get(c.document(), name);
      if (create && before != null) {
        throw new GatewayException(ErrorKind.CONFLICT, kind.singular + " '" + name
            + "' already exists.", "name", -1, null);
      }
      if (ifMatch != null && !ifMatch.equals("*") && (before == null
          || !ifMatch.equals(etag(before)))) {
        throw new GatewayException(ErrorKind.PRECONDITION_FAILED, kind.singular + " '" + name
            + "' changed since that ETag; read it again.", null, -1, null);
      }
      ObjectNode next = edit.apply(c.document().deepCopy());
      validate(next);
      ObjectNode after = kind.get(next, name);
      List<String> changes = JsonDiff.changes(c.document(), next);
      JsonObject answer = new JsonObject().put("changes", new JsonArray(changes));
      if (dryRun) {
        return Future.succeededFuture(answer.put("dry_run", true).put("valid", true)
            .put("version", c.version()));
      }
      if (changes.isEmpty()) {
        return Future.succeededFuture(answer.put("version", c.version()));
      }
      String summary = String.join("; ", changes);
      AuditEntry audit = new AuditEntry(0, clock.millis(), actor, action, name,
          before == null ? null : JsonDiff.masked(before).toString(),
          after == null ? null : JsonDiff.masked(after).toString(), RequestIds.of(ctx));
      return store.saveRouting(c.version(), next.toString(), actor, summary, null, audit)
          .compose(saved -> {
            if (saved.isEmpty()) {
              return attempts > 1 ? change(ctx, actor, action, kind, name, ifMatch, create,
                  edit, false, attempts - 1) : Future.failedFuture(new GatewayException(
                      ErrorKind.CONFLICT, "The routing changed while this change was saved; try"
                          + " again.", null, -1, null));
            }
            if (after != null) {
              ctx.response().putHeader("etag", etag(after));
            }
            JsonObject done = answer.put("version", saved.get().version());
            if (after != null) {
              done.put(kind.singular, shown(kind, name, after));
            }
            if (create) {
              ctx.response().setStatusCode(201);
            }
            return syncNow.get().map(done);
          });
    });
  }

  /** Validates a document like the file, or fails with every error and its path. */
  private void validate(ObjectNode document) {
    try {
      ConfigLoader.withRouting(bootstrap, document, env);
    } catch (ConfigException e) {
      throw new GatewayException(ErrorKind.INVALID_REQUEST, "Invalid routing: "
          + String.join("; ", e.errors()), null, -1, null);
    }
  }

  private Future<JsonObject> history(RoutingContext ctx) {
    int limit = limit(ctx);
    String before = ctx.request().getParam("before");
    return store.routingHistory(before == null ? null : Long.valueOf(before), limit)
        .map(versions -> {
          JsonArray data = new JsonArray();
          for (RoutingVersion v : versions) {
            data.add(new JsonObject().put("version", v.version()).put("author", v.author())
                .put("created_at", v.createdAt()).put("summary", v.summary())
                .put("rollback_of", v.rollbackOf()));
          }
          return new JsonObject().put("object", "list").put("data", data);
        });
  }

  /** Restores a version's document ({@code {"version": n}}, else the one before the newest). */
  private Future<JsonObject> rollback(RoutingContext ctx, String actor) {
    JsonNode body = ctx.body().length() == 0 ? Json.MAPPER.createObjectNode()
        : Json.parse(ctx.body().buffer());
    return current().compose(c -> {
      long to = body.path("version").canConvertToLong() ? body.get("version").asLong()
          : c.version() - 1;
      if (c.version() == 0) {
        throw GatewayException.invalid("Nothing to roll back: the routing was never changed.",
            "version");
      }
      Future<ObjectNode> target = to == 0
          ? Future.succeededFuture(ConfigWriter.routing(bootstrap, ConfigWriter.Secrets.KEEP))
          : store.routing(to).map(v -> parse(v.orElseThrow(() -> new GatewayException(
              ErrorKind.NOT_FOUND, "No routing version " + to + ".", "version", -1, null))
              .document()));
      return target.compose(doc -> {
        validate(doc);
        List<String> changes = JsonDiff.changes(c.document(), doc);
        String summary = "rollback to version " + to
            + (changes.isEmpty() ? "" : ": " + String.join("; ", changes));
        AuditEntry audit = new AuditEntry(0, clock.millis(), actor, "routing.rollback",
            Long.toString(to), null, null, RequestIds.of(ctx));
        // Version 0 (the file's routing) is no stored row for rollback_of to reference.
        return store.saveRouting(c.version(), doc.toString(), actor, summary,
            to == 0 ? null : to, audit);
      }).compose(saved -> saved.isEmpty() ? Future.failedFuture(new GatewayException(
          ErrorKind.CONFLICT, "The routing changed meanwhile; try again.", null, -1, null))
          : syncNow.get().map(new JsonObject().put("version", saved.get().version())
              .put("rollback_of", to)));
    });
  }

  private Future<JsonObject> audit(RoutingContext ctx) {
    String before = ctx.request().getParam("before");
    return store.auditLog(before == null ? null : Long.valueOf(before), limit(ctx),
        ctx.request().getParam("action"), ctx.request().getParam("actor")).map(entries -> {
          JsonArray data = new JsonArray();
          for (AuditEntry e : entries) {
            data.add(new JsonObject().put("seq", e.seq()).put("at", e.at())
                .put("actor", e.actor()).put("action", e.action()).put("target", e.target())
                .put("before", e.before() == null ? null : Json.parse(
                    io.vertx.core.buffer.Buffer.buffer(e.before())))
                .put("after", e.after() == null ? null : Json.parse(
                    io.vertx.core.buffer.Buffer.buffer(e.after())))
                .put("request_id", e.requestId()));
          }
          return new JsonObject().put("object", "list").put("data", data);
        });
  }

  // --- the two kinds of item

  private enum Kind {
    MODELS(MODELS_FIELD, "model"),
    PROVIDERS(PROVIDERS_FIELD, "provider");

    final String section;
    final String singular;

    Kind(String section, String singular) {
      this.section = section;
      this.singular = singular;
    }

    String name(ObjectNode item) {
      String name = item.path("name").asText(null);
      if (name == null || name.isBlank()) {
        throw GatewayException.invalid("Missing required parameter: 'name'.", "name");
      }
      return name;
    }

    List<String> names(ObjectNode doc) {
      List<String> out = new java.util.ArrayList<>();
      if (this == MODELS) {
        doc.path(MODELS_FIELD).forEach(m -> out.add(m.path("name").asText()));
      } else {
        doc.path(PROVIDERS_FIELD).fieldNames().forEachRemaining(out::add);
      }
      return out;
    }

    ObjectNode get(ObjectNode doc, String name) {
      if (this == PROVIDERS) {
        JsonNode p = doc.path(PROVIDERS_FIELD).get(name);
        return p instanceof ObjectNode ? (ObjectNode) p : null;
      }
      for (JsonNode m : doc.path(MODELS_FIELD)) {
        if (name.equals(m.path("name").asText()) && m instanceof ObjectNode) {
          return (ObjectNode) m;
        }
      }
      return null;
    }

    /** The document with the item put in place (secrets sent as *** keep {@code old}'s). */
    ObjectNode put(ObjectNode doc, String name, ObjectNode item, ObjectNode old) {
      ObjectNode value = item.deepCopy();
      if (old != null) {
        keepSecrets(value, old, null);
      }
      value.remove("etag");
      value.remove("version");
      if (this == PROVIDERS) {
        value.remove("name");
        doc.with(PROVIDERS_FIELD).set(name, value);
        return doc;
      }
      value.put("name", name);
      ArrayNode models = doc.withArray(MODELS_FIELD);
      for (int i = 0; i < models.size(); i++) {
        if (name.equals(models.get(i).path("name").asText())) {
          models.set(i, value);
          return doc;
        }
      }
      models.add(value);
      return doc;
    }

    void remove(ObjectNode doc, String name) {
      if (this == PROVIDERS) {
        doc.with(PROVIDERS_FIELD).remove(name);
        return;
      }
      ArrayNode models = doc.withArray(MODELS_FIELD);
      for (int i = 0; i < models.size(); i++) {
        if (name.equals(models.get(i).path("name").asText())) {
          models.remove(i);
          return;
        }
      }
    }

    private static void keepSecrets(ObjectNode value, ObjectNode old, String parent) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (JsonDiff.secret(parent, e.getKey()) && "***".equals(e.getValue().asText())
            && old.has(e.getKey())) {
          e.setValue(old.get(e.getKey()));
        } else if (e.getValue() instanceof ObjectNode && old.get(e.getKey()) instanceof ObjectNode) {
          keepSecrets((ObjectNode) e.getValue(), (ObjectNode) old.get(e.getKey()), e.getKey());
        }
      }
    }
  }

  // --- plumbing

  private void answer(RoutingContext ctx, Function<String, Future<JsonObject>> work) {
    JsonAnswers.answer(ctx, () -> work.apply(authorize.apply(ctx)));
  }

  private static ObjectNode body(RoutingContext ctx) {
    JsonNode body = Json.parse(ctx.body().buffer());
    if (!(body instanceof ObjectNode)) {
      throw GatewayException.invalid("The body must be a JSON object.", null);
    }
    return (ObjectNode) body;
  }

  private static int limit(RoutingContext ctx) {
    String limit = ctx.request().getParam("limit");
    try {
      int n = limit == null ? 20 : Integer.parseInt(limit);
      if (n >= 1 && n <= 100) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw GatewayException.invalid("'limit' must be a whole number from 1 to 100.", "limit");
  }

  private static ObjectNode parse(String document) {
    return (ObjectNode) Json.parse(io.vertx.core.buffer.Buffer.buffer(document));
  }

  private static GatewayException notFound(Kind kind, String name) {
    return new GatewayException(ErrorKind.NOT_FOUND, "No " + kind.singular + " named '" + name
        + "'.", "name", -1, null);
  }

  /** A strong validator of an item: its SHA-256, quoted. */
  static String etag(JsonNode item) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(item.toString().getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
