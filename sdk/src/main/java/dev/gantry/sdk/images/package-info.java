/**
 * Image generation ({@code POST /v1/images/generations}): {@link
 * dev.gantry.sdk.images.ImageGenerationRequest}, the {@link dev.gantry.sdk.images.ImagesResponse}
 * record and {@link dev.gantry.sdk.images.Image#bytes()} to decode base64 images. Gantry answers
 * base64 only ({@code response_format: url} is refused).
 */
package dev.gantry.sdk.images;
