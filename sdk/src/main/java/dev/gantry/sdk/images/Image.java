package dev.gantry.sdk.images;

import java.util.Base64;

/**
 * One generated image: its bytes (base64) or a URL, as the request's
 * {@link ImageResponseFormat} and the model decide.
 *
 * @param url where to download the image, or null (always null from Gantry)
 * @param b64Json the image's bytes, base64-encoded, or null; {@link #bytes()} decodes them
 * @param revisedPrompt the prompt the model actually used (DALL·E 3), or null
 */
public record Image(String url, String b64Json, String revisedPrompt) {

  /**
   * The image's bytes, decoded from {@link #b64Json()} (a new array on each call).
   *
   * @throws IllegalStateException if the image came as a URL
   * @throws IllegalArgumentException if {@code b64_json} is not base64
   */
  public byte[] bytes() {
    if (b64Json == null) {
      throw new IllegalStateException("this image came as a URL, not as bytes; ask for "
          + "ImageResponseFormat.B64_JSON or download " + (url == null ? "it" : "its url"));
    }
    return Base64.getDecoder().decode(b64Json);
  }

  /** Shows the URL, or the size of the base64 text, never the image itself. */
  @Override
  public String toString() {
    return "Image[" + (url != null ? "url=" + url : "b64Json=" + (b64Json == null ? "null"
        : b64Json.length() + " chars")) + (revisedPrompt == null ? "" : ", revisedPrompt") + "]";
  }
}
