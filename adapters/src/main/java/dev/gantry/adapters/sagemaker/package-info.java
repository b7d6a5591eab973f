/**
 * Amazon SageMaker real-time endpoints with Hugging Face containers (TGI, LMI):
 * {@link dev.gantry.adapters.sagemaker.SageMakerAdapter} calls {@code InvokeEndpoint} and
 * {@code InvokeEndpointWithResponseStream} (SigV4, signing name {@code sagemaker}) with TGI's
 * native body rendered through the model's chat template, or with OpenAI chat bodies; the response
 * stream's event-stream {@code PayloadPart}s carry the container's own SSE, decoded by TGI's or the
 * OpenAI-compatible decoder. SageMaker's errors, and the container's errors it wraps, are mapped by
 * {@code SageMakerErrors}.
 */
package dev.gantry.adapters.sagemaker;
