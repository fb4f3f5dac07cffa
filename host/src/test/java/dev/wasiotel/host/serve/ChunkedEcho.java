package dev.wasiotel.host.serve;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Streams a large request body to an echo route and digests the response as it arrives: neither
 * side is ever held whole. The body is {@code size} bytes from {@code new Random(seed)}, sent with
 * chunked encoding on one thread while this one reads. A plain socket speaking HTTP/1.1:
 * {@code java.net.http} reads a response only once it has sent the whole request, which deadlocks
 * against any echo as soon as the socket buffers fill.
 */
public final class ChunkedEcho {
    private static final int CHUNK = 50_000; // not a multiple of any buffer size on the way

    private ChunkedEcho() {
    }

    /**
     * What came back: the status line, whether the body was chunked, its byte count and SHA-256, and
     * the SHA-256 of the sent body (empty when the answer was not a chunked echo).
     */
    public record Result(String status, boolean chunked, long received, byte[] receivedSha256, byte[] sentSha256) {
    }

    /**
     * POSTs the body to {@code uri} (its host, port and path) and reads the response to its end;
     * {@code progress} hears the count of body bytes received so far after every read.
     */
    public static Result post(URI uri, long size, long seed, LongConsumer progress) throws IOException, InterruptedException {
        MessageDigest sent = sha256();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(120_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            Thread writer = new Thread(() -> {
                try {
                    out.write(("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                            + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    Random random = new Random(seed);
                    byte[] chunk = new byte[CHUNK];
                    for (long left = size; left > 0; ) {
                        int n = (int) Math.min(chunk.length, left);
                        random.nextBytes(chunk);
                        sent.update(chunk, 0, n);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk, 0, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        left -= n;
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            }, "chunked-echo-writer");
            writer.setDaemon(true);
            writer.start();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            String status = line(in);
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                chunked |= h.equalsIgnoreCase("transfer-encoding: chunked");
            }
            MessageDigest received = sha256();
            if (!chunked) {
                // an error answer (413, 500, ...): closing the socket ends the writer
                return new Result(status, false, 0, received.digest(), new byte[0]); // the writer still runs
            }
            long count = 0;
            byte[] buffer = new byte[65536];
            for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
                for (int left = n; left > 0; ) {
                    int k = in.read(buffer, 0, Math.min(left, buffer.length));
                    if (k < 0) {
                        throw new IOException("the response ended inside a chunk, after " + count + " bytes");
                    }
                    received.update(buffer, 0, k);
                    left -= k;
                    count += k;
                    progress.accept(count);
                }
                line(in); // the CRLF after the chunk
            }
            writer.join(120_000);
            if (writeFailure.get() != null) {
                throw new UncheckedIOException("sending the body failed", (IOException) writeFailure.get());
            }
            return new Result(status, true, count, received.digest(), sent.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of an HTTP/1.1 head (or chunk framing), without its CRLF. */
    public static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed after `" + b + "`");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
