package dev.gantry.adapters.bedrock;

import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.adapters.bedrock.auth.BedrockSigner;
import dev.gantry.adapters.bedrock.eventstream.EventStreamFramer;
import dev.gantry.adapters.bedrock.invoke.BedrockEmbeddings;
import dev.gantry.adapters.bedrock.invoke.BedrockImages;
import dev.gantry.adapters.http.Calls;
import dev.gantry.adapters.http.Fanout;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.media.ImageFetcher;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.CountCall;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.InputTokenCounting;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.UpstreamErrors;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Amazon Bedrock Runtime: chat through Converse and ConverseStream, embeddings and images through
 * InvokeModel. Each call: remote image URLs fetched and inlined (Bedrock takes bytes), the pure
 * translators build the request, {@link BedrockSigner} signs the exact bytes (SigV4, service
 * {@code bedrock}, or a Bedrock API key), and the shared {@link HttpTransport} sends it. Calls
 * that fan out (Titan embeds one text per call, Stability makes one image per call) run at most
 * {@value #MAX_IN_FLIGHT} at a time. Chat prompts can be counted by Bedrock itself
 * ({@code CountTokens}, {@link ConverseCountTokens}) from the same Converse translation.
 */
public final class BedrockAdapter implements ProviderAdapter, InputTokenCounting {

  static final int MAX_IN_FLIGHT = 8;
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION,
      Capability.JSON_SCHEMA, Capability.EMBEDDINGS, Capability.IMAGES));

  private final String endpoint;
  private final BedrockCredentials credentials;
  private final BedrockSigner signer;
  private final HttpTransport transport;
  private final ImageFetcher images;
  private final BedrockConverseTranslator converse = new BedrockConverseTranslator();

  /**
   * @param env where secret references and the AWS shared-file locations are read
   * @throws IllegalStateException when a configured secret cannot be read
   */
  public BedrockAdapter(Vertx vertx, ProviderSettings.Bedrock settings, Map<String, String> env) {
    this(vertx, settings, BedrockCredentials.create(vertx, settings, env),
        new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS));
  }

  /** For tests: injected credentials and image fetch policy. */
  public BedrockAdapter(Vertx vertx, ProviderSettings.Bedrock settings,
      BedrockCredentials credentials, ImageFetcher images) {
    this.endpoint = settings.endpointUrl();
    this.credentials = credentials;
    this.signer = new BedrockSigner(credentials, settings.region(), Clock.systemUTC());
    this.transport = new HttpTransport(vertx, endpoint, settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
    this.images = images;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** Resolves credentials once, so a gateway without usable AWS credentials is not ready. */
  @Override
  public Future<Void> warmUp() {
    return credentials.current().mapEmpty();
  }

  @Override
  public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    return images.resolveImages(call.request())
        .compose(request -> signed(() -> converse.toRequest(request, call.upstreamModel(), false, endpoint)))
        .compose(request -> transport.exchange(request, call,
            response -> converse.fromResponse(Json.parseUpstream(response.body())),
            BedrockErrors::fromResponse));
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    return images.resolveImages(call.request())
        .compose(request -> signed(() -> converse.toRequest(request, call.upstreamModel(), true, endpoint)))
        .compose(request -> transport.stream(request, call, new EventStreamFramer(),
            new ConverseStreamDecoder(), BedrockErrors::fromResponse));
  }

  /** {@code CountTokens} of the Converse request {@link #chat} would send. */
  @Override
  public Future<CountCall> prepareCount(Invocation<ChatRequest> call) {
    return images.resolveImages(call.request())
        .compose(request -> Calls.translate(() -> ConverseCountTokens.toRequest(
            converse.toRequest(request, call.upstreamModel(), false, endpoint))))
        .map(request -> CountCall.of(request.url(), request.body(),
            () -> signer.sign(request).compose(signedRequest -> transport.exchange(signedRequest,
                call,
                response -> ConverseCountTokens.fromResponse(Json.parseUpstream(response.body())),
                BedrockErrors::fromResponse))));
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    return Calls.translate(() -> BedrockEmbeddings.plan(call.request(), call.upstreamModel(),
            endpoint, call.options()))
        .compose(plan -> sendAll(plan.requests(), call)
            .compose(responses -> Calls.read(() -> BedrockEmbeddings.combine(plan, responses))));
  }

  @Override
  public Future<ImageResponse> generateImages(Invocation<ImageRequest> call) {
    return Calls.translate(() -> BedrockImages.plan(call.request(), call.upstreamModel(), endpoint,
            call.options()))
        .compose(plan -> sendAll(plan.requests(), call)
            .compose(responses -> Calls.read(() -> BedrockImages.combine(plan, responses))));
  }

  @Override
  public Future<Void> close() {
    return Future.join(transport.close(), images.close(), credentials.close()).mapEmpty();
  }

  /** Translates (a failure becomes a failed future), then signs. */
  private Future<ProviderHttpRequest> signed(Supplier<ProviderHttpRequest> translate) {
    return Calls.translate(translate).compose(signer::sign);
  }

  /** Signs and sends InvokeModel calls, bounded; any error status fails the whole call. */
  private Future<List<UpstreamResponse>> sendAll(List<ProviderHttpRequest> requests,
      Invocation<?> call) {
    List<Supplier<Future<UpstreamResponse>>> calls = new ArrayList<>(requests.size());
    for (ProviderHttpRequest request : requests) {
      calls.add(() -> signer.sign(request)
          .compose(signedRequest -> transport.send(signedRequest, call.timeout(),
              call.cancellation()))
          .compose(response -> response.ok() ? Future.succeededFuture(response)
              : Future.failedFuture(BedrockErrors.fromResponse(response))));
    }
    return Fanout.all(calls, MAX_IN_FLIGHT).recover(e -> Future.failedFuture(
        e instanceof GatewayException ? e : UpstreamErrors.malformed(e)));
  }
}
