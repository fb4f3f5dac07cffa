package dev.wasiotel.wit.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.WitTrap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads ../shared/conformance/canonical-abi: files, the type language and memories. Shared by the
 * vector tests of the dynamic backend ({@code runtime}) and of generated code ({@code codegen}).
 */
public final class Vectors {
    private Vectors() {
    }

    /** The vectors' directory: {@code wasiotel.shared.dir}/conformance/canonical-abi. */
    public static Path dir() {
        return Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"), "conformance", "canonical-abi");
    }

    /** One vector file, parsed. */
    public static JsonNode read(String file) {
        try {
            return new ObjectMapper().readTree(dir().resolve(file).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read vectors " + file + " from " + dir(), e);
        }
    }

    /** The vectors' type language to {@link AbiType}. */
    public static AbiType type(JsonNode t) {
        if (t.isTextual()) {
            return AbiType.Prim.valueOf(t.asText().toUpperCase(java.util.Locale.ROOT));
        }
        Iterator<Map.Entry<String, JsonNode>> it = t.fields();
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        switch (e.getKey()) {
            case "list":
                return new AbiType.ListOf(type(v));
            case "record": {
                List<AbiType.Field> fields = new ArrayList<>();
                for (JsonNode f : v) {
                    fields.add(new AbiType.Field(f.get(0).asText(), type(f.get(1))));
                }
                return new AbiType.Record(fields);
            }
            case "tuple": {
                List<AbiType> types = new ArrayList<>();
                for (JsonNode x : v) {
                    types.add(type(x));
                }
                return new AbiType.Tuple(types);
            }
            case "variant": {
                List<AbiType.Case> cases = new ArrayList<>();
                for (JsonNode c : v) {
                    cases.add(new AbiType.Case(c.get(0).asText(), optionalType(c.get(1))));
                }
                return new AbiType.Variant(cases);
            }
            case "enum":
                return new AbiType.Enum(strings(v));
            case "flags":
                return new AbiType.Flags(strings(v));
            case "option":
                return new AbiType.Option(type(v));
            case "result":
                return new AbiType.Result(optionalType(v.get("ok")), optionalType(v.get("err")));
            case "own":
                return new AbiType.Handle(false, v.asText());
            case "borrow":
                return new AbiType.Handle(true, v.asText());
            default:
                throw new IllegalArgumentException("unknown type " + t);
        }
    }

    private static Optional<AbiType> optionalType(JsonNode t) {
        return t == null || t.isNull() ? Optional.empty() : Optional.of(type(t));
    }

    /** The strings of a JSON array. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : array) {
            out.add(x.asText());
        }
        return out;
    }

    /** Core type names ({@code "i32"}, ...) to {@link CoreType}s. */
    public static List<CoreType> coreTypes(JsonNode array) {
        List<CoreType> out = new ArrayList<>();
        for (JsonNode x : array) {
            out.add(CoreType.valueOf(x.asText().toUpperCase(java.util.Locale.ROOT)));
        }
        return out;
    }

    /** A case's {@code encoding} (utf8 when absent). */
    public static StringEncoding encoding(JsonNode c) {
        String e = c.has("encoding") ? c.get("encoding").asText() : "utf8";
        switch (e) {
            case "utf8": return StringEncoding.UTF8;
            case "utf16": return StringEncoding.UTF16;
            case "latin1+utf16": return StringEncoding.LATIN1_UTF16;
            default: throw new IllegalArgumentException(e);
        }
    }

    /** A fresh memory of {@code memory_size} bytes holding the case's {@code memory} hex. */
    public static byte[] memory(JsonNode c) {
        byte[] bytes = new byte[c.get("memory_size").asInt()];
        String hex = c.get("memory").asText();
        for (int i = 0; i < hex.length() / 2; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** Lowercase hex of {@code bytes[from, to)}. */
    public static String hex(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.toString();
    }

    /** A trap case's {@code reason} ({@code "invalid-utf8"}, ...) as a {@link WitTrap.Reason}. */
    public static WitTrap.Reason trapReason(JsonNode c) {
        return WitTrap.Reason.valueOf(c.get("reason").asText().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
