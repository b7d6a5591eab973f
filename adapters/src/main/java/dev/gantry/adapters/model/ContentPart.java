package dev.gantry.adapters.model;

import java.util.Objects;

/** One part of a message's content: text or an image. */
public sealed interface ContentPart {

  static ContentPart text(String text) {
    return new Text(text);
  }

  static ContentPart image(ImageSource source) {
    return new Image(source, null);
  }

  /** Plain text. */
  record Text(String text) implements ContentPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image given by URL or inline bytes.
   *
   * @param detail OpenAI's {@code low|high|auto} hint, or null when not given
   */
  record Image(ImageSource source, String detail) implements ContentPart {
    public Image {
      Objects.requireNonNull(source, "source");
    }
  }
}
