package dev.gantry.finetune.trainer.bedrock;

import dev.gantry.adapters.http.PathSegment;
import dev.gantry.adapters.http.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Uploads a file to S3 with one SigV4-signed {@code PutObject}, streamed from disk.
 *
 * <p>S3 signs differently from Bedrock: signing name {@code s3}, the path encoded once (not
 * again) and not normalized, and the payload's SHA-256 sent in {@code x-amz-content-sha256}.
 * AWS's {@link AwsV4HttpSigner} computes that hash by reading the file, so {@link #sign} is
 * blocking and runs on the worker, right after the conversion wrote the file; the upload then
 * streams the file with its exact {@code content-length} (no chunked encoding, which S3 refuses
 * without {@code aws-chunked}).
 *
 * <p>URLs: with an {@code s3_endpoint}, path-style {@code <endpoint>/<bucket>/<key>}; else the
 * region's virtual-hosted {@code https://<bucket>.s3.<region>.amazonaws.com/<key>} (path-style on
 * the regional endpoint for bucket names with dots, which the wildcard certificate does not
 * cover).
 */
final class S3Upload {

  static final String SIGNING_NAME = "s3";
  private static final String CONTENT_TYPE = "application/jsonl";

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final Vertx vertx;
  private final HttpClient client;
  private final TrainerOptions options;
  private final String region;
  private final Clock clock;
  private final Duration timeout;

  S3Upload(Vertx vertx, HttpClient client, TrainerOptions options, String region, Clock clock,
      Duration timeout) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
    this.region = region;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** A signed PUT, ready to send. */
  record SignedPut(String url, Map<String, String> headers, Path file) {}

  /** The object's URL. */
  String url(String key) {
    String path = "/" + java.util.Arrays.stream(key.split("/", -1)).map(PathSegment::encode)
        .collect(Collectors.joining("/"));
    if (options.s3Endpoint() != null) {
      return options.s3Endpoint() + "/" + PathSegment.encode(options.bucket()) + path;
    }
    String domain = region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
    if (options.bucket().contains(".")) {
      return "https://s3." + region + domain + "/" + options.bucket() + path;
    }
    return "https://" + options.bucket() + ".s3." + region + domain + path;
  }

  /** Signs a PUT of {@code file} to {@code key}; blocking (reads the file to hash it). */
  SignedPut sign(String key, Path file, long length, AwsCredentialsIdentity identity) {
    String url = url(key);
    SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.PUT)
        .uri(URI.create(url))
        .putHeader("content-type", CONTENT_TYPE)
        .putHeader("content-length", Long.toString(length))
        .build();
    ContentStreamProvider payload = () -> open(file);
    SdkHttpRequest signed = signer.sign(r -> r
        .identity(identity)
        .request(unsigned)
        .payload(payload)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", CONTENT_TYPE);
    headers.put("content-length", Long.toString(length));
    for (String name : new String[] {"x-amz-date", "x-amz-content-sha256",
        "x-amz-security-token", "authorization"}) {
      signed.firstMatchingHeader(name).ifPresent(value -> headers.put(name, value));
    }
    return new SignedPut(url, headers, file);
  }

  /** Streams the file; fails with a {@link dev.gantry.finetune.trainer.TrainerException}. */
  Future<Void> put(SignedPut put) {
    URI url = URI.create(put.url());
    boolean ssl = "https".equalsIgnoreCase(url.getScheme());
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.PUT)
        .setHost(url.getHost())
        .setPort(url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80)
        .setSsl(ssl)
        .setURI(url.getRawPath())
        .setIdleTimeout(timeout.toMillis());
    put.headers().forEach(request::putHeader);
    return vertx.fileSystem().open(put.file().toString(), new OpenOptions().setRead(true))
        .compose(file -> send(request, file).eventually(file::close))
        .recover(t -> Future.failedFuture(TrainerErrors.other("S3 upload", t)));
  }

  private Future<Void> send(RequestOptions request, AsyncFile file) {
    return client.request(request)
        .compose(req -> req.send(file))
        .compose(this::read);
  }

  private Future<Void> read(HttpClientResponse response) {
    return response.body().compose(body -> {
      UpstreamResponse answer = new UpstreamResponse(response.statusCode(), response.headers(),
          body);
      return answer.ok() ? Future.succeededFuture()
          : Future.failedFuture(TrainerErrors.s3(answer));
    });
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
