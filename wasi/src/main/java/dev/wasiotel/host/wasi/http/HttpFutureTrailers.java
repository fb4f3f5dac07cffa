package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Fields;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.FutureTrailers;
import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.util.Optional;

/**
 * {@code wasi:http/types.future-trailers}: ready once the body has ended (what the guest did not
 * read is passed over, never kept); {@code get} gives the trailers once, then an error.
 */
final class HttpFutureTrailers implements FutureTrailers {
    private final BodySource source;
    private final byte[] scratch = new byte[16 * 1024];
    private final Readiness readiness;
    private Result<Optional<Fields>, ErrorCode> outcome;
    private boolean taken;

    HttpFutureTrailers(BodySource source) {
        this.source = source;
        this.readiness = new Readiness(this::ended);
    }

    /** Passes over what has arrived; true once the body ended or failed. */
    private synchronized boolean ended() {
        if (outcome != null) {
            return true;
        }
        try {
            int n;
            do {
                n = source.read(scratch, scratch.length);
            } while (n > 0);
            if (n < 0) {
                outcome = Result.ok(source.trailers().map(f -> (Fields) f));
            }
        } catch (BodySource.BodyException e) {
            outcome = Result.err(e.code());
        }
        if (outcome == null) {
            // wake our pollers when the source has more
            source.readiness().pollable().whenReady(readiness::signal);
        }
        return outcome != null;
    }

    @Override
    public Pollable subscribe() {
        return readiness.pollable();
    }

    @Override
    public Optional<Result<Result<Optional<Fields>, ErrorCode>, Unit>> get() {
        if (taken) {
            return Optional.of(Result.err(Unit.INSTANCE));
        }
        if (!ended()) {
            return Optional.empty();
        }
        taken = true;
        return Optional.of(Result.ok(outcome));
    }
}
