package dev.gantry.sdk;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One page of a cursor list: OpenAI's ({@code {object: list, data, has_more, first_id, last_id}},
 * the next page starts {@code after} the last id) or the admin API's (newest first, the next page
 * starts {@code before} the last item's number). {@link #autoPager()} walks this page and the
 * following ones, fetching each next page only when needed, until there is none.
 *
 * @param <T> the items
 */
public final class Page<T> {
  private final List<T> data;
  private final boolean hasMore;
  private final String firstId;
  private final String lastId;
  private final GantryHeaders headers;
  private final Function<String, Page<T>> next;

  /**
   * Used by the services.
   *
   * @param next fetches the page that follows the item with this id
   */
  public Page(List<T> data, boolean hasMore, String firstId, String lastId, GantryHeaders headers,
      Function<String, Page<T>> next) {
    this.data = data == null ? List.of() : List.copyOf(data);
    this.hasMore = hasMore;
    this.firstId = firstId;
    this.lastId = lastId;
    this.headers = headers == null ? GantryHeaders.empty() : headers;
    this.next = Objects.requireNonNull(next, "next");
  }

  /** This page's items. */
  public List<T> data() {
    return data;
  }

  /**
   * Whether items may follow this page: OpenAI's {@code has_more}; for the admin API's lists,
   * which do not say, whether the page is full (the page after a full last page is empty).
   */
  public boolean hasMore() {
    return hasMore;
  }

  /** The first item's id, if the page is not empty. */
  public Optional<String> firstId() {
    return Optional.ofNullable(firstId);
  }

  /** The last item's id (the next page's cursor), if the page is not empty. */
  public Optional<String> lastId() {
    return Optional.ofNullable(lastId);
  }

  /** This page's answer headers. */
  public GantryHeaders headers() {
    return headers;
  }

  /** The next page, if there is one. */
  public Optional<Page<T>> nextPage() {
    return hasMore && lastId != null ? Optional.of(next.apply(lastId)) : Optional.empty();
  }

  /** All items from this page on, fetching the following pages lazily. */
  public Iterable<T> autoPager() {
    return () -> new Iterator<>() {
      private Page<T> page = Page.this;
      private int index;

      @Override
      public boolean hasNext() {
        while (index >= page.data.size()) {
          Optional<Page<T>> following = page.nextPage();
          if (following.isEmpty()) {
            return false;
          }
          page = following.get();
          index = 0;
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.data.get(index++);
      }
    };
  }

  /** {@link #autoPager()} as a sequential stream. */
  public Stream<T> stream() {
    return StreamSupport.stream(autoPager().spliterator(), false);
  }

  @Override
  public String toString() {
    return "Page[size=" + data.size() + ", hasMore=" + hasMore + ", lastId=" + lastId + "]";
  }
}
