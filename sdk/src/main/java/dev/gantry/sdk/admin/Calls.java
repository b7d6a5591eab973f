package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.ErrorDetails;
import dev.gantry.sdk.GantryException;
import dev.gantry.sdk.GantryHeaders;
import dev.gantry.sdk.Page;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Json;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/** What the admin services share: lists, newest-first pages and JSON objects. */
final class Calls {
  private Calls() {}

  /** A whole list ({@code {"data": [...]}}). */
  static <T> AdminList<T> list(Transport transport, Transport.Call call, Class<T> item) {
    JavaType type = Json.MAPPER.getTypeFactory().constructParametricType(AdminList.class, item);
    Answer<AdminList<T>> a = transport.send(call, type);
    return a.body().withHeaders(a.headers());
  }

  /**
   * A page of a newest-first list ({@code ?before=&limit=}): full pages may have more after them,
   * fetched with {@code before} = the last item's number.
   */
  static <T> Page<T> page(Transport transport, String pathAndQuery, int limit,
      RequestOptions options, Class<T> item, ToLongFunction<T> cursor,
      LongFunction<Page<T>> older) {
    AdminList<T> list = list(transport, Transport.Call.get(pathAndQuery, options), item);
    List<T> data = list.data();
    String first = data.isEmpty() ? null : Long.toString(cursor.applyAsLong(data.get(0)));
    String last = data.isEmpty() ? null
        : Long.toString(cursor.applyAsLong(data.get(data.size() - 1)));
    return new Page<>(data, data.size() >= limit, first, last, list.headers(),
        next -> older.apply(Long.parseLong(next)));
  }

  /** An answer that must be a JSON object. */
  static Answer<ObjectNode> object(Transport transport, Transport.Call call) {
    Answer<JsonNode> a = transport.send(call, JsonNode.class);
    if (!(a.body() instanceof ObjectNode o)) {
      throw malformed("not a JSON object", a.headers());
    }
    return new Answer<>(o, a.headers());
  }

  static GantryException malformed(String what, GantryHeaders headers) {
    return new GantryException(new ErrorDetails(200, "malformed answer: " + what, null, null,
        null, headers), null);
  }
}
