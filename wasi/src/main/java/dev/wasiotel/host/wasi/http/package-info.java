/**
 * {@code wasi:http} 0.2 for guests on this host: {@code types} (fields, requests, responses,
 * bodies as streams with bounded buffers, trailers, the {@code error-code} variant), {@code
 * outgoing-handler} on {@code java.net.http.HttpClient} behind an {@link
 * dev.wasiotel.host.wasi.http.OutboundPolicy}, and the call of a guest's exported {@code
 * incoming-handler}. A server plugs in through {@link dev.wasiotel.host.wasi.http.BodySource},
 * {@link dev.wasiotel.host.wasi.http.BodySink} and {@link dev.wasiotel.host.wasi.http.HttpResponder};
 * nothing here depends on a server library or on OpenTelemetry ({@link
 * dev.wasiotel.host.wasi.http.OutgoingObserver} is the hook for tracing).
 */
package dev.wasiotel.host.wasi.http;
