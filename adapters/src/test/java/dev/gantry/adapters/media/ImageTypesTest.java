package dev.gantry.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTypesTest {

  /** A real 1x1 PNG. */
  static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  @Test
  void sniff_png_isPng() {
    assertThat(ImageTypes.sniff(Buffer.buffer(PNG))).contains("image/png");
  }

  @ParameterizedTest
  @CsvSource({
      "ffd8ffe000104a464946, image/jpeg",
      "474946383961010001, image/gif",
      "474946383761010001, image/gif",
      "52494646240000005745425056503820, image/webp",
  })
  void sniff_signature_isRecognised(String hex, String expected) {
    assertThat(ImageTypes.sniff(Buffer.buffer(hex(hex)))).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"<!doctype html>", "GIF90a", "RIFF0000WAVE", "%PDF-1.7", "\u0089PN"})
  void sniff_otherContent_isEmpty(String text) {
    assertThat(ImageTypes.sniff(Buffer.buffer(text.getBytes(StandardCharsets.ISO_8859_1))))
        .isEmpty();
  }

  @Test
  void sniff_empty_isEmpty() {
    assertThat(ImageTypes.sniff(Buffer.buffer())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "image/png|image/png",
      "Image/JPEG; charset=binary|image/jpeg",
      " text/html ; charset=utf-8|text/html",
  })
  void mediaType_contentType_dropsParametersAndCase(String contentType, String expected) {
    assertThat(ImageTypes.mediaType(contentType)).isEqualTo(expected);
  }

  @Test
  void declaredImage_fourFormatsAndJpgAlias_only() {
    assertThat(ImageTypes.declaredImage("image/webp")).isTrue();
    assertThat(ImageTypes.declaredImage("image/jpg")).isTrue();
    assertThat(ImageTypes.declaredImage("image/svg+xml")).isFalse();
    assertThat(ImageTypes.declaredImage("application/octet-stream")).isFalse();
  }

  @Test
  void quotable_hostileMediaType_isCutAndMasked() {
    assertThat(ImageTypes.quotable("text/\u001b[31mred")).isEqualTo("text/?[31mred");
    assertThat(ImageTypes.quotable("x".repeat(200))).hasSize(64);
  }

  @ParameterizedTest
  @CsvSource({"20971520, 20 MiB", "1024, 1 KiB", "1536, 1536 bytes", "100, 100 bytes"})
  void size_bytes_readable(long bytes, String expected) {
    assertThat(ImageTypes.size(bytes)).isEqualTo(expected);
  }

  private static byte[] hex(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
