package dev.gantry.gateway.console;

import dev.gantry.gateway.Routes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The operators' web console: static HTML, CSS and ES modules under {@code /console/}, served
 * from the classpath ({@code console/}). Loading it needs no key; every admin API call it makes
 * carries the admin key the operator signs in with (kept in the tab's sessionStorage).
 *
 * <p>Every answer under {@code /console} carries a strict Content-Security-Policy (only this
 * origin, no inline scripts or styles, no framing), {@code nosniff} and {@code no-referrer}.
 * Files are revalidated on each load ({@code no-cache}, with Last-Modified and 304s), so an
 * upgraded gateway never serves a mix of old and new modules.
 */
public final class ConsoleRoutes implements Routes {

  /** Where the console lives, in the URL and on the classpath. */
  public static final String PATH = "/console";
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";

  @Override
  public void mount(Router router) {
    router.get(PATH).handler(ConsoleRoutes::redirect);
    router.route(PATH + "/*").handler(ConsoleRoutes::secure);
    router.route(PATH + "/*").handler(StaticHandler.create("console")
        .setIndexPage("index.html")
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setCachingEnabled(true)
        .setDefaultContentEncoding("UTF-8"));
  }

  /** {@code /console} → {@code /console/} (the route also matches the latter, passed on). */
  private static void redirect(RoutingContext ctx) {
    if (!ctx.request().path().equals(PATH)) {
      ctx.next();
      return;
    }
    secureHeaders(ctx);
    ctx.response().setStatusCode(301).putHeader("location", PATH + "/").end();
  }

  private static void secure(RoutingContext ctx) {
    secureHeaders(ctx);
    // Last-Modified (and 304s) from the static handler, but always revalidated: file names carry
    // no version, and a stale module next to a new one would break the console.
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set("cache-control", "no-cache"));
    ctx.next();
  }

  private static void secureHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-security-policy", CSP)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("x-frame-options", "DENY");
  }
}
