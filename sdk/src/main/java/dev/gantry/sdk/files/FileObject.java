package dev.gantry.sdk.files;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;

/**
 * An uploaded file (OpenAI's file object).
 *
 * @param id the file's id, to pass as {@code training_file}
 * @param object always {@code file}
 * @param bytes its size
 * @param createdAt upload time, epoch seconds
 * @param filename the name it was uploaded with
 * @param purpose {@code fine-tune}
 * @param status {@code processed}
 * @param headers the answer's headers (empty for files inside a list)
 */
public record FileObject(String id, String object, long bytes, long createdAt, String filename,
    String purpose, String status, @JsonIgnore GantryHeaders headers) {
  /** Replaces missing headers with none. */
  public FileObject {
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  FileObject withHeaders(GantryHeaders headers) {
    return new FileObject(id, object, bytes, createdAt, filename, purpose, status, headers);
  }
}
