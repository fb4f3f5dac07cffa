package dev.wasiotel.otel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.common.ValueType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The wasi:otel {@code value} type: an OpenTelemetry AnyValue serialised as JSON. Decodes it with
 * Jackson's streaming parser into OpenTelemetry {@link Value}s and attributes:
 *
 * <ul>
 *   <li>strings, booleans, {@code null} (the empty value), arrays and objects (maps, keys in order);
 *   <li>integers as exact {@code long}s when they fit, otherwise as {@code double} (counted);
 *       other numbers as {@code double};
 *   <li>a string {@code data:application/octet-stream;base64,<B64>} as bytes.
 * </ul>
 *
 * <p>Input that is not one complete JSON value, nests deeper than {@link #MAX_DEPTH}, or carries
 * broken base64 is never dropped: it is kept as the raw string, counted and logged.
 */
final class AnyValues {
    /** Deepest array/object nesting decoded; a deeper value is kept as its raw text. */
    static final int MAX_DEPTH = 64;

    static final String BYTES_PREFIX = "data:application/octet-stream;base64,";

    private static final JsonFactory JSON = new JsonFactory();

    private final Diagnostics diag;

    AnyValues(Diagnostics diag) {
        this.diag = diag;
    }

    /** Thrown inside the decoder to give up on a value; never leaves this class. */
    private static final class Undecodable extends Exception {
        private static final long serialVersionUID = 1L;
        final Repair repair;

        Undecodable(Repair repair) {
            super(null, null, false, false);
            this.repair = repair;
        }
    }

    /** Decodes one JSON {@code value}; see the class comment for what is kept when it fails. */
    Value<?> decode(String json) {
        Value<?> simple = simpleScalar(json);
        if (simple != null) {
            return simple;
        }
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new Undecodable(Repair.VALUE_NOT_JSON);
            }
            Value<?> v = read(p, first, 0);
            if (p.nextToken() != null) {
                throw new Undecodable(Repair.VALUE_NOT_JSON);
            }
            return v;
        } catch (Undecodable e) {
            diag.record(e.repair, "value kept as string: " + abbreviate(json));
            return Value.of(json);
        } catch (IOException | RuntimeException e) {
            // Jackson reports malformed input as JsonParseException (an IOException) and its own
            // limits as StreamConstraintsException; both mean "not a value we can decode".
            diag.record(Repair.VALUE_NOT_JSON, "value kept as string: " + abbreviate(json));
            return Value.of(json);
        }
    }

    /**
     * The common attribute values — a string without escapes, a short integer, {@code true},
     * {@code false}, {@code null} — decoded without a parser (most values of real spans are these),
     * or null for anything else, which the parser then decodes.
     */
    private Value<?> simpleScalar(String json) {
        int n = json.length();
        if (n >= 2 && json.charAt(0) == '"' && json.charAt(n - 1) == '"') {
            for (int i = 1; i < n - 1; i++) {
                char c = json.charAt(i);
                if (c == '"' || c == '\\' || c < 0x20) {
                    return null;
                }
            }
            return string(json.substring(1, n - 1));
        }
        switch (json) {
            case "true": return Value.of(true);
            case "false": return Value.of(false);
            case "null": return Value.empty();
            default: break;
        }
        if (isShortInteger(json)) {
            return Value.of(Long.parseLong(json));
        }
        return isShortDecimal(json) ? Value.of(Double.parseDouble(json)) : null;
    }

    /**
     * A JSON number with a fraction or an exponent ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?},
     * not an integer) of at most 64 characters: what the parser would read as a double, and with
     * the same value ({@link Double#parseDouble}, which Jackson uses too).
     */
    static boolean isShortDecimal(String s) {
        int n = s.length();
        if (n > 64) {
            return false;
        }
        int i = s.startsWith("-") ? 1 : 0;
        int digits = digits(s, i);
        if (digits == 0 || (s.charAt(i) == '0' && digits > 1)) {
            return false;
        }
        i += digits;
        boolean decimal = false;
        if (i < n && s.charAt(i) == '.') {
            int fraction = digits(s, i + 1);
            if (fraction == 0) {
                return false;
            }
            i += 1 + fraction;
            decimal = true;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = digits(s, i);
            if (exponent == 0) {
                return false;
            }
            i += exponent;
            decimal = true;
        }
        return decimal && i == n;
    }

    /** How many ASCII digits start at {@code from}. */
    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /** {@code -?(0|[1-9][0-9]*)} with at most 18 digits, so that it fits a long. */
    private static boolean isShortInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 18 || (s.charAt(start) == '0' && digits > 1)) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private Value<?> read(JsonParser p, JsonToken t, int depth) throws IOException, Undecodable {
        switch (t) {
            case VALUE_STRING:
                return string(p.getText());
            case VALUE_TRUE:
                return Value.of(true);
            case VALUE_FALSE:
                return Value.of(false);
            case VALUE_NULL:
                return Value.empty();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    diag.record(Repair.VALUE_INTEGER_AS_DOUBLE, "integer " + abbreviate(p.getText()));
                    return Value.of(p.getBigIntegerValue().doubleValue());
                }
                return Value.of(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return Value.of(p.getDoubleValue());
            case START_ARRAY: {
                checkDepth(depth);
                List<Value<?>> items = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    items.add(read(p, n, depth + 1));
                }
                return Value.of(items);
            }
            case START_OBJECT: {
                checkDepth(depth);
                List<KeyValue> entries = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String key = p.currentName();
                    entries.add(KeyValue.of(key, read(p, p.nextToken(), depth + 1)));
                }
                return Value.of(entries.toArray(new KeyValue[0]));
            }
            default:
                throw new Undecodable(Repair.VALUE_NOT_JSON);
        }
    }

    private static void checkDepth(int depth) throws Undecodable {
        if (depth >= MAX_DEPTH) {
            throw new Undecodable(Repair.VALUE_TOO_DEEP);
        }
    }

    private Value<?> string(String s) {
        if (!s.startsWith(BYTES_PREFIX)) {
            return Value.of(s);
        }
        try {
            return Value.of(Base64.getDecoder().decode(s.substring(BYTES_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            diag.record(Repair.VALUE_BAD_BASE64, "bytes value kept as string: " + abbreviate(s));
            return Value.of(s);
        }
    }

    /** Adds {@code key} = decoded {@code json} to {@code b}, with the narrowest attribute type. */
    void put(AttributesBuilder b, String key, String json) {
        if (key.isEmpty()) {
            diag.record(Repair.ATTRIBUTE_EMPTY_KEY, "attribute with value " + abbreviate(json));
            return;
        }
        putValue(b, key, decode(json));
    }

    /** Adds {@code key} = {@code v}: primitives and homogeneous primitive arrays typed, the rest as AnyValue. */
    @SuppressWarnings("unchecked")
    static void putValue(AttributesBuilder b, String key, Value<?> v) {
        switch (v.getType()) {
            case STRING:
                b.put(AttributeKey.stringKey(key), (String) v.getValue());
                return;
            case BOOLEAN:
                b.put(AttributeKey.booleanKey(key), (Boolean) v.getValue());
                return;
            case LONG:
                b.put(AttributeKey.longKey(key), (Long) v.getValue());
                return;
            case DOUBLE:
                b.put(AttributeKey.doubleKey(key), (Double) v.getValue());
                return;
            case ARRAY: {
                List<Value<?>> items = (List<Value<?>>) v.getValue();
                ValueType common = commonType(items);
                if (common == ValueType.STRING) {
                    b.put(AttributeKey.stringArrayKey(key), items.stream().map(i -> (String) i.getValue()).toList());
                    return;
                } else if (common == ValueType.BOOLEAN) {
                    b.put(AttributeKey.booleanArrayKey(key), items.stream().map(i -> (Boolean) i.getValue()).toList());
                    return;
                } else if (common == ValueType.LONG) {
                    b.put(AttributeKey.longArrayKey(key), items.stream().map(i -> (Long) i.getValue()).toList());
                    return;
                } else if (common == ValueType.DOUBLE) {
                    b.put(AttributeKey.doubleArrayKey(key), items.stream().map(i -> (Double) i.getValue()).toList());
                    return;
                }
                b.put(AttributeKey.valueKey(key), v);
                return;
            }
            default:
                b.put(AttributeKey.valueKey(key), v);
        }
    }

    /** The one primitive type of all items, or null if they are empty, mixed or not primitive. */
    private static ValueType commonType(List<Value<?>> items) {
        if (items.isEmpty()) {
            return null;
        }
        ValueType t = items.get(0).getType();
        if (t != ValueType.STRING && t != ValueType.BOOLEAN && t != ValueType.LONG && t != ValueType.DOUBLE) {
            return null;
        }
        for (Value<?> i : items) {
            if (i.getType() != t) {
                return null;
            }
        }
        return t;
    }

    /** Attributes from wasi:otel key-values (JSON values), later keys overriding earlier ones. */
    Attributes attributes(List<dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue> kvs) {
        if (kvs.isEmpty()) {
            return Attributes.empty();
        }
        AttributesBuilder b = Attributes.builder();
        for (dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue kv : kvs) {
            put(b, kv.key(), kv.value());
        }
        return b.build();
    }

    /**
     * Attributes limited as the SDK limits a span's, event's, link's or log record's: once {@code
     * maxCount} distinct keys are in, later new keys are dropped (a key already in is still
     * overwritten); values are cut to {@code maxValueLength} ({@link #truncate}). {@code total}
     * counts every attribute added (as the SDK's total attribute count does), so {@code total -
     * size} is what was dropped. Each cut or drop is counted.
     */
    Limited attributes(List<dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue> kvs, int maxCount, int maxValueLength) {
        if (kvs.isEmpty()) {
            return new Limited(Attributes.empty(), 0);
        }
        AttributesBuilder b = Attributes.builder();
        // with no more attributes than the limit, no key can be over it: skip the bookkeeping
        Set<String> keys = kvs.size() > maxCount ? new HashSet<>() : null;
        int total = 0;
        int overCount = 0;
        int truncated = 0;
        // by index: lifted lists are random-access, and an iterator per list is garbage on the span path
        for (int i = 0, n = kvs.size(); i < n; i++) {
            dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue kv = kvs.get(i);
            if (kv.key().isEmpty()) {
                diag.record(Repair.ATTRIBUTE_EMPTY_KEY, "attribute with value " + abbreviate(kv.value()));
                continue;
            }
            total++;
            if (keys != null) {
                if (keys.size() >= maxCount && !keys.contains(kv.key())) {
                    overCount++;
                    continue;
                }
                keys.add(kv.key());
            }
            int scalar = putScalar(b, kv.key(), kv.value(), maxValueLength);
            if (scalar == NOT_SCALAR) {
                Value<?> v = decode(kv.value());
                Value<?> cut = truncate(v, maxValueLength);
                if (cut != v) {
                    truncated++;
                }
                putValue(b, kv.key(), cut);
            } else {
                truncated += scalar;
            }
        }
        if (overCount > 0) {
            diag.record(Repair.ATTRIBUTE_COUNT_LIMIT, overCount, overCount + " attributes over the limit of " + maxCount);
        }
        if (truncated > 0) {
            diag.record(Repair.ATTRIBUTE_VALUE_TRUNCATED, truncated, truncated + " attribute values cut to "
                    + maxValueLength + " characters");
        }
        return new Limited(b.build(), total);
    }

    private static final int NOT_SCALAR = -1;

    /**
     * Puts the common attribute values — a string without escapes (not a bytes value), a short
     * integer, {@code true}, {@code false} — straight into {@code b}, exactly as {@link #decode},
     * {@link #truncate} and {@link #putValue} would, without the {@link Value} in between. Returns
     * 1 if the string was cut to {@code max}, 0 if not, or {@link #NOT_SCALAR} (nothing put) for
     * anything else.
     */
    private static int putScalar(AttributesBuilder b, String key, String json, int max) {
        int n = json.length();
        if (n >= 2 && json.charAt(0) == '"' && json.charAt(n - 1) == '"') {
            for (int i = 1; i < n - 1; i++) {
                char c = json.charAt(i);
                if (c == '"' || c == '\\' || c < 0x20) {
                    return NOT_SCALAR;
                }
            }
            if (json.startsWith(BYTES_PREFIX, 1)) {
                return NOT_SCALAR;
            }
            boolean cut = n - 2 > max;
            b.put(AttributeKey.stringKey(key), json.substring(1, cut ? 1 + max : n - 1));
            return cut ? 1 : 0;
        }
        if (json.equals("true") || json.equals("false")) {
            b.put(AttributeKey.booleanKey(key), json.length() == 4);
            return 0;
        }
        if (isShortInteger(json)) {
            b.put(AttributeKey.longKey(key), Long.parseLong(json));
            return 0;
        }
        return NOT_SCALAR;
    }

    /**
     * Attributes after limits.
     *
     * @param attributes what is kept
     * @param total how many were added (kept, overwritten or dropped)
     */
    record Limited(Attributes attributes, int total) {
        /** How many were dropped or overwritten. */
        int dropped() {
            return Math.max(0, total - attributes.size());
        }
    }

    /**
     * {@code v} with every string cut to {@code max} characters and every byte string to {@code max}
     * bytes, also inside arrays and maps (what the SDK's attribute value length limit does); the same
     * instance when nothing is longer.
     */
    @SuppressWarnings("unchecked")
    static Value<?> truncate(Value<?> v, int max) {
        if (max == Integer.MAX_VALUE) {
            return v;
        }
        switch (v.getType()) {
            case STRING: {
                String s = (String) v.getValue();
                return s.length() <= max ? v : Value.of(s.substring(0, max));
            }
            case BYTES: {
                ByteBuffer buf = (ByteBuffer) v.getValue();
                if (buf.remaining() <= max) {
                    return v;
                }
                byte[] out = new byte[max];
                buf.duplicate().get(out);
                return Value.of(out);
            }
            case ARRAY: {
                List<Value<?>> items = (List<Value<?>>) v.getValue();
                List<Value<?>> out = null;
                for (int i = 0; i < items.size(); i++) {
                    Value<?> cut = truncate(items.get(i), max);
                    if (cut != items.get(i)) {
                        if (out == null) {
                            out = new ArrayList<>(items);
                        }
                        out.set(i, cut);
                    }
                }
                return out == null ? v : Value.of(out);
            }
            case KEY_VALUE_LIST: {
                List<KeyValue> entries = (List<KeyValue>) v.getValue();
                KeyValue[] out = null;
                for (int i = 0; i < entries.size(); i++) {
                    Value<?> item = entries.get(i).getValue();
                    Value<?> cut = truncate(item, max);
                    if (cut != item) {
                        if (out == null) {
                            out = entries.toArray(new KeyValue[0]);
                        }
                        out[i] = KeyValue.of(entries.get(i).getKey(), cut);
                    }
                }
                return out == null ? v : Value.of(out);
            }
            default:
                return v;
        }
    }

    /** {@code s} cut to {@code max} characters (counted as {@link Repair#NAME_TRUNCATED}, {@code what} says which). */
    String name(String s, int max, String what) {
        return name(s, max, what, diag);
    }

    /** {@link #name(String, int, String)} for code without an {@code AnyValues}. */
    static String name(String s, int max, String what, Diagnostics diag) {
        if (s.length() <= max) {
            return s;
        }
        diag.record(Repair.NAME_TRUNCATED, what + " of " + s.length() + " characters cut to " + max + ": "
                + abbreviate(s));
        return s.substring(0, max);
    }

    /**
     * Resource attributes: as {@link #attributes}, with every key made acceptable to {@code
     * Resource.create} first ({@link ResourceKeys}), so that no guest key can make it throw.
     */
    Attributes resourceAttributes(List<dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue> kvs) {
        if (kvs.isEmpty()) {
            return Attributes.empty();
        }
        AttributesBuilder b = Attributes.builder();
        for (dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue kv : kvs) {
            String key = kv.key().isEmpty() ? kv.key() : ResourceKeys.repair(kv.key(), diag);
            put(b, key, kv.value());
        }
        return b.build();
    }

    /** The bytes of a decoded bytes value (for tests and logs). */
    static byte[] bytes(Value<?> v) {
        ByteBuffer buf = ((ByteBuffer) v.getValue()).duplicate();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    /** Guest text for a log line: at most 80 characters, control characters escaped (no log injection). */
    static String abbreviate(String s) {
        String cut = s.length() <= 80 ? s : s.substring(0, 77) + "...";
        StringBuilder sb = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
