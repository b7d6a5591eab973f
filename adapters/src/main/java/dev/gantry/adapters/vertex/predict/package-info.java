/**
 * Vertex AI {@code :predict} on Google publisher models, for the APIs {@code generateContent} does
 * not cover: text embeddings and Imagen (providers.md §3.6, §3.7). Everything here is pure: it
 * builds unauthenticated requests and reads answers; tokens, transport and error statuses are the
 * Vertex adapter's.
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.vertex.predict.VertexEmbeddings}: text-embedding-005,
 *       text-multilingual-embedding-002 and gemini-embedding-001; a request becomes a plan of
 *       calls whose answers are combined in input order.
 *   <li>{@link dev.gantry.adapters.vertex.predict.VertexImagen}: Imagen text-to-image.
 * </ul>
 */
package dev.gantry.adapters.vertex.predict;
