package dev.gantry.gateway.finetune;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.finetune.files.FileStorage;
import dev.gantry.gateway.HttpErrors;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.gateway.RequestIds;
import dev.gantry.gateway.Routes;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.store.finetune.FileRecord;
import dev.gantry.store.finetune.FineTuneStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * OpenAI's files API for fine-tuning data: {@code POST /v1/files} (multipart {@code file} and
 * {@code purpose=fine-tune}), {@code GET /v1/files}, {@code GET /v1/files/{id}},
 * {@code GET /v1/files/{id}/content}, {@code DELETE /v1/files/{id}}.
 *
 * <p>An upload streams to disk as it arrives (never held in memory), its SHA-256 computed on the
 * way; past {@code fine_tuning.max_file_size} it is abandoned with 413 and its bytes removed.
 * Files belong to the caller's team ({@link Owners}): another team's file is "not found".
 */
public final class FilesApi implements Routes {

  /** The only purpose accepted. */
  static final String PURPOSE = "fine-tune";
  /**
   * How much more of a refused upload is read (and thrown away) before the connection is closed:
   * reading it to its end lets every HTTP client see the error answer.
   */
  static final long LINGER_BYTES = 16L << 20;

  private final Vertx vertx;
  private final Supplier<KeyRing> keys;
  private final FineTuneStore store;
  private final FileStorage storage;
  private final long maxBytes;
  private final Clock clock;

  public FilesApi(Vertx vertx, Supplier<KeyRing> keys, FineTuneStore store, FileStorage storage,
      long maxBytes, Clock clock) {
    this.vertx = vertx;
    this.keys = keys;
    this.store = store;
    this.storage = storage;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.post("/v1/files").handler(this::upload);
    router.get("/v1/files").handler(ctx -> answer(ctx, owner -> list(ctx, owner)));
    router.get("/v1/files/:id").handler(ctx -> answer(ctx, owner ->
        find(owner, ctx.pathParam("id")).map(FilesApi::json)));
    router.get("/v1/files/:id/content").handler(this::content);
    router.delete("/v1/files/:id").handler(ctx -> answer(ctx, owner -> delete(owner,
        ctx.pathParam("id"))));
  }

  /** The file object OpenAI answers with. */
  static JsonObject json(FileRecord f) {
    return new JsonObject().put("id", f.id()).put("object", "file").put("bytes", f.bytes())
        .put("created_at", f.createdAt()).put("filename", f.filename())
        .put("purpose", f.purpose()).put("status", "processed").putNull("status_details");
  }

  Future<FileRecord> find(String owner, String id) {
    return store.file(owner, id).map(found -> found.orElseThrow(() ->
        Owners.notFound("file", id)));
  }

  private Future<JsonObject> list(RoutingContext ctx, String owner) {
    int limit = Pages.limit(ctx, 10_000);
    String purpose = ctx.request().getParam("purpose");
    return store.files(owner, ctx.request().getParam("after"), limit + 1).map(files -> {
      List<FileRecord> page = files.stream()
          .filter(f -> purpose == null || purpose.equals(f.purpose())).toList();
      return Pages.list(page, limit, FilesApi::json, FileRecord::id);
    });
  }

  private Future<JsonObject> delete(String owner, String id) {
    return find(owner, id).compose(f -> store.deleteFile(owner, id))
        .compose(deleted -> storage.delete(id).map(deleted))
        .map(deleted -> new JsonObject().put("id", id).put("object", "file")
            .put("deleted", true));
  }

  private void content(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    Future<FileRecord> found;
    try {
      found = find(Owners.of(ctx, keys), ctx.pathParam("id"));
    } catch (RuntimeException e) {
      found = Future.failedFuture(e);
    }
    found.onComplete(ar -> {
      if (ar.failed()) {
        HttpErrors.send(ctx, GatewayException.from(ar.cause()), requestId);
        return;
      }
      ctx.response().putHeader("content-type", "application/octet-stream")
          .putHeader(RequestIds.HEADER, requestId)
          .sendFile(storage.path(ar.result().id()).toString())
          .onFailure(e -> ctx.response().reset());
    });
  }

  private void answer(RoutingContext ctx,
      java.util.function.Function<String, Future<JsonObject>> work) {
    JsonAnswers.answer(ctx, () -> work.apply(Owners.of(ctx, keys)));
  }

  // --- uploads

