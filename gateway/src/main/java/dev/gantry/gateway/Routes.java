package dev.gantry.gateway;

import io.vertx.ext.web.Router;

/** A group of HTTP routes the gateway serves (the OpenAI API, the admin API, health...). */
public interface Routes {

  /**
   * Adds the routes; request bodies are already read for {@code POST} under {@code /v1/},
   * {@code /gantry/v1/} and {@code /admin/v1/}.
   */
  void mount(Router router);
}
