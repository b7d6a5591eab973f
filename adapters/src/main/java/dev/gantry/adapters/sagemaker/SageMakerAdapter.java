package dev.gantry.adapters.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.adapters.bedrock.auth.BedrockSigner;
import dev.gantry.adapters.bedrock.eventstream.EventStreamFramer;
import dev.gantry.adapters.http.Calls;
import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.huggingface.tgi.TgiCall;
import dev.gantry.adapters.huggingface.tgi.TgiErrors;
import dev.gantry.adapters.huggingface.tgi.TgiGenerate;
import dev.gantry.adapters.huggingface.tgi.TgiStreamDecoder;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openaicompat.OpenAiCompatStreamDecoder;
import dev.gantry.adapters.sagemaker.SageMakerOptions.Api;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.stream.StreamDecoder;
import dev.gantry.adapters.template.ChatTemplates;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Amazon SageMaker real-time endpoints hosting Hugging Face containers (TGI, LMI): chat through
 * {@code InvokeEndpoint} and streams through {@code InvokeEndpointWithResponseStream}
 * ({@link InvokeEndpoint}), SigV4-signed with the signing name {@value #SIGNING_NAME} over the
 * exact body bytes ({@link BedrockSigner}, credentials as for Bedrock without API keys).
 *
 * <p>The deployment's model is the endpoint name; its option {@code api} says what the container
 * takes ({@link SageMakerOptions}):
 * <ul>
 *   <li>{@code generate} (the default): TGI's native body {@code {inputs, parameters, stream}}
 *       ({@link TgiGenerate}), the conversation rendered by the model's chat template, read once
 *       from the option {@code tokenizer_config} ({@link ChatTemplates}); rendering costs about a
 *       millisecond of CPU per long conversation, so it runs on a worker, not the event loop.
 *       Answers read as TGI's; streams are TGI's SSE in the response stream's payload parts.</li>
 *   <li>{@code messages}: OpenAI chat bodies (the OpenAI codec, {@code model} left empty: the
 *       container serves its one model) and the OpenAI-compatible stream decoder; tools, images
 *       and logprobs as the container supports them.</li>
 * </ul>
 * Errors: {@link SageMakerErrors}, the container's own errors (in a ModelError) through TGI's or
 * the OpenAI-compatible mapping. Usage is the container's when it reports it; otherwise none is
 * reported and the gateway counts it with the alias's tokenizer.
 */
public final class SageMakerAdapter implements ProviderAdapter {

  /** SageMaker Runtime's SigV4 signing name (service model {@code signingName}). */
  public static final String SIGNING_NAME = "sagemaker";
  static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static final String SERVICE = "SageMaker";
  /**
   * The {@code model} of a Messages API body: empty, as the container serves one model (TGI and
   * LMI ignore the field; vLLM takes an empty one as its own model, a name it does not serve it
   * refuses).
   */
  static final String NO_MODEL = "";

  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS, Capability.VISION,
      Capability.JSON_SCHEMA, Capability.LOGPROBS));

  private final Vertx vertx;
  private final String endpoint;
  private final BedrockCredentials credentials;
  private final BedrockSigner signer;
  private final HttpTransport transport;
  private final ChatTemplates templates;

  /**
   * @param env where secret references and the AWS shared-file locations are read
   * @throws IllegalStateException when a configured secret cannot be read
   */
  public SageMakerAdapter(Vertx vertx, ProviderSettings.SageMaker settings,
      Map<String, String> env) {
    this(vertx, settings, BedrockCredentials.create(vertx, settings, env), Clock.systemUTC());
  }

  /** For tests: injected credentials and signing clock. */
  public SageMakerAdapter(Vertx vertx, ProviderSettings.SageMaker settings,
      BedrockCredentials credentials, Clock clock) {
    this.vertx = vertx;
    this.endpoint = settings.endpointUrl();
    this.credentials = credentials;
    this.signer = new BedrockSigner(credentials, settings.region(), SIGNING_NAME, clock);
    this.transport = new HttpTransport(vertx, endpoint, settings.maxConnections(),
        STREAM_IDLE_TIMEOUT);
    this.templates = new ChatTemplates(vertx);
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
    return Calls.translate(() -> SageMakerOptions.of(call.options()))
        .compose(options -> options.api() == Api.GENERATE
            ? generate(call, options) : messages(call, options));
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    return Calls.translate(() -> SageMakerOptions.of(call.options()))
        .compose(options -> options.api() == Api.GENERATE
            ? generateStream(call, options) : messagesStream(call, options));
  }

  @Override
  public Future<Void> close() {
    return Future.join(transport.close(), credentials.close()).mapEmpty();
  }

  /**
   * The TGI body for {@code api: generate}: the template loaded (once), then rendered on a worker
   * ({@code ordered=false}: renders of concurrent calls do not wait for one another).
   */
  private Future<TgiCall> prepare(Invocation<ChatRequest> call, SageMakerOptions options) {
    return templates.get(options.tokenizerConfig())
        .compose(template -> vertx.executeBlocking(
            () -> TgiGenerate.prepare(call.request(), template), false))
        .recover(e -> Future.failedFuture(GatewayException.from(e)));
  }

  private Future<ChatResponse> generate(Invocation<ChatRequest> call, SageMakerOptions options) {
    return prepare(call, options).compose(tgi -> invoke(call, options,
        json(tgi.compatBody(false)), body -> TgiGenerate.read(tgi, body), TgiErrors::map));
  }

  private Future<UpstreamStream<ChatChunk>> generateStream(Invocation<ChatRequest> call,
      SageMakerOptions options) {
    return prepare(call, options).compose(tgi -> invokeStream(call, options,
        json(tgi.compatBody(true)), new TgiStreamDecoder(tgi), TgiErrors::map));
  }

  private Future<ChatResponse> messages(Invocation<ChatRequest> call, SageMakerOptions options) {
    return Calls.translate(() -> OpenAiChat.writeRequest(call.request(), NO_MODEL, false))
        .compose(body -> invoke(call, options, body, OpenAiChat::readResponse,
            OpenAiErrors::fromResponse));
  }

  private Future<UpstreamStream<ChatChunk>> messagesStream(Invocation<ChatRequest> call,
      SageMakerOptions options) {
    return Calls.translate(() -> OpenAiChat.writeRequest(call.request(), NO_MODEL, true))
        .compose(body -> invokeStream(call, options, body, new OpenAiCompatStreamDecoder(),
            OpenAiErrors::fromResponse));
  }

  /** Signs and sends {@code InvokeEndpoint}; reads the container's JSON answer. */
  private <T> Future<T> invoke(Invocation<ChatRequest> call, SageMakerOptions options,
      Buffer body, Function<JsonNode, T> reader, ErrorMapper container) {
    return signed(call, options, body, false)
        .compose(request -> transport.exchange(request, call,
            response -> reader.apply(Json.parseUpstream(response.body())),
            SageMakerErrors.mapper(container)));
  }

  /** Signs and opens {@code InvokeEndpointWithResponseStream}; decodes the container's SSE. */
  private Future<UpstreamStream<ChatChunk>> invokeStream(Invocation<ChatRequest> call,
      SageMakerOptions options, Buffer body, StreamDecoder<SseEvent, ChatChunk> decoder,
      ErrorMapper container) {
    return signed(call, options, body, true)
        .compose(request -> transport.stream(request, call,
            new EventStreamFramer(SERVICE), new PayloadPartDecoder<>(new SseFramer(), decoder),
            SageMakerErrors.mapper(container)));
  }

  private Future<ProviderHttpRequest> signed(Invocation<ChatRequest> call,
      SageMakerOptions options, Buffer body, boolean stream) {
    return Calls.translate(() -> InvokeEndpoint.request(endpoint, call.upstreamModel(), options,
        call.requestId(), body, stream)).compose(signer::sign);
  }

  private static Buffer json(JsonNode body) {
    return Json.write(g -> g.writeTree(body));
  }
}
