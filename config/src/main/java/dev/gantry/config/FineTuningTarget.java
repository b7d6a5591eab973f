package dev.gantry.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where an alias's fine-tuning jobs run (config {@code models[i].fine_tuning}).
 *
 * <p>Every backend takes {@code price_per_million_tokens} (USD per million trained tokens), for
 * the cost estimate reported when a job's files are validated.
 *
 * <p>Options per backend (checked at load):
 * <ul>
 *   <li>{@code bedrock} ({@code provider}: a Bedrock provider, whose region and credentials are
 *       used): {@code role_arn} (required, the IAM role Bedrock assumes), {@code s3_uri}
 *       (required, {@code s3://bucket/prefix} where data is uploaded and results written),
 *       {@code s3_endpoint} (default {@code https://s3.<region>.amazonaws.com}),
 *       {@code control_endpoint} (default {@code https://bedrock.<region>.amazonaws.com}),
 *       {@code customization_type} (default {@code FINE_TUNING}), {@code data_format}
 *       ({@code nova}, {@code claude} or {@code prompt_completion}; default by base model),
 *       {@code serve} ({@code deployment}, the default: an on-demand custom model deployment; or
 *       {@code provisioned}, with {@code model_units}, default 1).</li>
 *   <li>{@code vertex} ({@code provider}: a Vertex provider, whose project, location and
 *       credentials are used): {@code gcs_uri} (required, {@code gs://bucket/prefix}),
 *       {@code storage_endpoint} (default {@code https://storage.googleapis.com}),
 *       {@code adapter_size} (1, 2, 4, 8, 16 or 32).</li>
 *   <li>{@code trainer} ({@code provider}: the OpenAI-compatible vLLM provider the LoRA adapter
 *       is loaded into and served by): {@code trainer_url} (required, the trainer service's base
 *       URL), with {@code api_key} sent to it as a bearer token.</li>
 * </ul>
 *
 * @param backend where jobs run
 * @param provider the provider name (see above)
 * @param baseModel the backend's id of the model tuned (Bedrock base model id, Vertex base
 *     model, the trainer's base model name)
 * @param options the backend's options (see above)
 * @param apiKey the trainer's key, or null
 */
public record FineTuningTarget(Backend backend, String provider, String baseModel,
    Map<String, String> options, SecretRef apiKey) {

  public FineTuningTarget {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(baseModel, "baseModel");
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  /** Where fine-tuning jobs run. */
  public enum Backend {
    BEDROCK,
    VERTEX,
    TRAINER;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The price of a million trained tokens in USD, or null when not configured. */
  public Double pricePerMillionTokens() {
    String price = options.get("price_per_million_tokens");
    return price == null ? null : Double.valueOf(price);
  }

  /** An option, or {@code fallback}. */
  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  @Override
  public String toString() {
    return "FineTuningTarget[backend=" + backend + ", provider=" + provider + ", baseModel="
        + baseModel + ", options=" + options + ", apiKey=" + (apiKey == null ? null : "***") + "]";
  }
}
