package dev.gantry.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ApiKey;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.gateway.RequestIds;
import dev.gantry.gateway.Routes;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.routing.ModelCatalog;
import dev.gantry.policies.tokens.ProviderCounts;
import dev.gantry.policies.tokens.TokenCounter;
import dev.gantry.policies.tokens.TokenTexts;
import dev.gantry.policies.tokens.Tokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /gantry/v1/tokenize}: how many tokens a request would count against the limits, as
 * the model's own tokenizer counts them. The body is a chat request ({@code messages}, counted with
 * the chat framing), a completion ({@code prompt}) or an embedding request ({@code input}); the
 * answer is {@code {"model", "tokenizer", "count"}}. Keys see only the models they may use. A chat
 * request to an alias configured {@code tokenizer: provider} is counted by its provider, as
 * admission counts it (the estimate when that fails).
 */
public final class TokenizeApi implements Routes {

  private final Supplier<KeyRing> keys;
  private final Supplier<ModelCatalog> catalog;
  private final Supplier<Tokens> tokens;
  private final ProviderCounts providerCounts;

  public TokenizeApi(Supplier<KeyRing> keys, Supplier<ModelCatalog> catalog,
      Supplier<Tokens> tokens, ProviderCounts providerCounts) {
    this.keys = keys;
    this.catalog = catalog;
    this.tokens = tokens;
    this.providerCounts = providerCounts;
  }

  /** The route; the body handler must be mounted before. */
  @Override
  public void mount(Router router) {
    router.post("/gantry/v1/tokenize").handler(this::tokenize);
  }

  private void tokenize(RoutingContext ctx) {
    JsonAnswers.answer(ctx, () -> {
      Optional<ApiKey> key = Authenticate.verify(keys.get(),
          OpenAiApi.presentedKey(ctx.request()));
      JsonNode body = Json.parse(ctx.body().buffer());
      String model = body.path("model").asText(null);
      if (model == null || model.isEmpty()) {
        throw GatewayException.invalid("Missing required parameter: 'model'.", "model");
      }
      ModelAlias alias = catalog.get().alias(model)
          .filter(a -> key.isEmpty() || key.get().allows(a.name()))
          .orElseThrow(() -> GatewayException.modelNotFound(model));
      return count(body, alias, RequestIds.of(ctx)).map(count -> new JsonObject()
          .put("model", alias.name()).put("tokenizer", alias.tokenizer().toString())
          .put("count", count));
    });
  }

  private Future<Integer> count(JsonNode body, ModelAlias alias, String requestId) {
    Tokens t = tokens.get();
    TokenCounter counter = t.counter(alias.name());
    if (body.has("messages")) {
      var request = OpenAiChat.readRequest(body);
      Supplier<Future<Integer>> local = () -> t.count(counter,
          TokenTexts.promptWork(counter, request), () -> TokenTexts.prompt(counter, request));
      return alias.tokenizer().kind() == TokenizerSpec.Kind.PROVIDER
          ? providerCounts.chatPrompt(alias, request, requestId, local) : local.get();
    }
    if (body.has("prompt")) {
      var request = OpenAiCompletions.readRequest(body);
      return t.count(counter, request.prompt().toString().length(),
          () -> TokenTexts.prompt(counter, request));
    }
    if (body.has("input")) {
      var request = OpenAiEmbeddings.readRequest(body);
      return t.count(counter, TokenTexts.embeddingChars(request.input()),
          () -> TokenTexts.embedding(counter, request.input()));
    }
    return Future.failedFuture(new GatewayException(ErrorKind.INVALID_REQUEST,
        "Give the text to count as messages (chat), prompt (completion) or input (embeddings).",
        "messages", -1, null));
  }
}
