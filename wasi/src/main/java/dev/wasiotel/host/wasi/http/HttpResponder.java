package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.wit.runtime.Tuple2;
import java.util.List;

/** What a server does with the response a guest sets on its {@code response-outparam}. */
public interface HttpResponder {
    /**
     * Sends the status line and headers.
     *
     * @return where the body goes
     */
    BodySink respond(int status, List<Tuple2<String, byte[]>> headers);

    /** The guest answered with an error instead of a response. */
    void respondWithError(ErrorCode error);
}
