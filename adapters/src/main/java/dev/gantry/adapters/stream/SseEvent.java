package dev.gantry.adapters.stream;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, or null when absent (the default "message")
 * @param data the {@code data:} lines joined with newlines
 * @param id the {@code id:} field, or null
 */
public record SseEvent(String event, String data, String id) {

  public static SseEvent data(String data) {
    return new SseEvent(null, data, null);
  }

  /** True for OpenAI's end-of-stream sentinel {@code data: [DONE]}. */
  public boolean isDone() {
    return "[DONE]".equals(data);
  }
}
