package dev.gantry.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fetcher against a local Vert.x image host. Tests reach it with {@code allowHttp} and
 * {@code allowPrivateAddresses}, through a fake resolver that maps every {@code *.test} name to
 * 127.0.0.1 and records each lookup; the default policy is tested on its own.
 */
@ExtendWith(VertxExtension.class)
class ImageFetcherTest {

  private static final String PARAM = "messages[0].content[1].image_url";
  private static final ImageFetcher.Policy TEST_POLICY =
      new ImageFetcher.Policy(1024, Duration.ofSeconds(5), true, true);

  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private final List<ImageFetcher> fetchers = new ArrayList<>();
  private FakeImageServer server;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    FakeImageServer.start(vertx).onComplete(ctx.succeeding(fake -> {
      server = fake;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    List<Future<Void>> closing = new ArrayList<>();
    fetchers.forEach(f -> closing.add(f.close()));
    closing.add(server.close());
    Future.all(closing).onComplete(ctx.succeedingThenComplete());
  }

  /** Maps {@code *.test} and IP literals to addresses without DNS, recording each lookup. */
  private Future<List<InetAddress>> fakeResolve(String host, String testAddress) {
    lookups.add(host);
    try {
      return Future.succeededFuture(List.of(InetAddress.getByName(
          host.endsWith(".test") ? testAddress : host)));
    } catch (UnknownHostException e) {
      return Future.failedFuture(e);
    }
  }

  private ImageFetcher fetcher(ImageFetcher.Policy policy) {
    return fetcher(policy, "127.0.0.1");
  }

  private ImageFetcher fetcher(ImageFetcher.Policy policy, String testAddress) {
    ImageFetcher f = new ImageFetcher(vertx, policy, host -> fakeResolve(host, testAddress));
    fetchers.add(f);
    return f;
  }

  private String url(String host, String path) {
    return "http://" + host + ":" + server.port() + path;
  }

  private void expectInvalid(VertxTestContext ctx, Future<?> fetch, String message) {
    fetch.onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(GatewayException.class);
      GatewayException g = (GatewayException) e;
      assertThat(g.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
      assertThat(g.param()).isEqualTo(PARAM);
      assertThat(g.getMessage()).isEqualTo(message);
      ctx.completeNow();
    })));
  }

  @Test
  void fetch_png_returnsBase64WithSniffedType(VertxTestContext ctx) {
    fetcher(TEST_POLICY).fetch(url("images.test", "/ok.png"), PARAM)
        .onComplete(ctx.succeeding(image -> ctx.verify(() -> {
          assertThat(image.mediaType()).isEqualTo("image/png");
          assertThat(image.bytes()).isEqualTo(ImageTypesTest.PNG);
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_namedHost_connectsToVettedAddressKeepingHostHeader(VertxTestContext ctx) {
    fetcher(TEST_POLICY).fetch(url("images.test", "/ok.png"), PARAM)
        .onComplete(ctx.succeeding(image -> ctx.verify(() -> {
          assertThat(lookups).containsExactly("images.test");
          assertThat(server.hits()).containsExactly(
              new FakeImageServer.Hit("images.test:" + server.port(), "/ok.png"));
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_declaredJpegButPngBytes_prefersSniffedType(VertxTestContext ctx) {
    fetcher(TEST_POLICY).fetch(url("images.test", "/mislabeled.jpg"), PARAM)
        .onComplete(ctx.succeeding(image -> ctx.verify(() -> {
          assertThat(image.mediaType()).isEqualTo("image/png");
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_htmlPage_failsNotAnImage(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/page"), PARAM),
        "not an image: text/html");
  }

  @Test
  void fetch_noContentType_failsNotAnImage(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/untyped"), PARAM),
        "not an image: the response has no content type");
  }

  @Test
  void fetch_imageTypeWithHtmlBytes_failsNotAnImage(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/fake.png"), PARAM),
        "not an image: the content is not PNG, JPEG, GIF or WebP");
  }

  @Test
  void fetch_contentLengthOverCap_failsBeforeReading(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/big-declared.png"), PARAM),
        "image larger than 1 KiB");
  }

  @Test
  void fetch_streamedBodyOverCap_abortsDownload(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/big-streamed.png"), PARAM),
        "image larger than 1 KiB");
  }

  @Test
  void fetch_defaultCap_is20MiB(VertxTestContext ctx) {
    ImageFetcher.Policy policy = new ImageFetcher.Policy(ImageFetcher.Policy.DEFAULTS.maxBytes(),
        Duration.ofSeconds(5), true, true);
    assertThat(policy.maxBytes()).isEqualTo(20L * 1024 * 1024);
    assertThat(ImageFetcher.Policy.DEFAULTS.timeout()).isEqualTo(Duration.ofSeconds(10));
    fetcher(policy).fetch(url("images.test", "/ok.png"), PARAM)
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void fetch_noAnswer_timesOut(VertxTestContext ctx) {
    ImageFetcher.Policy policy = new ImageFetcher.Policy(1024, Duration.ofMillis(300), true, true);
    expectInvalid(ctx, fetcher(policy).fetch(url("images.test", "/slow.png"), PARAM),
        "image download timed out after 300 ms");
  }

  @Test
  void fetch_notFound_failsWithStatus(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/missing.png"), PARAM),
        "image URL answered HTTP 404");
  }

  @Test
  void fetch_closedPort_failsCouldNotConnect(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch("http://images.test:1/x.png", PARAM),
        "image download failed: could not connect to the image host");
  }

  @Test
  void fetch_redirectChain_followsEachHopAfterResolvingItAgain(VertxTestContext ctx) {
    fetcher(TEST_POLICY).fetch(url("a.test", "/hop1"), PARAM)
        .onComplete(ctx.succeeding(image -> ctx.verify(() -> {
          assertThat(image.mediaType()).isEqualTo("image/png");
          assertThat(lookups).containsExactly("a.test", "b.test", "b.test", "c.test");
          int port = server.port();
          assertThat(server.hits()).containsExactly(
              new FakeImageServer.Hit("a.test:" + port, "/hop1"),
              new FakeImageServer.Hit("b.test:" + port, "/hop2"),
              new FakeImageServer.Hit("b.test:" + port, "/hop3"),
              new FakeImageServer.Hit("c.test:" + port, "/ok.png"));
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_redirectLoop_stopsAfterThree(VertxTestContext ctx) {
    fetcher(TEST_POLICY).fetch(url("images.test", "/loop"), PARAM)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage("image URL redirected more than 3 times");
          assertThat(server.hits()).hasSize(4);
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_redirectWithoutLocation_fails(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/no-location"), PARAM),
        "image URL redirected without a location");
  }

  @Test
  void fetch_redirectToFileUrl_isVettedAndRefused(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch(url("images.test", "/to-file"), PARAM),
        "image URL must use http or https");
  }

  @Test
  void fetch_gsUri_refusedWithAClearMessageWithoutLookup(VertxTestContext ctx) {
    fetcher(ImageFetcher.Policy.DEFAULTS, "10.1.2.3").fetch("gs://bucket/cat.png", PARAM)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessageContaining("gs:// images are read only by Vertex AI");
          assertThat(((GatewayException) e).param()).isEqualTo(PARAM);
          assertThat(lookups).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void resolveImages_keptUrls_areLeftAsTheyAre(VertxTestContext ctx) {
    ChatRequest request = ChatRequest.of("m", List.of(new Message(Role.USER,
        List.of(ContentPart.image(new ImageSource.Url("gs://bucket/cat.png"))), List.of(), null, null)));
    fetcher(ImageFetcher.Policy.DEFAULTS, "10.1.2.3").resolveImages(request, url -> url.startsWith("gs://"))
        .onComplete(ctx.succeeding(resolved -> ctx.verify(() -> {
          assertThat(resolved).isSameAs(request);
          assertThat(lookups).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_nameResolvingToPrivateAddress_refusedWithoutConnecting(VertxTestContext ctx) {
    ImageFetcher.Policy guarded = new ImageFetcher.Policy(1024, Duration.ofSeconds(5), true, false);
    fetcher(guarded, "10.1.2.3").fetch(url("rebind.test", "/ok.png"), PARAM)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage("image URL resolves to a private address");
          assertThat(((GatewayException) e).param()).isEqualTo(PARAM);
          assertThat(lookups).containsExactly("rebind.test");
          assertThat(server.connections()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_nameWithAnyPrivateAddress_refused(VertxTestContext ctx) throws Exception {
    List<InetAddress> mixed = List.of(InetAddress.getByName("93.184.215.14"),
        InetAddress.getByName("127.0.0.1"));
    ImageFetcher f = new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS,
        host -> Future.succeededFuture(mixed));
    fetchers.add(f);
    expectInvalid(ctx, f.fetch("https://mixed.test/x.png", PARAM),
        "image URL resolves to a loopback address");
  }

  @Test
  void fetch_unresolvableHost_fails(VertxTestContext ctx) {
    ImageFetcher f = new ImageFetcher(vertx, TEST_POLICY,
        host -> Future.failedFuture(new UnknownHostException(host)));
    fetchers.add(f);
    expectInvalid(ctx, f.fetch("https://nowhere.test/x.png", PARAM),
        "image URL host could not be resolved");
  }

  @Test
  void fetch_credentialsInUrl_refused(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch("http://user:pw@images.test/x.png", PARAM),
        "image URL must not contain credentials");
  }

  @Test
  void fetch_notAUrl_refused(VertxTestContext ctx) {
    expectInvalid(ctx, fetcher(TEST_POLICY).fetch("http://exa mple.test/x.png", PARAM),
        "image URL is not a valid URL");
  }

  @Test
  void fetch_defaultPolicyPlainHttpLoopback_refusedWithoutConnection(VertxTestContext ctx) {
    ImageFetcher f = new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS);
    fetchers.add(f);
    f.fetch("http://127.0.0.1:" + server.port() + "/ok.png", PARAM)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage("image URL must use https");
          assertThat(server.connections()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_defaultPolicyHttpsLocalhost_refusedWithoutConnection(VertxTestContext ctx) {
    ImageFetcher f = new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS);
    fetchers.add(f);
    f.fetch("https://localhost:" + server.port() + "/ok.png", PARAM)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage("image URL resolves to a loopback address");
          assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(server.connections()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void fetch_defaultPolicyMetadataAddress_refusedWithoutConnection(VertxTestContext ctx) {
    ImageFetcher f = new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS);
    fetchers.add(f);
    expectInvalid(ctx, f.fetch("https://169.254.169.254/latest/meta-data/", PARAM),
        "image URL resolves to a link-local address");
  }

  @Test
  void fetch_defaultPolicyIpv4MappedPrivateLiteral_refused(VertxTestContext ctx) {
    ImageFetcher f = new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS);
    fetchers.add(f);
    expectInvalid(ctx, f.fetch("https://[::ffff:10.0.0.1]/x.png", PARAM),
        "image URL resolves to a private address");
  }

  @Test
  void resolveImages_request_fetchesEachUrlOnceAndInlines(VertxTestContext ctx) {
    String ok = url("images.test", "/ok.png");
    String other = url("other.test", "/mislabeled.jpg");
    ChatRequest request = ChatRequest.of("alias", List.of(
        new Message(Role.USER, List.of(ContentPart.text("what?"),
            new ContentPart.Image(new ImageSource.Url(ok), "low"),
            new ContentPart.Image(new ImageSource.Url(other), null)), List.of(), null, null),
        Message.assistant("a dot"),
        new Message(Role.USER, List.of(new ContentPart.Image(new ImageSource.Url(ok), null)),
            List.of(), null, null)));

    fetcher(TEST_POLICY).resolveImages(request)
        .onComplete(ctx.succeeding(out -> ctx.verify(() -> {
          ImageSource.Inline png = new ImageSource.Inline("image/png",
              Base64.getEncoder().encodeToString(ImageTypesTest.PNG));
          assertThat(out.messages().get(0).content()).containsExactly(ContentPart.text("what?"),
              new ContentPart.Image(png, "low"), new ContentPart.Image(png, null));
          assertThat(out.messages().get(2).content())
              .containsExactly(new ContentPart.Image(png, null));
          assertThat(server.hits()).hasSize(2);
          ctx.completeNow();
        })));
  }

  @Test
  void resolveImages_oneBadUrl_failsNamingItsField(VertxTestContext ctx) {
    ChatRequest request = ChatRequest.of("alias", List.of(Message.user("hi"),
        new Message(Role.USER, List.of(
            new ContentPart.Image(new ImageSource.Url(url("images.test", "/ok.png")), null),
            new ContentPart.Image(new ImageSource.Url(url("images.test", "/page")), null)),
            List.of(), null, null)));

    fetcher(TEST_POLICY).resolveImages(request).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).hasMessage("not an image: text/html");
      assertThat(((GatewayException) e).param()).isEqualTo("messages[1].content[1].image_url");
      ctx.completeNow();
    })));
  }

  @Test
  void resolveImages_noRemoteImages_returnsSameRequest(VertxTestContext ctx) {
    ChatRequest request = ChatRequest.of("alias", List.of(Message.user("hi")));
    fetcher(TEST_POLICY).resolveImages(request).onComplete(ctx.succeeding(out -> ctx.verify(() -> {
      assertThat(out).isSameAs(request);
      ctx.completeNow();
    })));
  }

  @Test
  void resolveImages_sixUrls_fetchesAtMostFourAtATime(VertxTestContext ctx) {
    server.holdOpen(6);
    List<ContentPart> parts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      parts.add(new ContentPart.Image(new ImageSource.Url(url("images.test", "/held/" + i)), null));
    }
    ChatRequest request = ChatRequest.of("alias",
        List.of(new Message(Role.USER, parts, List.of(), null, null)));

    fetcher(TEST_POLICY).resolveImages(request).onComplete(ctx.succeeding(out -> ctx.verify(() -> {
      assertThat(ImageInliner.remoteUrls(out)).isEmpty();
      assertThat(server.hits()).hasSize(6);
      assertThat(server.maxHeld()).isEqualTo(ImageFetcher.PARALLELISM);
      ctx.completeNow();
    })));
  }

  @Test
  void fetch_httpsWithUntrustedCertificate_failsTlsHandshake(VertxTestContext ctx) {
    SelfSignedCertificate cert = SelfSignedCertificate.create("images.test");
    vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(cert.keyCertOptions()))
        .requestHandler(r -> r.response().end())
        .listen(0, "127.0.0.1")
        .compose(tls -> fetcher(TEST_POLICY)
            .fetch("https://images.test:" + tls.actualPort() + "/ok.png", PARAM)
            .eventually(tls::close))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessage(
              "image download failed: TLS handshake with the image host failed");
          ctx.completeNow();
        })));
  }

  @Test
  void policy_invalidLimits_rejected() {
    assertThatThrownBy(() -> new ImageFetcher.Policy(0, Duration.ofSeconds(1), false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImageFetcher.Policy(1, Duration.ZERO, false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
