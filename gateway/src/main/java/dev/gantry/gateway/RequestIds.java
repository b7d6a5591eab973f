package dev.gantry.gateway;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;

/** Request and response identifiers. */
public final class RequestIds {

  public static final String HEADER = "x-request-id";
  private static final String KEY = "gantry.requestId";

  private RequestIds() {}

  /**
   * The first handler of every route: fixes the request id (the client's {@code x-request-id}
   * when it is a sane token, else a new one) and sets it on the response.
   */
  public static void assign(RoutingContext ctx) {
    String id = fromClient(ctx.request());
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /** The id {@link #assign} fixed for this request. */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id != null ? id : fromClient(ctx.request());
  }

  private static String fromClient(HttpServerRequest request) {
    String given = request.getHeader(HEADER);
    if (given != null && !given.isEmpty() && given.length() <= 128 && printable(given)) {
      return given;
    }
    return "req_" + random(24);
  }

  /** A new OpenAI-style object id, e.g. {@code chatcmpl-<29 chars>}. */
  public static String newId(String prefix) {
    return prefix + random(29);
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private static String random(int length) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
