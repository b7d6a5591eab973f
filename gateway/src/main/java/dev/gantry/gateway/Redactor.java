package dev.gantry.gateway;

import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps the configuration's secrets out of what leaves the gateway: a provider that echoes the
 * key it was sent (some proxies print the {@code Authorization} header in their 5xx pages) must
 * not hand it to clients or logs. Every resolved secret of every provider (API keys, tokens, AWS
 * keys, service-account files) and every literal client key is replaced by {@code ***} in error
 * messages.
 */
public final class Redactor {

  /** Shorter values are not secrets worth a search (and would mangle messages). */
  static final int MIN_LENGTH = 8;

  /** Longest first; replaced whole when secrets are learned. */
  private volatile List<String> secrets;

  Redactor(List<String> secrets) {
    this.secrets = usable(secrets);
  }

  private static List<String> usable(List<String> secrets) {
    return secrets.stream().filter(s -> s != null && s.length() >= MIN_LENGTH).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** The secrets of {@code config}, resolved from {@code env} (unresolvable ones are skipped). */
  public static Redactor of(GatewayConfig config, Map<String, String> env) {
    return new Redactor(secrets(config, env));
  }

  /**
   * Also hides the secrets of {@code config} (providers added by a routing change); secrets
   * learned before stay hidden. Reads secret files: call it off the event loop.
   */
  public void learn(GatewayConfig config, Map<String, String> env) {
    List<String> all = new ArrayList<>(secrets);
    all.addAll(secrets(config, env));
    secrets = usable(all);
  }

  private static List<String> secrets(GatewayConfig config, Map<String, String> env) {
    List<String> found = new ArrayList<>();
    for (ProviderSettings p : config.providers().values()) {
      for (RecordComponent c : p.getClass().getRecordComponents()) {
        if (c.getType() == SecretRef.class) {
          try {
            SecretRef ref = (SecretRef) c.getAccessor().invoke(p);
            if (ref != null) {
              found.add(ref.resolve(env));
            }
          } catch (ReflectiveOperationException | RuntimeException e) {
            // a secret that cannot be read is not in any message either
          }
        }
      }
    }
    for (ApiKey key : config.keys()) {
      if (key.key() != null) {
        try {
          found.add(key.key().resolve(env));
        } catch (RuntimeException e) {
          // as above
        }
      }
    }
    return found;
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  /** The error with its message redacted (the same error when there was nothing to hide). */
  public GatewayException redact(GatewayException e) {
    String message = redact(e.getMessage());
    return message.equals(e.getMessage()) ? e
        : new GatewayException(e.kind(), message, e.param(), e.retryAfterSeconds(), null);
  }
}
