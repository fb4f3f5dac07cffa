package dev.wasiotel.host.wasi.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback HTTP/1.1 server for the outgoing-handler tests that answers each request by a script
 * (headers, some bytes, a stall ...) written on the raw socket, so the timings a test needs are the
 * server's own. It records what it received; closing it ends every stall.
 */
final class LoopbackServer implements AutoCloseable {
    /** What the server does with one connection, after reading the request. */
    interface Script {
        void answer(Received request, OutputStream out, LoopbackServer server) throws Exception;
    }

    /** A request as received: its head (lower-cased names) and body. */
    record Received(String head, byte[] body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final ServerSocket socket;
    private final Script script;
    private final CountDownLatch closed = new CountDownLatch(1);
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    LoopbackServer(Script script) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread t = new Thread(this::accept, "loopback-http");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    String authority() {
        return "127.0.0.1:" + port();
    }

    /** Holds the connection open without a byte more until the server is closed. */
    void stall() throws InterruptedException {
        closed.await();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "loopback-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                head.write(c);
                matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            Received r = new Received(head.toString(StandardCharsets.ISO_8859_1), new byte[0]);
            String length = r.header("content-length");
            if (length != null) {
                r = new Received(r.head(), in.readNBytes(Integer.parseInt(length)));
            } else if ("chunked".equalsIgnoreCase(r.header("transfer-encoding"))) {
                r = new Received(r.head(), chunked(in));
            }
            received.add(r);
            script.answer(r, s.getOutputStream(), this);
        } catch (Exception e) {
            if (closed.getCount() > 0) {
                failures.add(e);
            }
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        socket.close();
    }
}
