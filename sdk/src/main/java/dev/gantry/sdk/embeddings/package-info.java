/** Embeddings ({@code POST /v1/embeddings}), float or base64 on the wire, always {@code float[]} here. */
package dev.gantry.sdk.embeddings;
