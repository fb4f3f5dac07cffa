package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.outgoing_handler.OutgoingHandlerHost;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.TypesHost;
import dev.wasiotel.host.wasi.bindings.wasiotel.wasi_host.host.HostCanon;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code wasi:http} 0.2 for guests on this host: {@code types} and {@code outgoing-handler} as
 * host functions (at version {@value #VERSION}, serving every {@code 0.2.N} import through the
 * component linker's semver matching), and {@link #handle} to call a guest's exported {@code
 * incoming-handler} (any {@code 0.2.N}: componentize-js exports 0.2.10 while importing 0.2.12).
 *
 * <pre>{@code
 * WasiHttp http = WasiHttp.of(OutboundPolicy.allowing(List.of("api.example.com")), OutgoingObserver.NONE);
 * ComponentHost host = ComponentHost.builder().provideAll(http::functions)...build();
 * }</pre>
 *
 * <p>Bodies stream both ways through bounded buffers (at most 64 KiB waiting per body, plus what
 * the network layer holds); their pollables are ready when bytes or room are there, so {@code
 * wasi:io/poll} waits for the network rather than spinning. Outgoing requests go to hosts the
 * {@link OutboundPolicy} allows; any other is refused with {@code HTTP-request-denied}.
 */
public final class WasiHttp {
    /** The WASI version of the interfaces provided. */
    public static final String VERSION = "0.2.12";
    /** The interfaces provided, without version. */
    public static final Set<String> INTERFACES = Set.of("wasi:http/types", "wasi:http/outgoing-handler");

    private static final Pattern HANDLER = Pattern.compile("wasi:http/incoming-handler@0\\.2\\.(0|[1-9][0-9]*)#handle");

    private final HttpTypes types = new HttpTypes();
    private final OutgoingHttp outgoing;

    private WasiHttp(OutboundPolicy policy, OutgoingObserver observer) {
        this.outgoing = new OutgoingHttp(policy, observer);
    }

    /**
     * @param policy which hosts outgoing requests may reach
     * @param observer sees each outgoing request (tracing), or {@link OutgoingObserver#NONE}
     */
    public static WasiHttp of(OutboundPolicy policy, OutgoingObserver observer) {
        return new WasiHttp(Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(observer, "observer"));
    }

    /** The host functions of {@code wasi:http/types} and {@code wasi:http/outgoing-handler}. */
    public List<HostFunctionDef> functions(StringEncoding encoding) {
        List<HostFunctionDef> defs = new ArrayList<>(TypesHost.functions(types, encoding));
        defs.addAll(OutgoingHandlerHost.functions(outgoing, encoding));
        return List.copyOf(defs);
    }

    /** Every interface provided, by its versioned name, as a component host takes them. */
    public Map<String, Function<StringEncoding, List<HostFunctionDef>>> interfaces() {
        Map<String, Function<StringEncoding, List<HostFunctionDef>>> out = new TreeMap<>();
        for (String name : INTERFACES) {
            String module = name + "@" + VERSION;
            out.put(module, encoding -> functions(encoding).stream().filter(d -> d.module().equals(module)).toList());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The guest's {@code incoming-handler.handle} among its exports ({@code
     * wasi:http/incoming-handler@0.2.N#handle}), the newest if several.
     */
    public static Optional<String> handlerExport(Collection<String> exports) {
        String best = null;
        long bestPatch = -1;
        for (String e : exports) {
            var m = HANDLER.matcher(e);
            if (m.matches()) {
                long patch = Long.parseLong(m.group(1));
                if (patch > bestPatch) {
                    best = e;
                    bestPatch = patch;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Calls the guest's {@code incoming-handler.handle} (export {@code export}) with {@code request}
     * and {@code responseOut}, whose ownership passes to the guest.
     *
     * @throws dev.wasiotel.wit.runtime.WitTrap if the guest traps (or runs past its deadline)
     */
    public static void handle(GuestInstance instance, String export, HttpIncomingRequest request,
            HttpResponseOutparam responseOut) {
        GuestInstance.Call call = instance.beginCall(export);
        try (CallContext cx = CallContext.of(instance.context(call), StringEncoding.UTF8)) {
            long[] args = new long[2];
            HostCanon.lowerFlatOwnIncomingRequest(cx, args, 0, request);
            HostCanon.lowerFlatOwnResponseOutparam(cx, args, 1, responseOut);
            long[] results = instance.call(export, args);
            instance.callPostReturn(export, results);
        } catch (RuntimeException | Error failure) {
            call.failed(failure); // a traced export's span: it covers the whole sequence
            throw failure;
        } finally {
            call.close();
        }
    }
}
