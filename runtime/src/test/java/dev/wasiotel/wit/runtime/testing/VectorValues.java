package dev.wasiotel.wit.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.VariantValue;
import dev.wasiotel.wit.runtime.abi.DynamicCanon;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The vectors' value language to the dynamic values of {@link DynamicCanon} (the one representation
 * both backends' results are compared in), and flat values.
 */
public final class VectorValues {
    private VectorValues() {
    }

    /** A case's value as {@link DynamicCanon} represents it. */
    public static Object value(AbiType type, JsonNode v) {
        return value(type, v, false);
    }

    /** With {@code utf8Strings}, strings become UTF-8 byte arrays (a UTF-8-holding host's values). */
    public static Object value(AbiType type, JsonNode v, boolean utf8Strings) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case BOOL: return v.asBoolean();
                case S8: case U8: case S16: case U16: case S32: return v.asInt();
                case U32: return v.asLong();
                case S64: case U64: return new BigInteger(v.asText()).longValue();
                case F32: return (float) floatValue(v);
                case F64: return floatValue(v);
                case CHAR: return v.asText().codePointAt(0);
                default: return utf8Strings ? v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8) : v.asText();
            }
        }
        if (type instanceof AbiType.ListOf l) {
            List<Object> out = new ArrayList<>();
            for (JsonNode e : v) {
                out.add(value(l.element(), e, utf8Strings));
            }
            return out;
        }
        if (type instanceof AbiType.Flags f) {
            int bits = 0;
            for (JsonNode label : v) {
                bits |= 1 << f.labels().indexOf(label.asText());
            }
            return bits;
        }
        if (type instanceof AbiType.Tuple t) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < t.types().size(); i++) {
                out.add(value(t.types().get(i), v.get(i), utf8Strings));
            }
            return out;
        }
        if (type instanceof AbiType.Record r) {
            List<Object> out = new ArrayList<>();
            for (AbiType.Field f : r.fields()) {
                out.add(value(f.type(), v.get(f.name()), utf8Strings));
            }
            return out;
        }
        if (type instanceof AbiType.Enum e) {
            return new VariantValue(e.labels().indexOf(v.asText()), null);
        }
        if (type instanceof AbiType.Option o) {
            return v.isNull() ? new VariantValue(0, null) : new VariantValue(1, value(o.payload(), v.get("some"), utf8Strings));
        }
        if (type instanceof AbiType.Result r) {
            if (v.has("ok")) {
                return new VariantValue(0, r.ok().isPresent() ? value(r.ok().get(), v.get("ok"), utf8Strings) : null);
            }
            return new VariantValue(1, r.err().isPresent() ? value(r.err().get(), v.get("err"), utf8Strings) : null);
        }
        AbiType.Variant variant = (AbiType.Variant) type;
        String name = v.get("case").asText();
        for (int i = 0; i < variant.cases().size(); i++) {
            AbiType.Case c = variant.cases().get(i);
            if (c.name().equals(name)) {
                return new VariantValue(i, c.payload().isPresent() ? value(c.payload().get(), v.get("value"), utf8Strings) : null);
            }
        }
        throw new IllegalArgumentException("no case " + name);
    }

    private static double floatValue(JsonNode v) {
        if (v.isTextual()) {
            switch (v.asText()) {
                case "nan": return Double.NaN;
                case "inf": return Double.POSITIVE_INFINITY;
                case "-inf": return Double.NEGATIVE_INFINITY;
                default: throw new IllegalArgumentException(v.asText());
            }
        }
        return v.asDouble();
    }

    /** Flat values of a case: i32 as unsigned ints, i64 as decimal strings, floats as hex bits. */
    public static long[] flat(JsonNode types, JsonNode values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            String t = types.get(i).asText();
            if (t.equals("i32")) {
                out[i] = v.asLong();
            } else if (t.equals("i64")) {
                out[i] = new BigInteger(v.asText()).longValue();
            } else {
                out[i] = new BigInteger(v.asText().substring(2), 16).longValue();
            }
        }
        return out;
    }

    /** A case's id, WIT name and detail, for failure messages. */
    public static String describe(JsonNode c) {
        Iterator<String> names = c.fieldNames();
        return c.get("id").asText() + (c.has("name") ? " (" + c.get("name").asText() + ")" : "")
                + (c.has("detail") ? " " + c.get("detail").asText() : "") + (names.hasNext() ? "" : "");
    }
}
