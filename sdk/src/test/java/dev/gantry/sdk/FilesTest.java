package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.sdk.files.FileDeleted;
import dev.gantry.sdk.files.FileObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesTest {
  private static final String FILE = "{\"id\":\"file-abc\",\"object\":\"file\",\"bytes\":%d,"
      + "\"created_at\":1700000000,\"filename\":\"%s\",\"purpose\":\"fine-tune\","
      + "\"status\":\"processed\",\"status_details\":null}";

  private final TestServer server = new TestServer();
  private final GantryClient client =
      GantryClient.builder().baseUrl(server.url()).apiKey("sk-secret").maxRetries(0).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void uploadPath_sendsExactMultipartBody(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("train.jsonl");
    String content = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n";
    Files.writeString(file, content);
    server.thenJson(200, String.format(FILE, content.length(), "train.jsonl"),
        "x-request-id", "req-up");

    FileObject f = client.files().upload(file);

    assertThat(f.id()).isEqualTo("file-abc");
    assertThat(f.filename()).isEqualTo("train.jsonl");
    assertThat(f.purpose()).isEqualTo("fine-tune");
    assertThat(f.headers().requestId()).contains("req-up");
    TestServer.Seen s = server.seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("/v1/files");
    Matcher m = Pattern.compile("multipart/form-data; boundary=(gantry-[0-9a-f]{32})")
        .matcher(s.header("Content-Type"));
    assertThat(m.matches()).isTrue();
    String b = m.group(1);
    String expected = "--" + b + "\r\n"
        + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n"
        + "fine-tune\r\n"
        + "--" + b + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"train.jsonl\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n"
        + content
        + "\r\n--" + b + "--\r\n";
    assertThat(s.body()).isEqualTo(expected);
    assertThat(s.header("Content-Length"))
        .isEqualTo(String.valueOf(expected.getBytes(StandardCharsets.UTF_8).length));
    assertThat(s.header("Authorization")).isEqualTo("Bearer sk-secret");
  }

  @Test
  void uploadStream_isChunkedAndNamed() {
    server.thenJson(200, String.format(FILE, 3, "a \\\"b\\\".jsonl"));
    InputStream in = new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8));
    client.files().upload("a \"b\".jsonl\r\n", in);
    TestServer.Seen s = server.seen.get(0);
    assertThat(s.header("Content-Length")).isNull();
    assertThat(s.body()).contains("filename=\"a %22b%22.jsonl\"\r\n")
        .contains("\r\n\r\nabc\r\n--gantry-");
  }

  @Test
  void uploadLargeFile_isStreamedWithKnownLength(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.jsonl");
    long size = 50L * 1024 * 1024;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);   // sparse: written instantly, never held in memory
    }
    server.countBodies = true;
    server.thenJson(200, String.format(FILE, size, "big.jsonl"));
    FileObject f = client.files().upload(file);
    assertThat(f.bytes()).isEqualTo(size);
    TestServer.Seen s = server.seen.get(0);
    long overhead = Long.parseLong(s.header("Content-Length")) - size;
    assertThat(overhead).isBetween(200L, 400L);
    assertThat(Long.parseLong(s.body())).isEqualTo(size + overhead);
  }

  @Test
  void uploadStream_isSentWhileRead_notBufferedFirst() {
    long size = 50L * 1024 * 1024;
    AtomicLong produced = new AtomicLong();
    AtomicLong producedAtFirstByte = new AtomicLong(-1);
    InputStream generated = new InputStream() {
      @Override
      public int read() {
        return produced.get() < size ? (int) (produced.getAndIncrement() & 0x7f) : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        long left = size - produced.get();
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        produced.addAndGet(n);
        return n;
      }
    };
    server.countBodies = true;
    server.onBodyStart = () -> producedAtFirstByte.compareAndSet(-1, produced.get());
    server.thenJson(200, String.format(FILE, size, "gen.jsonl"));
    client.files().upload("gen.jsonl", generated);
    assertThat(producedAtFirstByte.get()).as("bytes read from the stream when the server got"
        + " the first ones").isBetween(0L, 8L * 1024 * 1024);
    assertThat(Long.parseLong(server.seen.get(0).body())).isGreaterThan(size);
    assertThat(produced.get()).isEqualTo(size);
  }

  @Test
  void uploadStream_isNotRetried() {
    GantryClient retrying = GantryClient.builder().baseUrl(server.url()).maxRetries(3)
        .retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build()).build();
    server.thenError(503, "server_error", null, "busy");
    assertThatThrownBy(() -> retrying.files().upload("x.jsonl",
        new ByteArrayInputStream(new byte[] {1})))
        .isInstanceOf(UpstreamException.class);
    assertThat(server.seen).hasSize(1);
  }

  @Test
  void uploadPath_isRetriedWithTheWholeBody(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.jsonl");
    Files.writeString(file, "line\n");
    GantryClient retrying = GantryClient.builder().baseUrl(server.url()).maxRetries(1)
        .retryPolicy(RetryPolicy.builder().sleeper(d -> { }).build()).build();
    server.thenError(503, "server_error", null, "busy")
        .thenJson(200, String.format(FILE, 5, "t.jsonl"));
    retrying.files().upload(file);
    assertThat(server.seen).hasSize(2);
    assertThat(server.seen.get(1).body()).contains("\r\n\r\nline\n\r\n--gantry-");
  }

  @Test
  void listGetContentDelete() throws IOException {
    server.thenJson(200, "{\"object\":\"list\",\"data\":[" + String.format(FILE, 5, "t.jsonl")
            + "],\"has_more\":false,\"first_id\":\"file-abc\",\"last_id\":\"file-abc\"}")
        .thenJson(200, String.format(FILE, 5, "t.jsonl"))
        .then(ex -> {
          byte[] b = "line\n".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        })
        .thenJson(200, "{\"id\":\"file-abc\",\"object\":\"file\",\"deleted\":true}");
    Page<FileObject> list = client.files().list();
    assertThat(list.data()).extracting(FileObject::id).containsExactly("file-abc");
    assertThat(list.hasMore()).isFalse();
    assertThat(client.files().get("file-abc").bytes()).isEqualTo(5);
    try (InputStream in = client.files().content("file-abc")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line\n");
    }
    FileDeleted d = client.files().delete("file-abc");
    assertThat(d.deleted()).isTrue();
    assertThat(server.seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "GET /v1/files", "GET /v1/files/file-abc", "GET /v1/files/file-abc/content",
        "DELETE /v1/files/file-abc");
  }

  @Test
  void errorsAreMapped() {
    server.thenError(404, "invalid_request_error", "not_found", "No file with id 'nope'",
            "x-request-id", "req-404")
        .thenError(415, "invalid_request_error", null, "Upload files as multipart/form-data");
    assertThatThrownBy(() -> client.files().get("nope")).isInstanceOf(NotFoundException.class)
        .satisfies(e -> assertThat(((GantryException) e).requestId()).contains("req-404"));
    assertThatThrownBy(() -> client.files().content("nope"))
        .isInstanceOf(BadRequestException.class);
  }
}
