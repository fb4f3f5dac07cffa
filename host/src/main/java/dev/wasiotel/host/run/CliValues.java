package dev.wasiotel.host.run;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.VariantValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line text to and from the dynamic values of {@link dev.wasiotel.wit.runtime.abi.DynamicCanon}:
 * numbers, booleans, chars and strings are parsed from arguments; any value is printed, strings
 * as they are when they are the whole result.
 */
final class CliValues {
    private CliValues() {
    }

    /**
     * The value of argument {@code text} for a parameter of {@code type}.
     *
     * @throws IllegalArgumentException if the text is not a value of the type, or the type cannot
     *     be written on a command line
     */
    static Object parse(String name, String text, AbiType type) {
        if (!(type instanceof AbiType.Prim p)) {
            throw new IllegalArgumentException("parameter `" + name + "` has a type that cannot be given on the"
                    + " command line; only numbers, bool, char and string can");
        }
        try {
            switch (p) {
                case BOOL:
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new IllegalArgumentException("expected true or false");
                    }
                    return Boolean.valueOf(text);
                case S8: return (int) range(Long.parseLong(text), -128, 127);
                case U8: return (int) range(Long.parseLong(text), 0, 255);
                case S16: return (int) range(Long.parseLong(text), -32768, 32767);
                case U16: return (int) range(Long.parseLong(text), 0, 65535);
                case S32: return Integer.parseInt(text);
                case U32: return range(Long.parseLong(text), 0, 0xffffffffL);
                case S64: return Long.parseLong(text);
                case U64: return Long.parseUnsignedLong(text);
                case F32: return Float.parseFloat(text);
                case F64: return Double.parseDouble(text);
                case CHAR:
                    if (text.codePointCount(0, text.length()) != 1) {
                        throw new IllegalArgumentException("expected one character");
                    }
                    return text.codePointAt(0);
                case STRING: return text;
                default: throw new AssertionError(p);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter `" + name + "` (" + p.name().toLowerCase() + "): `" + text
                    + "` is not valid: " + e.getMessage(), e);
        }
    }

    private static long range(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("out of range " + min + ".." + max);
        }
        return v;
    }

    /** A value as text: strings quoted inside structures, WIT-like otherwise. */
    static String format(Object value, AbiType type) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case STRING: return quote((String) value);
                case CHAR: return "'" + new String(Character.toChars((Integer) value)) + "'";
                case U32: return Long.toString((Long) value);
                case U64: return Long.toUnsignedString((Long) value);
                default: return String.valueOf(value);
            }
        }
        if (type instanceof AbiType.ListOf l) {
            return list((List<?>) value, l.element());
        }
        if (type instanceof AbiType.FixedList l) {
            return list((List<?>) value, l.element());
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            List<?> fields = (List<?>) value;
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                AbiType.Field f = record.fields().get(i);
                String v = format(fields.get(i), f.type());
                parts.add(type instanceof AbiType.Tuple ? v : f.name() + ": " + v);
            }
            return (type instanceof AbiType.Tuple ? "(" : "{") + String.join(", ", parts)
                    + (type instanceof AbiType.Tuple ? ")" : "}");
        }
        if (type instanceof AbiType.Flags f) {
            int bits = (Integer) value;
            List<String> set = new ArrayList<>();
            for (int i = 0; i < f.labels().size(); i++) {
                if ((bits >>> i & 1) != 0) {
                    set.add(f.labels().get(i));
                }
            }
            return "{" + String.join(", ", set) + "}";
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        if (variant != null && value instanceof VariantValue v) {
            AbiType.Case c = variant.cases().get(v.caseIndex());
            String payload = c.payload().map(t -> "(" + format(v.payload(), t) + ")").orElse("");
            return c.name() + payload;
        }
        return String.valueOf(value);
    }

    private static String list(List<?> values, AbiType element) {
        List<String> parts = new ArrayList<>();
        for (Object v : values) {
            parts.add(format(v, element));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                sb.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20) {
                sb.append(String.format("\\u{%x}", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }
}
