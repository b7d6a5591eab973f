package dev.gantry.sdk.examples;

import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.images.ImageFormat;
import dev.gantry.sdk.images.ImageGenerationRequest;
import dev.gantry.sdk.images.ImagesResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Generates two images of a prompt with the alias {@code images} (an alias of kind images) and
 * writes them as PNG files in the working directory; the README's images example.
 */
public final class GenerateImages {

  private GenerateImages() {}

  public static void main(String[] args) throws IOException {
    String prompt = args.length > 0 ? args[0] : "A lighthouse on a cliff at dusk, watercolor";
    try (GantryClient client = GantryClient.fromEnv()) {
      ImagesResponse images = client.images().create(ImageGenerationRequest.builder()
              .model("images").prompt(prompt).n(2).size("1024x1024")
              .outputFormat(ImageFormat.PNG).build(),
          RequestOptions.builder().timeout(Duration.ofMinutes(3)).build());
      for (int i = 0; i < images.data().size(); i++) {
        Path file = Path.of("lighthouse-" + i + ".png");
        Files.write(file, images.data().get(i).bytes());
        System.out.println(file.toAbsolutePath());
      }
      images.usageIfPresent().ifPresent(u -> System.out.println(u.totalTokens() + " tokens"));
      System.out.println(images.headers().requestId().orElse("") + " "
          + images.headers().costUsd().map(Object::toString).orElse(""));
    }
  }
}