  private void upload(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    HttpServerRequest request = ctx.request();
    String owner;
    try {
      owner = Owners.of(ctx, keys);
      String type = request.getHeader("content-type");
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT)
          .startsWith("multipart/form-data")) {
        throw new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Upload files as"
            + " multipart/form-data with the fields 'file' and 'purpose'.", null, -1, null);
      }
      String length = request.getHeader("content-length");
      if (length != null && Long.parseLong(length) > maxBytes + 64 * 1024) {
        throw tooLarge();
      }
    } catch (RuntimeException e) {
      GatewayException error = GatewayException.from(e);
      long[] read = {0};
      Runnable answer = () -> HttpErrors.send(ctx, error, requestId);
      request.handler(chunk -> {
        read[0] += chunk.length();
        if (read[0] > LINGER_BYTES && !ctx.response().ended()) {
          closeAfterAnswer(ctx);
          answer.run();
        }
      });
      request.endHandler(v -> {
        if (!ctx.response().ended()) {
          answer.run();
        }
      });
      request.resume();
      return;
    }
    Upload upload = new Upload(request);
    request.setExpectMultipart(true);
    request.uploadHandler(upload::receive);
    request.exceptionHandler(upload::fail);
    request.endHandler(v -> upload.requestEnded());
    Future<FileRecord> stored = upload.result.future()
        .compose(received -> store(owner, request.getFormAttribute("purpose"), received));
    // The answer waits for the end of the request (or gives up on a too-large one after
    // LINGER_BYTES more): a client still sending its body when the connection closes may never
    // read an answer sent early.
    Future.join(stored, upload.ended.future()).onComplete(v -> {
      if (ctx.response().ended()) {
        return;
      }
      if (stored.succeeded()) {
        ctx.response().putHeader("content-type", "application/json")
            .putHeader(RequestIds.HEADER, requestId).end(json(stored.result()).toBuffer());
      } else {
        if (upload.lingerExceeded) {
          closeAfterAnswer(ctx);
        }
        HttpErrors.send(ctx, GatewayException.from(stored.cause()), requestId);
      }
    });
    request.resume();
  }

  /**
   * Closes the connection once the error answer has been written: the rest of an upload too
   * large to take is not read.
   */
  private static void closeAfterAnswer(RoutingContext ctx) {
    ctx.addEndHandler(ar -> ctx.request().connection().close());
  }

  private Future<FileRecord> store(String owner, String purpose, Received received) {
    if (purpose == null || !purpose.equals(PURPOSE)) {
      return storage.discard(received.temporary()).compose(v -> Future.failedFuture(
          GatewayException.invalid(purpose == null ? "Missing required parameter: 'purpose'."
              : "Gantry accepts files of purpose 'fine-tune' only, not '" + purpose + "'.",
              "purpose")));
    }
    String id = "file-" + RequestIds.newId("").substring(0, 24);
    FileRecord record = new FileRecord(id, owner, received.filename(), purpose,
        received.bytes(), clock.millis() / 1000, received.sha256());
    return storage.commit(received.temporary(), id)
        .compose(v -> store.addFile(record).recover(e -> storage.delete(id)
            .compose(x -> Future.failedFuture(e))))
        .map(record);
  }

  private GatewayException tooLarge() {
    return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, "The file is larger than this"
        + " gateway accepts (" + maxBytes + " bytes; fine_tuning.max_file_size).", "file", -1, null);
  }

  private record Received(Path temporary, String filename, long bytes, String sha256) {}

  /** One multipart upload: its {@code file} part streamed to a temporary file. */
  private final class Upload {
    final HttpServerRequest request;
    final Promise<Received> result = Promise.promise();
    /** Completed when the whole request was read, or when reading more is not worth it. */
    final Promise<Void> ended = Promise.promise();
    boolean lingerExceeded;
    final MessageDigest digest = sha256();
    Path temporary;
    AsyncFile file;
    Future<AsyncFile> opening;
    String filename;
    long bytes;
    boolean fileEnded;
    boolean requestEnded;

    Upload(HttpServerRequest request) {
      this.request = request;
    }

    void receive(HttpServerFileUpload part) {
      if (!"file".equals(part.name()) || temporary != null) {
        part.handler(b -> { });
        return;
      }
      filename = part.filename() == null || part.filename().isBlank() ? "upload.jsonl"
          : part.filename();
      temporary = storage.temporary();
      part.pause();
      Path tmp = temporary;
      opening = storage.init().compose(v -> vertx.fileSystem().open(tmp.toString(),
          new OpenOptions().setWrite(true).setCreateNew(true)));
      opening.onFailure(e -> {
        part.handler(b -> { });
        part.resume();
        fail(e);
      }).onSuccess(f -> {
        file = f;
        part.handler(chunk -> {
          bytes += chunk.length();
          if (result.future().failed()) {
            if (bytes > maxBytes + LINGER_BYTES) {
              lingerExceeded = true;
              ended.tryComplete();
            }
            return;
          }
          if (bytes > maxBytes) {
            fail(tooLarge());
            return;
          }
          digest.update(chunk.getBytes());
          file.write(chunk);
          if (file.writeQueueFull()) {
            part.pause();
            file.drainHandler(v -> part.resume());
          }
        });
        part.exceptionHandler(this::fail);
        part.endHandler(v -> {
          fileEnded = true;
          finish();
        });
        part.resume();
      });
    }

    void requestEnded() {
      requestEnded = true;
      ended.tryComplete();
      if (temporary == null) {
        fail(GatewayException.invalid("Missing required parameter: 'file'.", "file"));
      } else {
        finish();
      }
    }

    void finish() {
      if (!fileEnded || !requestEnded || result.future().isComplete()) {
        return;
      }
      file.close().onComplete(ar -> {
        if (ar.failed()) {
          fail(ar.cause());
        } else {
          result.tryComplete(new Received(temporary, filename, bytes,
              HexFormat.of().formatHex(digest.digest())));
        }
      });
    }

    void fail(Throwable e) {
      if (e != null && !(e instanceof GatewayException)) {
        ended.tryComplete();
      }
      if (!result.tryFail(e)) {
        return;
      }
      if (opening != null) {
        Path tmp = temporary;
        opening.compose(f -> f.close().recover(x -> Future.succeededFuture()))
            .eventually(() -> storage.discard(tmp));
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
