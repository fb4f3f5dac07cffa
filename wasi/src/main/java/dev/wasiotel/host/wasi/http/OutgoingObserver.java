package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import java.net.URI;
import java.util.function.BiConsumer;

/**
 * Sees every outgoing request the guest makes, e.g. to trace it: {@link #begin} runs on the
 * guest's thread inside its {@code outgoing-handler.handle} call (where the guest's current span
 * is the current context) and may add headers such as {@code traceparent}.
 */
public interface OutgoingObserver {
    /** Observes nothing. */
    OutgoingObserver NONE = (method, uri, header) -> Exchange.NONE;

    /**
     * A request is about to be sent.
     *
     * @param method its method
     * @param uri where it goes
     * @param header adds a header to it
     * @return what to tell when it ends
     */
    Exchange begin(String method, URI uri, BiConsumer<String, String> header);

    /** One request's end, reported on any thread. */
    interface Exchange {
        /** Reports nothing. */
        Exchange NONE = new Exchange() {
            @Override
            public void responded(int status) {
            }

            @Override
            public void failed(ErrorCode error, String message) {
            }
        };

        /** The response headers arrived. */
        void responded(int status);

        /** It failed, or was denied, before a response. */
        void failed(ErrorCode error, String message);
    }
}
