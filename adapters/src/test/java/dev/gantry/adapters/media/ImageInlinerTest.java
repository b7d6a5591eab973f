package dev.gantry.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageInlinerTest {

  private static final ImageSource.Inline DATA = new ImageSource.Inline("image/png", "AAAA");

  private static Message user(ContentPart... parts) {
    return new Message(Role.USER, List.of(parts), List.of(), null, null);
  }

  private static ContentPart image(String url, String detail) {
    return new ContentPart.Image(new ImageSource.Url(url), detail);
  }

  private final ChatRequest request = ChatRequest.of("alias", List.of(
      Message.system("look"),
      user(ContentPart.text("a"), image("https://a.test/1.png", "low"),
          new ContentPart.Image(DATA, null)),
      Message.assistant("ok"),
      user(image("https://b.test/2.png", null), image("https://a.test/1.png", "high"))));

  @Test
  void remoteUrls_request_distinctInOrderWithFirstField() {
    assertThat(ImageInliner.remoteUrls(request)).containsExactly(
        Map.entry("https://a.test/1.png", "messages[1].content[1].image_url"),
        Map.entry("https://b.test/2.png", "messages[3].content[0].image_url"));
  }

  @Test
  void inline_fetched_replacesEveryOccurrenceKeepingDetail() {
    ImageSource.Inline one = new ImageSource.Inline("image/png", "b25l");
    ImageSource.Inline two = new ImageSource.Inline("image/gif", "dHdv");

    ChatRequest out = ImageInliner.inline(request,
        Map.of("https://a.test/1.png", one, "https://b.test/2.png", two));

    assertThat(out.messages().get(1).content()).containsExactly(ContentPart.text("a"),
        new ContentPart.Image(one, "low"), new ContentPart.Image(DATA, null));
    assertThat(out.messages().get(3).content()).containsExactly(
        new ContentPart.Image(two, null), new ContentPart.Image(one, "high"));
    assertThat(out.messages().get(0)).isSameAs(request.messages().get(0));
    assertThat(out.model()).isEqualTo("alias");
  }

  @Test
  void inline_partialMap_leavesOtherUrls() {
    ChatRequest out = ImageInliner.inline(request, Map.of("https://b.test/2.png", DATA));

    assertThat(ImageInliner.remoteUrls(out)).containsOnlyKeys("https://a.test/1.png");
  }

  @Test
  void inline_nothingFetched_returnsSameRequest() {
    assertThat(ImageInliner.inline(request, Map.of())).isSameAs(request);
    assertThat(ImageInliner.remoteUrls(ChatRequest.of("m", List.of(Message.user("hi")))))
        .isEmpty();
  }
}
