package dev.gantry.sdk.admin;

/**
 * One limit of a key, team, model or deployment and what its bucket holds now (read from the limit
 * store the gateways share, without touching it). A bucket never used is full; {@code available}
 * may be negative after a request used more than it reserved.
 *
 * @param owner whose limit: {@code key app}, {@code team red}, {@code model chat}...
 * @param scope {@code key}, {@code team}, {@code model} or {@code deployment}
 * @param measure {@code requests}, {@code tokens}, {@code input_tokens}, {@code output_tokens},
 *     {@code concurrent}...
 * @param capacity the limit
 * @param available what is left in the window
 * @param used {@code capacity - available}
 * @param windowSeconds the window
 */
public record LimitBucket(String owner, String scope, String measure, long capacity,
    long available, long used, long windowSeconds) {}
