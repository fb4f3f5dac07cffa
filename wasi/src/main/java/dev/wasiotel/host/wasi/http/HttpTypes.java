package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Fields;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.FutureTrailers;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.HeaderError;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingBody;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Method;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingBody;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingRequest;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingResponse;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.RequestOptions;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.ResponseOutparam;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Types;
import dev.wasiotel.host.wasi.bindings.wasi.io.error.Error;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.Unit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The free functions and constructors of {@code wasi:http/types}. Every resource a guest hands
 * back is one this host made (the handle table checks the resource type), so the casts below
 * cannot fail.
 */
final class HttpTypes implements Types {
    @Override
    public Optional<ErrorCode> httpErrorCode(Error err) {
        return err instanceof HttpStreamError e ? Optional.of(e.code()) : Optional.empty();
    }

    @Override
    public Fields newFields() {
        return new HttpFields();
    }

    @Override
    public Result<Fields, HeaderError> fieldsFromList(List<Tuple2<String, byte[]>> entries) {
        return HttpFields.fromList(entries);
    }

    @Override
    public OutgoingRequest newOutgoingRequest(Fields headers) {
        return new HttpOutgoingRequest((HttpFields) headers);
    }

    @Override
    public RequestOptions newRequestOptions() {
        return new HttpRequestOptions();
    }

    @Override
    public void responseOutparamSet(ResponseOutparam param, Result<OutgoingResponse, ErrorCode> response) {
        ((HttpResponseOutparam) param).set(response);
    }

    @Override
    public FutureTrailers incomingBodyFinish(IncomingBody body) {
        return ((HttpIncomingBody) body).finish();
    }

    @Override
    public OutgoingResponse newOutgoingResponse(Fields headers) {
        return new HttpOutgoingResponse((HttpFields) headers);
    }

    @Override
    public Result<Unit, ErrorCode> outgoingBodyFinish(OutgoingBody body, Optional<Fields> trailers) {
        try {
            ((HttpOutgoingBody) body).finish(trailers.map(HttpFields.class::cast));
            return Result.ok();
        } catch (BodySource.BodyException e) {
            return Result.err(e.code());
        }
    }

    /** The WIT method of a method name as received. */
    static Method method(String name) {
        switch (name) {
            case "GET": return Method.get();
            case "HEAD": return Method.head();
            case "POST": return Method.post();
            case "PUT": return Method.put();
            case "DELETE": return Method.delete();
            case "CONNECT": return Method.connect();
            case "OPTIONS": return Method.options();
            case "TRACE": return Method.trace();
            case "PATCH": return Method.patch();
            default: return Method.other(name);
        }
    }

    /** The method's name on the wire. */
    static String methodName(Method m) {
        if (m instanceof Method.Other o) {
            return o.value();
        }
        return m.getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }
}
