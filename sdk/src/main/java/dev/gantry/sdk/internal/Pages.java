package dev.gantry.sdk.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.gantry.sdk.Page;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport.Answer;
import java.util.List;

/** Fetches cursor pages ({@code ?after=&limit=}) of the OpenAI list shape. */
public final class Pages {
  private Pages() {}

  /** A list page as sent. */
  record Wire<T>(List<T> data, boolean hasMore, String firstId, String lastId) {}

  /**
   * The page of {@code path} after {@code after} (null: the first), of {@code limit} items
   * (null: the server's default); its next pages are fetched the same way.
   */
  public static <T> Page<T> fetch(Transport transport, String path, String after, Integer limit,
      RequestOptions options, Class<T> item) {
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    JavaType type = Json.MAPPER.getTypeFactory().constructParametricType(Wire.class, item);
    Answer<Wire<T>> a = transport.send(
        Transport.Call.get(path + Urls.query("after", after, "limit", limit), options), type);
    Wire<T> w = a.body();
    return new Page<>(w.data(), w.hasMore(), w.firstId(), w.lastId(), a.headers(),
        next -> fetch(transport, path, next, limit, options, item));
  }
}
