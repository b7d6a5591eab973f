package dev.gantry.store.finetune;

import java.util.Objects;

/**
 * An uploaded file's metadata (its bytes live in the file storage, under {@code id}).
 *
 * @param id {@code file-<random>}
 * @param team the owning team (or {@code key:<name>} for a key without a team): only requests of
 *     the same owner see the file
 * @param filename the name the client gave
 * @param purpose {@code fine-tune} (the only purpose accepted)
 * @param bytes its size
 * @param createdAt epoch seconds
 * @param sha256 lower-case hex of its bytes
 */
public record FileRecord(String id, String team, String filename, String purpose, long bytes,
    long createdAt, String sha256) {

  public FileRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(purpose, "purpose");
  }
}
