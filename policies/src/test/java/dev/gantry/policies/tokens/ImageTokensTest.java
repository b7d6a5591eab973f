package dev.gantry.policies.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ImageTokensTest {

  private static final String PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
      + "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

  private static ContentPart.Image inline(byte[] bytes, String detail) {
    return new ContentPart.Image(new ImageSource.Inline("image/png",
        Base64.getEncoder().encodeToString(bytes)), detail);
  }

  @Test
  void tiles_followOpenAisPublishedExamples() {
    assertThat(ImageTokens.tiles(1024, 1024)).isEqualTo(765);
    assertThat(ImageTokens.tiles(2048, 4096)).isEqualTo(1105);
    assertThat(ImageTokens.tiles(1, 1)).isEqualTo(255);
  }

  @Test
  void of_readsInlineSizes_lowDetailIsFlat_urlsCountAsOneMegapixel() {
    assertThat(ImageFormula.OPENAI.of(new ContentPart.Image(new ImageSource.Inline("image/png", PNG_1PX),
        null))).isEqualTo(255);
    assertThat(ImageFormula.OPENAI.of(new ContentPart.Image(new ImageSource.Inline("image/png", PNG_1PX),
        "low"))).isEqualTo(85);
    assertThat(ImageFormula.OPENAI.of(new ContentPart.Image(new ImageSource.Url("https://x/y.png"),
        "auto"))).isEqualTo(765);
  }

  @Test
  void anthropic_followsClaudesPublishedTable() {
    assertThat(ImageFormula.ANTHROPIC.tokens(200, 200, null)).isEqualTo(54);
    assertThat(ImageFormula.ANTHROPIC.tokens(1000, 1000, null)).isEqualTo(1334);
    assertThat(ImageFormula.ANTHROPIC.tokens(1092, 1092, null)).isEqualTo(1590);
    assertThat(ImageFormula.ANTHROPIC.tokens(4000, 3000, null)).as("scaled to ~1,600 tokens")
        .isBetween(1590, 1600);
    assertThat(ImageFormula.ANTHROPIC.tokens(3000, 200, null)).as("long edge to 1568")
        .isEqualTo((int) Math.ceil(1568 * (200 * 1568 / 3000.0) / 750));
  }

  @Test
  void gemini_smallImagesAreOneTile_largerOnesTilesOf768() {
    assertThat(ImageFormula.GEMINI.tokens(384, 384, null)).isEqualTo(258);
    assertThat(ImageFormula.GEMINI.tokens(600, 400, null)).isEqualTo(258);
    assertThat(ImageFormula.GEMINI.tokens(1024, 1024, null)).isEqualTo(4 * 258);
    assertThat(ImageFormula.GEMINI.tokens(1920, 1080, null)).isEqualTo(6 * 258);
    assertThat(ImageFormula.GEMINI.of(new ContentPart.Image(new ImageSource.Inline("image/png",
        PNG_1PX), null))).isEqualTo(258);
  }

  @Test
  void forModels_picksTheFamilyAllDeploymentsShare() {
    assertThat(ImageFormula.forModels(java.util.List.of(
        "anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-sonnet-4@20250514")))
        .isEqualTo(ImageFormula.ANTHROPIC);
    assertThat(ImageFormula.forModels(java.util.List.of("gemini-2.5-flash")))
        .isEqualTo(ImageFormula.GEMINI);
    assertThat(ImageFormula.forModels(java.util.List.of("gemini-2.5-flash", "gpt-4o")))
        .isEqualTo(ImageFormula.OPENAI);
    assertThat(ImageFormula.forModels(java.util.List.of("Qwen/Qwen2.5-VL-7B-Instruct")))
        .isEqualTo(ImageFormula.OPENAI);
  }

  @Test
  void size_pngGifJpegWebp() {
    assertThat(ImageTokens.size(PNG_1PX)).containsExactly(1, 1);
    byte[] gif = {'G', 'I', 'F', '8', '9', 'a', (byte) 0x2c, 0x01, (byte) 0xc8, 0x00};
    assertThat(ImageTokens.size(Base64.getEncoder().encodeToString(gif))).containsExactly(300, 200);
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x04, 0x00, 0x00,
        (byte) 0xFF, (byte) 0xC0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, (byte) 0xC8, 0x03, 0, 0};
    assertThat(ImageTokens.size(Base64.getEncoder().encodeToString(jpeg)))
        .containsExactly(200, 100);
    byte[] webp = new byte[30];
    System.arraycopy("RIFF".getBytes(), 0, webp, 0, 4);
    System.arraycopy("WEBPVP8X".getBytes(), 0, webp, 8, 8);
    webp[24] = (byte) 0xFF; // width - 1 = 255 → 256
    webp[27] = (byte) 0x7F; // height - 1 = 127 → 128
    assertThat(ImageTokens.size(Base64.getEncoder().encodeToString(webp)))
        .containsExactly(256, 128);
    assertThat(ImageTokens.size("bm90IGFuIGltYWdl")).isNull();
    assertThat(ImageFormula.OPENAI.of(inline(gif, "high"))).isEqualTo(255);
  }
}
