package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.ResolvedType.FuncType;
import dev.wasiotel.wit.abi.AbiType.Prim;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.WitFunctionType;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link TypeMatch} one by one, on types as the decoder and the generator make them
 * (real components exercise them in {@link TypedLinkingTest}). The host serves {@code
 * wasi:io/poll@0.2.12} and {@code wasi:io/streams@0.2.12}; the functions checked are in streams.
 */
class TypeMatchTest {
    private static final HostInterface POLL = new HostInterface("wasi:io/poll@0.2.12", enc -> List.of());
    private static final HostInterface STREAMS = new HostInterface("wasi:io/streams@0.2.12", enc -> List.of());
    private static final HostInterfaces HOST = new HostInterfaces(List.of(POLL, STREAMS), ExecutionMode.INTERPRETER);

    private static String check(List<String> names, List<AbiType> component, List<AbiType> host) {
        return check(names, component, names, host);
    }

    private static String check(List<String> cNames, List<AbiType> component, List<String> hNames, List<AbiType> host) {
        List<WitFunctionType.Param> params = new java.util.ArrayList<>();
        for (int i = 0; i < host.size(); i++) {
            params.add(new WitFunctionType.Param(hNames.get(i), host.get(i)));
        }
        return TypeMatch.firstDifference(new FuncType(cNames, component, Optional.empty()),
                new WitFunctionType(params, Optional.empty()), HOST, STREAMS);
    }

    private static String one(AbiType component, AbiType host) {
        return check(List.of("x"), List.of(component), List.of(host));
    }

    @Test
    void equalTypesMatch() {
        AbiType t = new AbiType.Record(List.of(new AbiType.Field("a", new AbiType.ListOf(Prim.STRING)),
                new AbiType.Field("b", new AbiType.Variant(List.of(new AbiType.Case("none", Optional.empty()),
                        new AbiType.Case("some", Optional.of(new AbiType.Flags(List.of("r", "w"))))))),
                new AbiType.Field("c", new AbiType.Result(Optional.of(Prim.U8), Optional.empty()))));
        assertNull(one(t, t));
    }

    @Test
    void parameterNamesArePartOfTheType() {
        assertEquals("parameter 0: the component has `y: u32`, the host has `x: u32`",
                check(List.of("y"), List.of(Prim.U32), List.of("x"), List.of(Prim.U32)));
        assertEquals("parameter 1: the component has 1 parameter, the host has `b: u32`",
                check(List.of("a"), List.of(Prim.U32), List.of("a", "b"), List.of(Prim.U32, Prim.U32)));
    }

    @Test
    void theFirstDifferenceIsNamedByItsPath() {
        AbiType c = new AbiType.ListOf(new AbiType.Option(new AbiType.Tuple(List.of(Prim.U32, Prim.S64))));
        AbiType h = new AbiType.ListOf(new AbiType.Option(new AbiType.Tuple(List.of(Prim.U32, Prim.U64))));
        assertEquals("parameter `x` element payload element 1: the component has `s64`, the host has `u64`", one(c, h));

        AbiType cv = new AbiType.Variant(List.of(new AbiType.Case("a", Optional.empty())));
        AbiType hv = new AbiType.Variant(List.of(new AbiType.Case("a", Optional.of(Prim.U8))));
        assertEquals("parameter `x` case `a`: the component has none, the host has `u8`", one(cv, hv));

        assertEquals("parameter `x`: the component has 2 flags, the host has 3",
                one(new AbiType.Flags(List.of("r", "w")), new AbiType.Flags(List.of("r", "w", "x"))));
        assertEquals("parameter `x`: the component has `list<u8, 4>`, the host has `list<u8, 3>`",
                one(new AbiType.FixedList(Prim.U8, 4), new AbiType.FixedList(Prim.U8, 3)));
        assertEquals("parameter `x`: the component has `tuple<u8>`, the host has `record {0}`",
                one(new AbiType.Tuple(List.of(Prim.U8)), new AbiType.Record(List.of(new AbiType.Field("0", Prim.U8)))));
    }

    @Test
    void handlesOfTheSameResourceOfTheSameInterfaceMatch() {
        // a resource of the imported instance itself (owner null on both sides)
        assertNull(one(new AbiType.Handle(true, "output-stream"), new AbiType.Handle(true, "output-stream")));
        // imported from wasi:io/poll@0.2.0 (an outer alias): the host's 0.2.12 serves it
        assertNull(one(new AbiType.Handle(false, "pollable", "wasi:io/poll@0.2.0"),
                new AbiType.Handle(false, "pollable", "wasi:io/poll@0.2.12")));
    }

    @Test
    void handlesDifferInKindNameOrOwner() {
        assertEquals("parameter `x`: the component has `own<output-stream>`, the host has `borrow<output-stream>`",
                one(new AbiType.Handle(false, "output-stream"), new AbiType.Handle(true, "output-stream")));
        assertEquals("parameter `x`: the component has `own<input-stream>`, the host has `own<output-stream>`",
                one(new AbiType.Handle(false, "input-stream"), new AbiType.Handle(false, "output-stream")));
        // same name, another interface: the component's own `pollable` is not wasi:io/poll's
        assertEquals("parameter `x`: the component has `own<pollable>` of wasi:io/streams@0.2.12, the host has"
                + " `own<pollable>` of wasi:io/poll@0.2.12",
                one(new AbiType.Handle(false, "pollable"), new AbiType.Handle(false, "pollable", "wasi:io/poll@0.2.12")));
        // a resource the component defines itself matches no host resource
        assertEquals("parameter `x`: the component has `own<resource3>` of component (which the host does not serve),"
                + " the host has `own<resource3>` of wasi:io/streams@0.2.12",
                one(new AbiType.Handle(false, "resource3", "component"), new AbiType.Handle(false, "resource3")));
    }

    @Test
    void longTypesAreDescribedShortly() {
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            labels.add("label-" + i);
        }
        String d = TypeMatch.describe(new AbiType.ListOf(new AbiType.Enum(labels)));
        assertEquals(81, d.length(), d);
        assertTrue(d.startsWith("list<enum {label-0, label-1, label-2, ") && d.endsWith("…"), d);
    }

    @Test
    void resultsAreCompared() {
        FuncType c = new FuncType(List.of(), List.of(), Optional.of(new AbiType.Enum(List.of("low", "high"))));
        WitFunctionType h = new WitFunctionType(List.of(), Optional.of(Prim.U8));
        assertEquals("result: the component has `enum {low, high}`, the host has `u8`",
                TypeMatch.firstDifference(c, h, HOST, STREAMS));
        assertEquals("result: the component has none, the host has `u8`", TypeMatch.firstDifference(
                new FuncType(List.of(), List.of(), Optional.empty()), h, HOST, STREAMS));
    }
}
