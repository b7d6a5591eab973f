package dev.gantry.sdk.finetuning;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/fine_tuning/jobs}. Build with {@link #builder()}; immutable.
 *
 * <pre>{@code
 * JobCreateRequest.builder().model("fast").trainingFile(file.id()).suffix("support")
 *     .nEpochs(3).idempotencyKey("train-2024-06-01").build();
 * }</pre>
 *
 * @param model the base model (a Gantry alias with a fine-tuning target)
 * @param trainingFile the uploaded training file's id
 * @param validationFile the uploaded validation file's id, or null
 * @param suffix up to 64 letters, digits, {@code . _ -} added to the model's name, or null
 * @param seed the seed, or null for a random one
 * @param hyperparameters the hyperparameters, or null for the server's choice
 * @param metadata up to 16 string pairs, or null
 * @param idempotencyKey sent as the {@code Idempotency-Key} header (not in the body), or null
 */
public record JobCreateRequest(String model, String trainingFile, String validationFile,
    String suffix, Long seed, Hyperparameters hyperparameters, Map<String, String> metadata,
    @JsonIgnore String idempotencyKey) {

  /** Checks the required fields and copies the metadata. */
  public JobCreateRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(trainingFile, "trainingFile");
    metadata = metadata == null ? null : Map.copyOf(metadata);
  }

  /** A builder; {@code model} and {@code trainingFile} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link JobCreateRequest}. */
  public static final class Builder {
    private String model;
    private String trainingFile;
    private String validationFile;
    private String suffix;
    private Long seed;
    private Integer nEpochs;
    private Integer batchSize;
    private Double learningRateMultiplier;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String idempotencyKey;

    private Builder() {}

    /** The base model. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The training file's id. */
    public Builder trainingFile(String id) {
      this.trainingFile = Objects.requireNonNull(id, "trainingFile");
      return this;
    }

    /** The validation file's id. */
    public Builder validationFile(String id) {
      this.validationFile = Objects.requireNonNull(id, "validationFile");
      return this;
    }

    /** The fine-tuned model's suffix. */
    public Builder suffix(String suffix) {
      this.suffix = Objects.requireNonNull(suffix, "suffix");
      return this;
    }

    /** The seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Epochs, positive. */
    public Builder nEpochs(int nEpochs) {
      if (nEpochs < 1) {
        throw new IllegalArgumentException("nEpochs must be positive: " + nEpochs);
      }
      this.nEpochs = nEpochs;
      return this;
    }

    /** Batch size, positive. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Learning rate multiplier, positive. */
    public Builder learningRateMultiplier(double multiplier) {
      if (!(multiplier > 0)) {
        throw new IllegalArgumentException("learningRateMultiplier must be positive: "
            + multiplier);
      }
      this.learningRateMultiplier = multiplier;
      return this;
    }

    /** One metadata pair. */
    public Builder metadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The {@code Idempotency-Key}: creating again with the same key returns the first job
     * instead of starting another.
     */
    public Builder idempotencyKey(String key) {
      Objects.requireNonNull(key, "idempotencyKey");
      if (key.isBlank()) {
        throw new IllegalArgumentException("idempotencyKey must not be blank");
      }
      this.idempotencyKey = key;
      return this;
    }

    /** The request; fails if {@code model} or {@code trainingFile} is missing. */
    public JobCreateRequest build() {
      if (model == null || trainingFile == null) {
        throw new IllegalStateException("model and trainingFile are required");
      }
      Hyperparameters hp = nEpochs == null && batchSize == null && learningRateMultiplier == null
          ? null : new Hyperparameters(nEpochs, batchSize, learningRateMultiplier);
      return new JobCreateRequest(model, trainingFile, validationFile, suffix, seed, hp,
          metadata.isEmpty() ? null : metadata, idempotencyKey);
    }
  }
}
