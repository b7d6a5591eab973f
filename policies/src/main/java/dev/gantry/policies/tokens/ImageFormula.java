package dev.gantry.policies.tokens;

import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import java.util.List;
import java.util.Locale;

/**
 * What an image in a prompt costs, by the published formula of the model family that reads it.
 * Sizes come from the header of an inline PNG, JPEG, GIF or WebP ({@link ImageTokens#size}); an
 * image given by URL (its size unknown before it is fetched) counts as 1024×1024.
 */
public enum ImageFormula {

  /**
   * OpenAI's vision models (and the convention most others follow): {@code low} detail is 85
   * tokens; otherwise the image is scaled to fit 2048×2048, then its shorter side to 768, and each
   * 512×512 tile costs 170 on top of the 85.
   */
  OPENAI {
    @Override
    int tokens(int width, int height, String detail) {
      return "low".equals(detail) ? ImageTokens.BASE : ImageTokens.tiles(width, height);
    }
  },

  /**
   * Anthropic's Claude: width × height / 750, after the image is scaled down (aspect kept) to at
   * most 1568 pixels on its long edge and about 1,600 tokens.
   */
  ANTHROPIC {
    @Override
    int tokens(int width, int height, String detail) {
      double w = width;
      double h = height;
      double scale = Math.min(1, Math.min(1568 / Math.max(w, h), Math.sqrt(1600 * 750 / (w * h))));
      return (int) Math.ceil(w * scale * h * scale / 750);
    }
  },

  /**
   * Google's Gemini (2.0 and later): 258 tokens for an image within 384×384; a larger one is cut
   * into 768×768 tiles of 258 tokens each.
   */
  GEMINI {
    @Override
    int tokens(int width, int height, String detail) {
      if (width <= 384 && height <= 384) {
        return 258;
      }
      return 258 * ((width + 767) / 768) * ((height + 767) / 768);
    }
  };

  static final int UNKNOWN_SIDE = 1024;

  abstract int tokens(int width, int height, String detail);

  /** The tokens of one image part. */
  public int of(ContentPart.Image image) {
    int[] size = image.source() instanceof ImageSource.Inline
        ? ImageTokens.size(((ImageSource.Inline) image.source()).base64()) : null;
    return size == null || size[0] <= 0 || size[1] <= 0
        ? tokens(UNKNOWN_SIDE, UNKNOWN_SIDE, image.detail())
        : tokens(size[0], size[1], image.detail());
  }

  /**
   * The formula for the models an alias's deployments serve: Claude's or Gemini's when every one
   * of them is a Claude or a Gemini model (on any provider), OpenAI's otherwise.
   */
  public static ImageFormula forModels(List<String> models) {
    ImageFormula common = null;
    for (String model : models) {
      String m = model.toLowerCase(Locale.ROOT);
      ImageFormula f = m.contains("claude") ? ANTHROPIC : m.contains("gemini") ? GEMINI : OPENAI;
      if (common != null && common != f) {
        return OPENAI;
      }
      common = f;
    }
    return common == null ? OPENAI : common;
  }
}
