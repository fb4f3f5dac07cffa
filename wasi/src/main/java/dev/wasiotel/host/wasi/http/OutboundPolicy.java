package dev.wasiotel.host.wasi.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which hosts a guest's outgoing requests may reach (Spin's {@code allowed_outbound_hosts}): none
 * unless allowed. An entry is {@code HOST} (any port), {@code HOST:PORT}, {@code *.DOMAIN} (its
 * subdomains) or {@code *} (anywhere); an IPv6 host is written in brackets.
 */
public final class OutboundPolicy {
    private final List<Entry> entries;

    private record Entry(String host, int port) {
        boolean allows(String h, int p) {
            boolean hostOk = host.equals("*") || host.equals(h)
                    || (host.startsWith("*.") && h.endsWith(host.substring(1)));
            return hostOk && (port < 0 || port == p);
        }
    }

    private OutboundPolicy(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Nothing allowed. */
    public static OutboundPolicy denyAll() {
        return new OutboundPolicy(List.of());
    }

    /**
     * The policy allowing {@code allowed} entries.
     *
     * @throws IllegalArgumentException naming an entry that is not {@code HOST[:PORT]}
     */
    public static OutboundPolicy allowing(List<String> allowed) {
        return new OutboundPolicy(allowed.stream().map(OutboundPolicy::parse).toList());
    }

    private static Entry parse(String text) {
        Objects.requireNonNull(text, "entry");
        String t = text.trim().toLowerCase(Locale.ROOT);
        String host = t;
        int port = -1;
        int colon = t.lastIndexOf(':');
        if (colon > 0 && colon > t.lastIndexOf(']')) {
            host = t.substring(0, colon);
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--allow-outbound " + text + ": the port is not a number", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--allow-outbound " + text + ": the port is out of range");
            }
        }
        if (host.isEmpty() || host.contains("/")) {
            throw new IllegalArgumentException("--allow-outbound " + text + ": want HOST[:PORT]");
        }
        return new Entry(host, port);
    }

    /** Whether a request to {@code uri} (scheme, host, port) is allowed. */
    public boolean allows(URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (Entry e : entries) {
            if (e.allows(host, port)) {
                return true;
            }
        }
        return false;
    }
}
