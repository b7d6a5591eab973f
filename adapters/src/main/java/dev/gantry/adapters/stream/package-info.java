/**
 * Streaming plumbing shared by all providers: framers cut provider bytes into frames (SSE events,
 * JSON lines, AWS event-stream messages) and are the only code that buffers partial input;
 * a per-request {@link dev.gantry.adapters.stream.StreamDecoder} turns frames into canonical items;
 * {@link dev.gantry.adapters.stream.DecodedStream} wires both to an HTTP response with backpressure.
 */
package dev.gantry.adapters.stream;
