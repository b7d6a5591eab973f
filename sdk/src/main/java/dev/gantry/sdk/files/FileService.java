package dev.gantry.sdk.files;

import dev.gantry.sdk.Page;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Pages;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code /v1/files}: uploads (multipart/form-data, {@code purpose=fine-tune}, streamed: the file
 * is never read into memory), list, get, content and delete. Get it from {@code client.files()}.
 */
public final class FileService {
  private static final String PURPOSE = "fine-tune";

  private final Transport transport;

  /** Used by the client. */
  public FileService(Transport transport) {
    this.transport = transport;
  }

  /**
   * Uploads a file from disk, streamed with a known {@code Content-Length}; retried like other
   * calls (the file is read again).
   */
  public FileObject upload(Path file) {
    return upload(file, RequestOptions.none());
  }

  /** {@link #upload(Path)} with per-call options. */
  public FileObject upload(Path file, RequestOptions options) {
    Objects.requireNonNull(file, "file");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path name = file.getFileName();
    Multipart m = new Multipart(name == null ? "file" : name.toString());
    long length = m.preamble.length + size + m.epilogue.length;
    Supplier<BodyPublisher> publisher = () -> BodyPublishers.fromPublisher(
        BodyPublishers.ofInputStream(() -> m.stream(open(file))), length);
    return send(new Transport.Upload(m.contentType(), publisher, true), options);
  }

  /**
   * Uploads a stream as {@code filename} (chunked: its length is unknown). The stream is read
   * once, so the call is not retried; it is not closed.
   */
  public FileObject upload(String filename, InputStream in) {
    return upload(filename, in, RequestOptions.none());
  }

  /** {@link #upload(String, InputStream)} with per-call options. */
  public FileObject upload(String filename, InputStream in, RequestOptions options) {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(in, "in");
    Multipart m = new Multipart(filename);
    AtomicBoolean used = new AtomicBoolean();
    InputStream unclosed = new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // the caller owns the stream
      }
    };
    Supplier<BodyPublisher> publisher = () -> BodyPublishers.ofInputStream(() -> {
      if (used.getAndSet(true)) {
        throw new IllegalStateException("an InputStream upload can be sent only once");
      }
      return m.stream(unclosed);
    });
    return send(new Transport.Upload(m.contentType(), publisher, false), options);
  }

  /** The first page of the key's files, newest first; {@link Page#autoPager()} walks them all. */
  public Page<FileObject> list() {
    return list(null, null, RequestOptions.none());
  }

  /**
   * A page of the key's files, newest first.
   *
   * @param after the id the page starts after, or null
   * @param limit the page size, or null for the server's
   */
  public Page<FileObject> list(String after, Integer limit, RequestOptions options) {
    return Pages.fetch(transport, "/v1/files", after, limit, options, FileObject.class);
  }

  /** One file; {@link dev.gantry.sdk.NotFoundException} if it is unknown. */
  public FileObject get(String id) {
    return get(id, RequestOptions.none());
  }

  /** One file, with per-call options. */
  public FileObject get(String id, RequestOptions options) {
    Answer<FileObject> a =
        transport.send(Transport.Call.get(path(id), options), FileObject.class);
    return a.body().withHeaders(a.headers());
  }

  /** A file's bytes, streamed: the caller must close the stream. */
  public InputStream content(String id) {
    return content(id, RequestOptions.none());
  }

  /** {@link #content(String)} with per-call options. */
  public InputStream content(String id, RequestOptions options) {
    return transport.download(Transport.Call.get(path(id) + "/content", options)).body();
  }

  /** Deletes a file. */
  public FileDeleted delete(String id) {
    return delete(id, RequestOptions.none());
  }

  /** Deletes a file, with per-call options. */
  public FileDeleted delete(String id, RequestOptions options) {
    return transport.send(Transport.Call.delete(path(id), options), FileDeleted.class).body();
  }

  private FileObject send(Transport.Upload upload, RequestOptions options) {
    Answer<FileObject> a =
        transport.send(Transport.Call.upload("/v1/files", upload, options), FileObject.class);
    return a.body().withHeaders(a.headers());
  }

  private static String path(String id) {
    return "/v1/files/" + Urls.segment(id);
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parts around the file: {@code purpose}, then the file's headers; the closing line. */
  static final class Multipart {
    final String boundary = "gantry-" + UUID.randomUUID().toString().replace("-", "");
    final byte[] preamble;
    final byte[] epilogue;

    Multipart(String filename) {
      String safe = filename.replace("\r", "").replace("\n", "").replace("\"", "%22");
      preamble = ("--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n"
          + PURPOSE + "\r\n"
          + "--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"file\"; filename=\"" + safe + "\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
      epilogue = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    InputStream stream(InputStream file) {
      return new SequenceInputStream(Collections.enumeration(List.of(
          new ByteArrayInputStream(preamble), file, new ByteArrayInputStream(epilogue))));
    }
  }
}
