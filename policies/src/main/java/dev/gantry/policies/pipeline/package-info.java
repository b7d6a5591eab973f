/**
 * The request pipeline: one visible, ordered list of asynchronous {@link dev.gantry.policies.pipeline.Stage}s
 * (authenticate → resolve route → … → invoke). A stage either ends the exchange (an error, later a
 * cache hit) or calls {@link dev.gantry.policies.pipeline.Next#proceed}.
 */
package dev.gantry.policies.pipeline;
