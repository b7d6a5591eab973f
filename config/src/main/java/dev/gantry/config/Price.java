package dev.gantry.config;

/**
 * What a deployment costs, in any currency unit, per million tokens (config
 * {@code deployments[j].price}).
 *
 * @param cachedInput the price of prompt tokens read from the provider's cache
 */
public record Price(double input, double output, double cachedInput) {

  public Price {
    if (input < 0 || output < 0 || cachedInput < 0) {
      throw new IllegalArgumentException("prices are not negative");
    }
  }

  /** The cost of a call with these token counts. */
  public double cost(long inputTokens, long outputTokens) {
    return (inputTokens * input + outputTokens * output) / 1_000_000.0;
  }
}
