package dev.gantry.sdk.finetuning;

/**
 * Supervised hyperparameters. Each is a number or, in answers, {@code "auto"}; null (in a
 * request) lets the server choose.
 *
 * @param nEpochs passes over the training file (an {@link Integer} or {@code "auto"})
 * @param batchSize examples per batch (an {@link Integer} or {@code "auto"})
 * @param learningRateMultiplier scales the learning rate (a {@link Number} or {@code "auto"})
 */
public record Hyperparameters(Object nEpochs, Object batchSize, Object learningRateMultiplier) {}
