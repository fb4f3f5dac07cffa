package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;

/**
 * {@link JettyRequestSource} and Jetty's demand: once it has asked Jetty to call back, it reads
 * nothing until the callback comes, so no demand is left pending when the exchange completes
 * (Jetty then fails it, "demand pending", and closes the keep-alive connection after a complete
 * response: the client's next request on it got no answer, the intermittent failure of {@code
 * ComponentServerPoolTest}). Over a socket that needs the guest's thread to take the bytes before
 * Jetty's selector sees them, a race no test can arrange; so here Jetty's side is a body source
 * ({@link Content.Source}, what a Jetty request is to it) whose chunks the test hands over and
 * whose demand callback the test runs, as the selector would, later.
 */
class JettyRequestSourceTest {
    /** A request body that arrives when the test says; its demand callback runs when the test says. */
    private static final class ArrivingBody implements Content.Source {
        final ArrayDeque<Content.Chunk> arrived = new ArrayDeque<>();
        Runnable demand;
        int reads;

        @Override
        public Content.Chunk read() {
            reads++;
            return arrived.poll();
        }

        @Override
        public void demand(Runnable onContentAvailable) {
            assertNull(demand, "a second demand while one is pending");
            demand = onContentAvailable;
        }

        @Override
        public void fail(Throwable failure) {
            arrived.add(Content.Chunk.from(failure));
        }

        void callBack() {
            Runnable r = demand;
            demand = null;
            r.run();
        }
    }

    @Test
    void afterAskingJettyToCallBackNothingIsReadUntilItDoes() {
        ArrivingBody body = new ArrivingBody();
        JettyRequestSource source = new JettyRequestSource(body);
        byte[] into = new byte[100];

        assertEquals(0, source.read(into, into.length), "nothing has arrived");
        assertNotNull(body.demand, "Jetty is asked to call back");
        int readsBefore = body.reads;

        // the rest of the body arrives; the guest's thread asks again before Jetty's selector has called back
        body.arrived.add(Content.Chunk.from(ByteBuffer.wrap("request 1".getBytes(StandardCharsets.US_ASCII)), false));
        body.arrived.add(Content.Chunk.EOF);
        assertEquals(0, source.read(into, into.length), "read around the pending demand");
        assertFalse(source.readiness().ready());
        assertEquals(readsBefore, body.reads, "the request was read while its demand was pending");

        body.callBack();
        assertTrue(source.readiness().ready());
        int n = source.read(into, into.length);
        assertEquals("request 1", new String(Arrays.copyOf(into, n), StandardCharsets.US_ASCII));
        assertEquals(-1, source.read(into, into.length));
        assertNull(body.demand, "a demand is left pending at the end of the body");
    }

    @Test
    void aBodyThatIsThereIsReadWithoutADemand() {
        ArrivingBody body = new ArrivingBody();
        body.arrived.add(Content.Chunk.from(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)), true));
        JettyRequestSource source = new JettyRequestSource(body);
        byte[] into = new byte[10];
        assertEquals(3, source.read(into, into.length));
        assertEquals(-1, source.read(into, into.length));
        assertNull(body.demand);
    }
}
