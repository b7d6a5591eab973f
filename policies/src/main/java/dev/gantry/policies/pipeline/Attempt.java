package dev.gantry.policies.pipeline;

/**
 * One call to a deployment while serving a request.
 *
 * @param deployment its label, {@code provider/model}
 * @param alias the alias it served (the requested one, or a fallback)
 * @param error null when it answered (a stream: produced its first item); else the error kind
 *     and message the gateway gave it (never a secret)
 */
public record Attempt(String deployment, String alias, long millis, String error) {

  public boolean succeeded() {
    return error == null;
  }
}
