package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.Fields;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.HeaderError;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.Unit;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code wasi:http/types.fields}: HTTP headers or trailers in order, names compared without case.
 * Names must be RFC 9110 tokens and values free of CR, LF and NUL ({@code invalid-syntax});
 * hop-by-hop headers the host manages itself are {@code forbidden}; the fields of a request or
 * response are {@code immutable}. A guest cannot grow one fields past {@link #MAX_BYTES}: that
 * traps, naming the limit.
 */
public final class HttpFields implements Fields {
    /** The most bytes of names and values one fields may hold. */
    static final int MAX_BYTES = 64 * 1024;
    /** What a guest may not set: the connection's own business (as wasmtime forbids them). */
    static final Set<String> FORBIDDEN = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "upgrade", "http2-settings", "te", "proxy-authenticate", "proxy-authorization");

    private final List<String> names = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private boolean immutable;
    private int bytes;

    HttpFields() {
    }

    /** Fields as a server or client received them, immutable; names are taken as they are. */
    public static HttpFields received(List<Tuple2<String, byte[]>> entries) {
        HttpFields f = new HttpFields();
        for (Tuple2<String, byte[]> e : entries) {
            f.names.add(e.v1().toLowerCase(Locale.ROOT));
            f.values.add(e.v2());
        }
        f.immutable = true;
        return f;
    }

    /** From {@code fields.from-list}: validated like {@code append}. */
    static Result<Fields, HeaderError> fromList(List<Tuple2<String, byte[]>> entries) {
        HttpFields f = new HttpFields();
        for (Tuple2<String, byte[]> e : entries) {
            Result<Unit, HeaderError> r = f.append(e.v1(), e.v2());
            if (r instanceof Result.Err<Unit, HeaderError> err) {
                return Result.err(err.error());
            }
        }
        return Result.ok(f);
    }

    /** Makes these fields immutable (they now belong to a request or response). */
    HttpFields freeze() {
        immutable = true;
        return this;
    }

    @Override
    public synchronized List<byte[]> get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(key)) {
                out.add(values.get(i).clone());
            }
        }
        return out;
    }

    @Override
    public synchronized boolean has(String name) {
        return names.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public synchronized Result<Unit, HeaderError> set(String name, List<byte[]> value) {
        Result<Unit, HeaderError> check = check(name, value);
        if (check != null) {
            return check;
        }
        remove(name.toLowerCase(Locale.ROOT));
        for (byte[] v : value) {
            add(name, v);
        }
        return Result.ok();
    }

    @Override
    public synchronized Result<Unit, HeaderError> delete(String name) {
        if (immutable) {
            return Result.err(HeaderError.immutable());
        }
        if (!isToken(name)) {
            return Result.err(HeaderError.invalidSyntax());
        }
        if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
            return Result.err(HeaderError.forbidden());
        }
        remove(name.toLowerCase(Locale.ROOT));
        return Result.ok();
    }

    @Override
    public synchronized Result<Unit, HeaderError> append(String name, byte[] value) {
        Result<Unit, HeaderError> check = check(name, List.of(value));
        if (check != null) {
            return check;
        }
        add(name, value);
        return Result.ok();
    }

    @Override
    public synchronized List<Tuple2<String, byte[]>> entries() {
        List<Tuple2<String, byte[]>> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(new Tuple2<>(names.get(i), values.get(i).clone()));
        }
        return out;
    }

    /** The entries without copying the values, for the host's own use. */
    public synchronized List<Tuple2<String, byte[]>> view() {
        List<Tuple2<String, byte[]>> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(new Tuple2<>(names.get(i), values.get(i)));
        }
        return out;
    }

    @Override
    public synchronized Fields clone_() {
        HttpFields copy = new HttpFields();
        copy.names.addAll(names);
        copy.values.addAll(values);
        copy.bytes = bytes;
        return copy; // a clone is mutable, as the interface says
    }

    /** The first value of {@code name} as text, or null. */
    public synchronized String first(String name) {
        int i = names.indexOf(name.toLowerCase(Locale.ROOT));
        return i < 0 ? null : new String(values.get(i), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private Result<Unit, HeaderError> check(String name, List<byte[]> value) {
        if (immutable) {
            return Result.err(HeaderError.immutable());
        }
        if (!isToken(name)) {
            return Result.err(HeaderError.invalidSyntax());
        }
        for (byte[] v : value) {
            if (!isValue(v)) {
                return Result.err(HeaderError.invalidSyntax());
            }
        }
        if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
            return Result.err(HeaderError.forbidden());
        }
        return null;
    }

    private void add(String name, byte[] value) {
        long grown = (long) bytes + name.length() + value.length;
        if (grown > MAX_BYTES) {
            throw new WitTrap(WitTrap.Reason.RESOURCE_LIMIT, "wasi:http fields would hold " + grown
                    + " bytes; at most " + MAX_BYTES + " are allowed");
        }
        bytes = (int) grown;
        names.add(name.toLowerCase(Locale.ROOT));
        values.add(value.clone());
    }

    private void remove(String key) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equals(key)) {
                bytes -= names.get(i).length() + values.get(i).length;
                names.remove(i);
                values.remove(i);
            }
        }
    }

    /** An RFC 9110 token: one or more of {@code !#$%&'*+-.^_`|~}, digits and letters. */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A field value: no CR, LF or NUL, and no leading or trailing space or tab. */
    static boolean isValue(byte[] value) {
        for (byte b : value) {
            if (b == '\r' || b == '\n' || b == 0) {
                return false;
            }
        }
        return value.length == 0 || (!isBlank(value[0]) && !isBlank(value[value.length - 1]));
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
