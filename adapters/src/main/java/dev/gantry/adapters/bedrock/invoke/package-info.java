/**
 * Bedrock Runtime {@code InvokeModel} with model-native bodies, for the APIs Converse does not
 * cover: embeddings and image generation (providers.md §1.1, §1.8). Everything here is pure: it
 * builds unsigned requests and reads answers; signing, transport and error statuses are the
 * Bedrock adapter's.
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.bedrock.invoke.InvokeModel}: {@code POST
 *       {endpoint}/model/{modelId}/invoke}, the model id encoded as one path segment.
 *   <li>{@link dev.gantry.adapters.bedrock.invoke.EmbeddingFamily},
 *       {@link dev.gantry.adapters.bedrock.invoke.ImageFamily}: which native schema a deployment
 *       speaks, from its model id or its {@code family} option.
 *   <li>{@link dev.gantry.adapters.bedrock.invoke.BedrockEmbeddings}: Titan v1/v2, Cohere v3/v4
 *       and Nova embeddings; a request becomes a plan of calls (one per text, or Cohere batches)
 *       whose answers are combined in input order.
 *   <li>{@link dev.gantry.adapters.bedrock.invoke.BedrockImages}: Titan Image Generator, Nova
 *       Canvas and Stability text-to-image.
 * </ul>
 */
package dev.gantry.adapters.bedrock.invoke;
