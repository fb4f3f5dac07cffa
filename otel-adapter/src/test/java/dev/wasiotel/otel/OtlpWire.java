package dev.wasiotel.otel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes what an OTLP/HTTP trace exporter sends: the protobuf wire format of {@code
 * ExportTraceServiceRequest} (opentelemetry-proto {@code collector/trace/v1}), read field by field
 * with the field numbers of the .proto files — the receiver side of the real protocol.
 */
final class OtlpWire {
    /** A decoded span with the fields the tests check. */
    record Span(String traceId, String spanId, String parentSpanId, String traceState, String name, long kind,
            long start, long end, Map<String, Object> attributes, List<String> events, List<String> linkSpanIds,
            long statusCode, String statusMessage, String scopeName, String scopeVersion,
            Map<String, Object> resource, long droppedAttributes, long droppedEvents, long droppedLinks) {
    }

    private final byte[] b;
    private int pos;
    private final int end;

    private OtlpWire(byte[] b, int from, int to) {
        this.b = b;
        this.pos = from;
        this.end = to;
    }

    /** All spans of a request body. */
    static List<Span> spans(byte[] body) {
        List<Span> out = new ArrayList<>();
        OtlpWire req = new OtlpWire(body, 0, body.length);
        while (req.more()) {
            int tag = req.tag();
            if (tag >>> 3 == 1) { // resource_spans
                OtlpWire rs = req.message();
                Map<String, Object> resource = Map.of();
                List<OtlpWire> scopeSpans = new ArrayList<>();
                while (rs.more()) {
                    int t = rs.tag();
                    if (t >>> 3 == 1) {
                        resource = attributesOf(rs.message(), 1);
                    } else if (t >>> 3 == 2) {
                        scopeSpans.add(rs.message());
                    } else {
                        rs.skip(t);
                    }
                }
                for (OtlpWire ss : scopeSpans) {
                    String scopeName = "";
                    String scopeVersion = "";
                    while (ss.more()) {
                        int t = ss.tag();
                        if (t >>> 3 == 1) {
                            OtlpWire scope = ss.message();
                            while (scope.more()) {
                                int st = scope.tag();
                                if (st >>> 3 == 1) {
                                    scopeName = scope.string();
                                } else if (st >>> 3 == 2) {
                                    scopeVersion = scope.string();
                                } else {
                                    scope.skip(st);
                                }
                            }
                        } else if (t >>> 3 == 2) {
                            out.add(span(ss.message(), scopeName, scopeVersion, resource));
                        } else {
                            ss.skip(t);
                        }
                    }
                }
            } else {
                req.skip(tag);
            }
        }
        return out;
    }

    private static Span span(OtlpWire s, String scopeName, String scopeVersion, Map<String, Object> resource) {
        String trace = "", id = "", parent = "", state = "", name = "", statusMessage = "";
        long kind = 0, start = 0, endTime = 0, statusCode = 0, dAttr = 0, dEvents = 0, dLinks = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<String> events = new ArrayList<>();
        List<String> links = new ArrayList<>();
        while (s.more()) {
            int t = s.tag();
            switch (t >>> 3) {
                case 1: trace = HexFormat.of().formatHex(s.bytes()); break;
                case 2: id = HexFormat.of().formatHex(s.bytes()); break;
                case 3: state = s.string(); break;
                case 4: parent = HexFormat.of().formatHex(s.bytes()); break;
                case 5: name = s.string(); break;
                case 6: kind = s.varint(); break;
                case 7: start = s.fixed64(); break;
                case 8: endTime = s.fixed64(); break;
                case 9: attributes.putAll(keyValue(s.message())); break;
                case 10: dAttr = s.varint(); break;
                case 11: {
                    OtlpWire e = s.message();
                    while (e.more()) {
                        int et = e.tag();
                        if (et >>> 3 == 2) {
                            events.add(e.string());
                        } else {
                            e.skip(et);
                        }
                    }
                    break;
                }
                case 12: dEvents = s.varint(); break;
                case 13: {
                    OtlpWire l = s.message();
                    while (l.more()) {
                        int lt = l.tag();
                        if (lt >>> 3 == 2) {
                            links.add(HexFormat.of().formatHex(l.bytes()));
                        } else {
                            l.skip(lt);
                        }
                    }
                    break;
                }
                case 14: dLinks = s.varint(); break;
                case 15: {
                    OtlpWire st = s.message();
                    while (st.more()) {
                        int stt = st.tag();
                        if (stt >>> 3 == 2) {
                            statusMessage = st.string();
                        } else if (stt >>> 3 == 3) {
                            statusCode = st.varint();
                        } else {
                            st.skip(stt);
                        }
                    }
                    break;
                }
                default: s.skip(t);
            }
        }
        return new Span(trace, id, parent, state, name, kind, start, endTime, attributes, events, links, statusCode,
                statusMessage, scopeName, scopeVersion, resource, dAttr, dEvents, dLinks);
    }

    private static Map<String, Object> attributesOf(OtlpWire m, int field) {
        Map<String, Object> out = new LinkedHashMap<>();
        while (m.more()) {
            int t = m.tag();
            if (t >>> 3 == field) {
                out.putAll(keyValue(m.message()));
            } else {
                m.skip(t);
            }
        }
        return out;
    }

    /** A KeyValue with a string, bool, int or double AnyValue (others as "?"). */
    private static Map<String, Object> keyValue(OtlpWire kv) {
        String key = "";
        Object value = "?";
        while (kv.more()) {
            int t = kv.tag();
            if (t >>> 3 == 1) {
                key = kv.string();
            } else if (t >>> 3 == 2) {
                OtlpWire v = kv.message();
                while (v.more()) {
                    int vt = v.tag();
                    switch (vt >>> 3) {
                        case 1: value = v.string(); break;
                        case 2: value = v.varint() != 0; break;
                        case 3: value = v.varint(); break;
                        case 4: value = Double.longBitsToDouble(v.fixed64()); break;
                        default: v.skip(vt);
                    }
                }
            } else {
                kv.skip(t);
            }
        }
        return Map.of(key, value);
    }

    private boolean more() {
        return pos < end;
    }

    private int tag() {
        return (int) varint();
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private long fixed64() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (b[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    private OtlpWire message() {
        int len = (int) varint();
        OtlpWire m = new OtlpWire(b, pos, pos + len);
        pos += len;
        return m;
    }

    private byte[] bytes() {
        int len = (int) varint();
        byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + len);
        pos += len;
        return out;
    }

    private String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    private void skip(int tag) {
        switch (tag & 7) {
            case 0: varint(); break;
            case 1: pos += 8; break;
            case 2: {
                int len = (int) varint(); // read first: `pos += varint()` would add to the old pos
                pos += len;
                break;
            }
            case 5: pos += 4; break;
            default: throw new IllegalArgumentException("wire type " + (tag & 7));
        }
    }
}
