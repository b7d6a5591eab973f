package dev.gantry.finetune.files;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Uploaded files' bytes in a local directory, one file per id ({@code <dir>/<id>.jsonl}); their
 * metadata lives in the state store. An upload is written to a temporary name and moved into
 * place once complete, so a half-written file is never visible under an id. Every operation goes
 * through Vert.x's non-blocking file system.
 */
public final class FileStorage {

  private final FileSystem fs;
  private final Path dir;

  public FileStorage(Vertx vertx, Path dir) {
    this.fs = vertx.fileSystem();
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** Creates the directory (and its {@code tmp} folder) if missing. */
  public Future<Void> init() {
    return fs.mkdirs(dir.resolve("tmp").toString());
  }

  /** Where the file of {@code id} lives. */
  public Path path(String id) {
    Objects.requireNonNull(id, "id");
    if (!id.matches("file-[A-Za-z0-9]+")) {
      throw new IllegalArgumentException("not a file id: " + id);
    }
    return dir.resolve(id + ".jsonl");
  }

  /** A fresh temporary path for an upload in progress. */
  public Path temporary() {
    return dir.resolve("tmp").resolve(UUID.randomUUID() + ".part");
  }

  /** Moves a finished upload into place under {@code id}. */
  public Future<Void> commit(Path temporary, String id) {
    return fs.move(temporary.toString(), path(id).toString(),
        new CopyOptions().setReplaceExisting(true).setAtomicMove(true));
  }

  /** Removes a temporary upload (an aborted one); succeeds when it is already gone. */
  public Future<Void> discard(Path temporary) {
    return fs.delete(temporary.toString()).recover(e -> Future.succeededFuture());
  }

  /** Removes the file of {@code id}; succeeds when it is already gone. */
  public Future<Void> delete(String id) {
    return fs.delete(path(id).toString()).recover(e -> Future.succeededFuture());
  }
}
