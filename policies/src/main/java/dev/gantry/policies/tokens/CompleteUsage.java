package dev.gantry.policies.tokens;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.Price;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import dev.gantry.policies.routing.Route;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/**
 * Usage always reaches the client: what the provider reported, or else what the alias's tokenizer
 * counts — the prompt as sent and, for answers, what was generated (a stream's text as it went
 * by). Only the missing counts are computed, after the answer, so a provider that reports usage
 * costs nothing here.
 */
public final class CompleteUsage implements Stage {

  private final Supplier<Tokens> tokens;

  public CompleteUsage(Supplier<Tokens> tokens) {
    this.tokens = tokens;
  }

  /** The price of a whole answer, in the unit of the deployment's price (USD by convention). */
  public static final String COST_HEADER = "x-gantry-cost-usd";

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    return next.proceed(exchange).compose(outcome -> complete(exchange, outcome))
        .onSuccess(outcome -> cost(exchange, outcome));
  }

  /**
   * Sets {@value #COST_HEADER} on a whole answer from a priced deployment: prompt tokens (those
   * read from the provider's cache at the cached price) and completion tokens.
   */
  private static void cost(Exchange exchange, Outcome outcome) {
    Price price = exchange.route().map(r -> r.deployment().price()).orElse(null);
    if (price == null || !(outcome instanceof Outcome.Completed)) {
      return;
    }
    Usage usage = usageOf(((Outcome.Completed) outcome).response());
    if (usage != null) {
      exchange.headers().put(COST_HEADER, String.format(java.util.Locale.ROOT, "%.8f",
          cost(price, usage)));
    }
  }

  /** What {@code usage} costs at {@code price} (per million tokens; cached prompt tokens apart). */
  public static double cost(Price price, Usage usage) {
    long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
    return ((usage.promptTokens() - cached) * price.input() + cached * price.cachedInput()
        + usage.completionTokens() * price.output()) / 1_000_000.0;
  }

  private static Usage usageOf(Object response) {
    if (response instanceof ChatResponse) {
      return ((ChatResponse) response).usage();
    }
    if (response instanceof CompletionResponse) {
      return ((CompletionResponse) response).usage();
    }
    if (response instanceof EmbeddingResponse) {
      return ((EmbeddingResponse) response).usage();
    }
    if (response instanceof ImageResponse) {
      return ((ImageResponse) response).usage();
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private Future<Outcome> complete(Exchange exchange, Outcome outcome) {
    Route route = exchange.route().orElse(null);
    if (route == null) {
      return Future.succeededFuture(outcome);
    }
    Tokens t = tokens.get();
    TokenCounter counter = t.counter(route.alias().name());
    ApiCall call = exchange.call();
    if (outcome instanceof Outcome.Streaming) {
      UpstreamStream<?> stream = ((Outcome.Streaming) outcome).stream();
      if (call instanceof ApiCall.Chat) {
        ApiCall.Chat chat = (ApiCall.Chat) call;
        return streaming(new UsageStream<>((UpstreamStream<ChatChunk>) stream,
            chunk -> chunk.usage() != null, TokenTexts::appendGenerated,
            text -> t.count(counter, TokenTexts.promptWork(counter, chat.request()) + text.length(),
                () -> Usage.of(TokenTexts.prompt(counter, chat.request()), counter.count(text))),
            ChatChunk::usage));
      }
      if (call instanceof ApiCall.Completion) {
        ApiCall.Completion completion = (ApiCall.Completion) call;
        return streaming(new UsageStream<>((UpstreamStream<CompletionResponse>) stream,
            chunk -> chunk.usage() != null, CompleteUsage::appendCompletion,
            text -> t.count(counter, completion.request().prompt().toString().length() + text.length(),
                () -> Usage.of(TokenTexts.prompt(counter, completion.request()),
                    counter.count(text))),
            usage -> new CompletionResponse(List.of(), usage)));
      }
      return Future.succeededFuture(outcome);
    }
    Object response = ((Outcome.Completed) outcome).response();
    if (response instanceof ChatResponse && ((ChatResponse) response).usage() == null) {
      ChatResponse r = (ChatResponse) response;
      ApiCall.Chat chat = (ApiCall.Chat) call;
      return completed(t.count(counter, TokenTexts.promptWork(counter, chat.request()) * 2, () ->
          new ChatResponse(r.choices(), Usage.of(TokenTexts.prompt(counter, chat.request()),
              TokenTexts.completion(counter, r)), r.systemFingerprint())));
    }
    if (response instanceof CompletionResponse && ((CompletionResponse) response).usage() == null) {
      CompletionResponse r = (CompletionResponse) response;
      ApiCall.Completion completion = (ApiCall.Completion) call;
      return completed(t.count(counter, completion.request().prompt().toString().length() * 2L, () ->
          new CompletionResponse(r.choices(), Usage.of(
              TokenTexts.prompt(counter, completion.request()),
              TokenTexts.completion(counter, r)))));
    }
    if (response instanceof EmbeddingResponse && ((EmbeddingResponse) response).usage() == null) {
      EmbeddingResponse r = (EmbeddingResponse) response;
      ApiCall.Embeddings embeddings = (ApiCall.Embeddings) call;
      return completed(t.count(counter, TokenTexts.embeddingChars(embeddings.request().input()),
          () -> new EmbeddingResponse(r.vectors(),
              Usage.of(TokenTexts.embedding(counter, embeddings.request().input()), 0))));
    }
    return Future.succeededFuture(outcome);
  }

  private static Future<Outcome> streaming(UpstreamStream<?> stream) {
    return Future.succeededFuture(Outcome.streaming(stream));
  }

  private static Future<Outcome> completed(Future<?> response) {
    return response.map(Outcome::completed);
  }

  private static void appendCompletion(CompletionResponse chunk, StringBuilder into) {
    for (CompletionResponse.Choice choice : chunk.choices()) {
      if (choice.text() != null) {
        into.append(choice.text());
      }
    }
  }
}
