/**
 * Bedrock's (and SageMaker Runtime's) streaming response framing,
 * {@code application/vnd.amazon.eventstream} (providers.md §1.6):
 * {@link dev.gantry.adapters.bedrock.eventstream.EventStreamFramer} cuts the response bytes into
 * AWS event-stream {@link software.amazon.eventstream.Message}s whatever the HTTP chunk
 * boundaries, checking both CRCs. What a message means ({@code :message-type},
 * {@code :event-type}, the payload) is the stream decoder's business, not this package's.
 */
package dev.gantry.adapters.bedrock.eventstream;
