package dev.gantry.adapters.media;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a chat request's remote images and swaps them for fetched bytes (pure: the fetching is
 * {@link ImageFetcher}'s).
 */
public final class ImageInliner {

  private ImageInliner() {}

  /**
   * The distinct remote image URLs of a request, in order of first appearance, each with the
   * request field of that first appearance ({@code messages[0].content[1].image_url}) for errors.
   * Inline ({@code data:}) images are not listed.
   */
  public static Map<String, String> remoteUrls(ChatRequest request) {
    Map<String, String> urls = new LinkedHashMap<>();
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      List<ContentPart> content = messages.get(i).content();
      for (int j = 0; j < content.size(); j++) {
        ContentPart part = content.get(j);
        if (part instanceof ContentPart.Image
            && ((ContentPart.Image) part).source() instanceof ImageSource.Url) {
          String url = ((ImageSource.Url) ((ContentPart.Image) part).source()).url();
          urls.putIfAbsent(url, "messages[" + i + "].content[" + j + "].image_url");
        }
      }
    }
    return urls;
  }

  /**
   * The request with every remote image whose URL is a key of {@code fetched} replaced by those
   * bytes, keeping its {@code detail} hint; other parts, and the request itself when nothing
   * changes, are returned as they are.
   */
  public static ChatRequest inline(ChatRequest request, Map<String, ImageSource.Inline> fetched) {
    if (fetched.isEmpty()) {
      return request;
    }
    List<Message> messages = new ArrayList<>(request.messages().size());
    for (Message m : request.messages()) {
      messages.add(inline(m, fetched));
    }
    return new ChatRequest(request.model(), messages, request.params(), request.tools(),
        request.toolChoice(), request.responseFormat(), request.stream(), request.includeUsage(),
        request.user(), request.extensions());
  }

  private static Message inline(Message m, Map<String, ImageSource.Inline> fetched) {
    if (!m.hasImages()) {
      return m;
    }
    List<ContentPart> content = new ArrayList<>(m.content().size());
    for (ContentPart part : m.content()) {
      content.add(inline(part, fetched));
    }
    return new Message(m.role(), content, m.toolCalls(), m.toolCallId(), m.name(),
        m.reasoning());
  }

  private static ContentPart inline(ContentPart part, Map<String, ImageSource.Inline> fetched) {
    if (!(part instanceof ContentPart.Image)) {
      return part;
    }
    ContentPart.Image image = (ContentPart.Image) part;
    if (!(image.source() instanceof ImageSource.Url)) {
      return part;
    }
    ImageSource.Inline bytes = fetched.get(((ImageSource.Url) image.source()).url());
    return bytes == null ? part : new ContentPart.Image(bytes, image.detail());
  }
}
