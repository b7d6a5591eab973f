package dev.gantry.sdk.files;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.util.List;

/**
 * The answer of {@code GET /v1/files}.
 *
 * @param data the files
 * @param hasMore whether more files follow the last one
 * @param headers the answer's headers
 */
public record FileList(List<FileObject> data, boolean hasMore, @JsonIgnore GantryHeaders headers) {
  /** Copies the list; a missing one is empty. */
  public FileList {
    data = data == null ? List.of() : List.copyOf(data);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  FileList withHeaders(GantryHeaders headers) {
    return new FileList(data, hasMore, headers);
  }
}
