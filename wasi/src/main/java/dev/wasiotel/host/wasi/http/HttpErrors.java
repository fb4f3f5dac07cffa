package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.DnsErrorPayload;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The {@code wasi:http} {@code error-code} of what {@code java.net.http} threw. */
public final class HttpErrors {
    private HttpErrors() {
    }

    static ErrorCode of(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return ErrorCode.connectionTimeout(); // the connect timeout (wasmtime's mapping)
        }
        if (e instanceof HttpTimeoutException) {
            // the first-byte timeout (the JDK's request timeout) or the between-bytes one: wasmtime
            // reports both as connection-read-timeout
            return ErrorCode.connectionReadTimeout();
        }
        if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException
                || e.getCause() instanceof UnresolvedAddressException) {
            return ErrorCode.dnsError(new DnsErrorPayload(Optional.of("NXDOMAIN"), Optional.empty()));
        }
        if (e instanceof NoRouteToHostException) {
            return ErrorCode.destinationUnavailable();
        }
        if (e instanceof ConnectException) {
            return ErrorCode.connectionRefused();
        }
        if (e instanceof SSLPeerUnverifiedException || hasCause(e, CertificateException.class)) {
            return ErrorCode.tlsCertificateError();
        }
        if (e instanceof SSLHandshakeException) {
            return ErrorCode.tlsProtocolError();
        }
        if (e instanceof EOFException) {
            return ErrorCode.httpResponseIncomplete();
        }
        if (e instanceof java.io.IOException && e.getMessage() != null
                && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("closed")) {
            return ErrorCode.connectionTerminated();
        }
        return ErrorCode.internalError(Optional.of(String.valueOf(e)));
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** A short name of an error code, for telemetry ({@code error.type}): its WIT case name. */
    public static String name(ErrorCode code) {
        String simple = code.getClass().getSimpleName();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('-');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
