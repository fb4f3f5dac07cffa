package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requests and expected responses of a wasi:http guest ({@code
 * integration-tests/guests/GUEST/expected-responses.json}), the cases its {@code verify.mjs} checks
 * under Node; a host serving the same guest must answer the same status, listed headers and body
 * bytes. The file's format is described in {@code guests/tools/verify-http.mjs}.
 */
record HttpGuestCases(String guest, List<Case> cases) {

    /**
     * One request and its expected response.
     *
     * @param name what the case shows
     * @param method the request method
     * @param path the path with query
     * @param headers request headers; {@code {downstream}} in a value stands for the base URL of a
     *     downstream server (see {@link #headers(String)})
     * @param body the request body, or null for none
     * @param status the expected status
     * @param responseHeaders headers the response must carry with these values (others are free)
     * @param responseBody the expected body bytes
     */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status,
            Map<String, String> responseHeaders, byte[] responseBody) {

        /** The request headers with {@code {downstream}} replaced by {@code downstreamUrl}. */
        Map<String, String> headers(String downstreamUrl) {
            Map<String, String> out = new LinkedHashMap<>();
            headers.forEach((k, v) -> out.put(k, v.replace("{downstream}", downstreamUrl)));
            return out;
        }

        /** Sends this request to {@code base} (a server's root URI) with {@code client}, waiting at most 2 minutes. */
        HttpResponse<byte[]> send(HttpClient client, URI base, String downstreamUrl) throws IOException, InterruptedException {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, publisher)
                    .timeout(Duration.ofSeconds(120));
            headers(downstreamUrl).forEach(b::header);
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** Asserts that {@code r} is the expected response: the status, the listed headers, the body bytes. */
        void assertAnswered(HttpResponse<byte[]> r) {
            assertEquals(status, r.statusCode(), name + ": status");
            for (Map.Entry<String, String> h : responseHeaders.entrySet()) {
                assertEquals(Optional.of(h.getValue()), r.headers().firstValue(h.getKey()), name + ": header " + h.getKey());
            }
            assertArrayEquals(responseBody, r.body(), name + ": body (" + r.body().length + " bytes, "
                    + responseBody.length + " expected)");
        }
    }

    /** Reads the cases of {@code guests/GUEST/expected-responses.json}. */
    static HttpGuestCases load(String guest) throws IOException {
        JsonNode root = new ObjectMapper().readTree(HostProcess.guestFile(guest, "expected-responses.json").toFile());
        if (!root.isArray()) {
            throw new IOException(guest + ": expected-responses.json is not a list");
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root) {
            byte[] body = c.has("body") ? bytes(c.get("body")) : null;
            JsonNode expected = c.get("responseBody");
            byte[] responseBody = expected.isTextual() && expected.asText().equals("same-as-request") ? body : bytes(expected);
            cases.add(new Case(text(c, "name"), text(c, "method"), text(c, "path"), strings(c.get("headers")), body,
                    c.get("status").intValue(), strings(c.get("responseHeaders")), responseBody));
        }
        return new HttpGuestCases(guest, List.copyOf(cases));
    }

    /** {"text": "..."} as UTF-8, or {"pattern": N}: N bytes, byte i = (i*31+7) mod 256. */
    static byte[] bytes(JsonNode body) throws IOException {
        if (body != null && body.has("text")) {
            return body.get("text").asText().getBytes(StandardCharsets.UTF_8);
        }
        if (body != null && body.has("pattern")) {
            byte[] out = new byte[body.get("pattern").intValue()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ((i * 31 + 7) % 256);
            }
            return out;
        }
        throw new IOException("a body is {\"text\": ...} or {\"pattern\": N}, not " + body);
    }

    private static String text(JsonNode c, String field) throws IOException {
        if (!c.hasNonNull(field)) {
            throw new IOException("a case without \"" + field + "\": " + c);
        }
        return c.get(field).asText();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null) {
            object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
