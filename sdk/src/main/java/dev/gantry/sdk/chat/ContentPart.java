package dev.gantry.sdk.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.internal.Json;
import java.util.Base64;
import java.util.Objects;

/** A part of a user message: text or an image. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

  /** A text part. */
  static Text text(String text) {
    return new Text(text);
  }

  /** An image by URL (https or {@code data:}). */
  static Image imageUrl(String url) {
    return new Image(url, null);
  }

  /** An image by URL with a detail level ({@code low}, {@code high}, {@code auto}). */
  static Image imageUrl(String url, String detail) {
    return new Image(url, Objects.requireNonNull(detail, "detail"));
  }

  /** An image from bytes, sent as a {@code data:} URL. */
  static Image image(byte[] bytes, String mimeType) {
    return new Image("data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes),
        null);
  }

  /** The part's JSON. */
  ObjectNode toJson();

  /**
   * Text.
   *
   * @param text the text
   */
  record Text(String text) implements ContentPart {
    /** Checks the text is present. */
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public ObjectNode toJson() {
      return Json.MAPPER.createObjectNode().put("type", "text").put("text", text);
    }
  }

  /**
   * An image.
   *
   * @param url an https or {@code data:} URL
   * @param detail {@code low}, {@code high}, {@code auto}, or null
   */
  record Image(String url, String detail) implements ContentPart {
    /** Checks the URL is present. */
    public Image {
      Objects.requireNonNull(url, "url");
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.MAPPER.createObjectNode().put("type", "image_url");
      ObjectNode img = o.putObject("image_url").put("url", url);
      if (detail != null) {
        img.put("detail", detail);
      }
      return o;
    }

    @Override
    public String toString() {
      return "Image[url=" + (url.startsWith("data:") ? "data:..." : url) + ", detail=" + detail + "]";
    }
  }
}
