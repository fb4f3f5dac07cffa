package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.binary.ComponentBinary;
import dev.wasiotel.host.component.binary.ComponentDecoder;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.component.binary.Definition;
import dev.wasiotel.host.component.binary.ExternName;
import dev.wasiotel.host.component.binary.TypeDef;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The encodings of current component binaries (issue 13): async function types (0x43), names with
 * attributes (0x02: implements, versionsuffix, external-id), map (0x63) and fixed-length lists
 * (0x67). Fixtures: {@code current} (component text, jco parse) and {@code jco-*} (WIT worlds
 * embedded by jco's wit-component), built by src/test/guests/wat/build.sh.
 */
class ComponentCurrentEncodingsTest {
    private static final byte[] PREAMBLE = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
    private static final AbiType STRING_U32_MAP =
            new AbiType.ListOf(new AbiType.Tuple(List.of(AbiType.Prim.STRING, AbiType.Prim.U32)));

    /** The host side of test:current/host: scale(x) = 10 x. */
    private static ComponentHost.Builder scaleHost(String interfaceName) {
        return ComponentHost.builder().provide(interfaceName, enc -> List.of(new HostFunctionDef(interfaceName, "scale",
                List.of(CoreType.I32), List.of(CoreType.I32), (ctx, args) -> new long[] {args[0] * 10})));
    }

    // ------------------------------------------------------------------ decoding real output

    @Test
    void namesWithAttributesAreDecodedWithTheirAttributes() {
        ComponentBinary c = ComponentDecoder.decode(ComponentFixtures.bytes("current"));
        List<Definition.Import> imports = c.definitions().stream()
                .filter(d -> d instanceof Definition.Import).map(d -> (Definition.Import) d).toList();
        assertEquals(2, imports.size());
        ExternName host = imports.get(0).externName();
        assertEquals("test:current/host@0.2", host.name(), "the name identifies: the canonical version");
        assertEquals(Optional.of(".3"), host.versionSuffix());
        assertEquals("test:current/host@0.2.3", host.fullName());
        ExternName primary = imports.get(1).externName();
        assertEquals("primary", primary.name());
        assertEquals(Optional.of("test:current/host@0.2.3"), primary.implementsName());
        assertEquals("primary", primary.fullName());
        Definition.Export export = (Definition.Export) c.definitions().get(c.definitions().size() - 1);
        assertEquals("test:current/api@0.2.3", export.externName().fullName());
    }

    @Test
    void mapAndFixedLengthListsAreDecoded() {
        ComponentBinary c = ComponentDecoder.decode(ComponentFixtures.bytes("current"));
        List<TypeDef> types = c.definitions().stream().filter(d -> d instanceof Definition.Type)
                .map(d -> ((Definition.Type) d).type()).toList();
        assertTrue(types.stream().anyMatch(t -> t instanceof TypeDef.MapT), types.toString());
        assertTrue(types.stream().anyMatch(t -> t instanceof TypeDef.FixedListT f && f.length() == 4), types.toString());
    }

    @Test
    void asyncFunctionTypesOfWitComponentAreDecoded() {
        ComponentBinary c = ComponentDecoder.decode(ComponentFixtures.bytes("jco-async-export"));
        assertTrue(c.definitions().stream().anyMatch(d -> d instanceof Definition.Type t
                && t.type() instanceof TypeDef.FuncT f && f.async()), "a (func async ...) type");
    }

    // ------------------------------------------------------------------ running them

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void mapsAndVersionSuffixedNamesRunEndToEnd(ExecutionMode mode) {
        ComponentInstance guest = scaleHost("test:current/host@0.2.3").executionMode(mode).build()
                .instantiate(Component.load(ComponentFixtures.bytes("current")));
        assertEquals(java.util.Set.of("test:current/api@0.2.3#sum", "test:current/api@0.2.3#invert",
                "test:current/api@0.2.3#total"), guest.exportedFunctions(), "exports under their full names");

        // keys "a" and "bcd" (4 bytes), values 1 and 2: 7, scaled by the host's scale
        Object sum = guest.invoke("test:current/api@0.2.3#sum", List.of(List.of(List.of("a", 1L), List.of("bcd", 2L))));
        assertEquals(70L, sum);
        Object inverted = guest.invoke("test:current/api@0.2.3#invert",
                List.of(List.of(List.of("a", 1L), List.of("bcd", 2L))));
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "bcd")), inverted);
        assertEquals(0L, guest.invoke("test:current/api@0.2.3#sum", List.of(List.of())));
        // the fixed-length list goes flat, and reaches the host through the import that implements it
        assertEquals(100L, guest.invoke("test:current/api@0.2.3#total", List.of(List.of(1L, 2L, 3L, 4L))));
        assertFalse(guest.isPoisoned());
    }

    @Test
    void aMapIsExactlyAListOfTuples() {
        ComponentInstance guest = scaleHost("test:current/host@0.2.3").build()
                .instantiate(Component.load(ComponentFixtures.bytes("current")));
        assertEquals(List.of(STRING_U32_MAP), guest.parameterTypes("test:current/api@0.2.3#sum"));
        assertEquals(Optional.of(new AbiType.ListOf(new AbiType.Tuple(List.of(AbiType.Prim.U32, AbiType.Prim.STRING)))),
                guest.resultType("test:current/api@0.2.3#invert"));
        assertEquals(List.of(new AbiType.FixedList(AbiType.Prim.U32, 4)),
                guest.parameterTypes("test:current/api@0.2.3#total"));
    }

    @Test
    void versionSuffixedImportsMatchAsTheirFullVersionWould() {
        // 0.2.3 and 0.2.9 are compatible (same 0.2): the newer host serves the older import
        ComponentInstance guest = scaleHost("test:current/host@0.2.9").build()
                .instantiate(Component.load(ComponentFixtures.bytes("current")));
        assertEquals(70L, guest.invoke("test:current/api@0.2.3#sum", List.of(List.of(List.of("a", 1L), List.of("bcd", 2L)))));

        LinkException e = assertThrows(LinkException.class, () -> scaleHost("test:current/host@0.3.0").build()
                .instantiate(Component.load(ComponentFixtures.bytes("current"))));
        assertTrue(e.getMessage().contains("missing interface test:current/host@0.2.3"), e.getMessage());
        assertTrue(e.getMessage().contains("missing interface primary (implements test:current/host@0.2.3)"), "primary: nothing implements it either: "
                + e.getMessage());
    }

    @Test
    void witComponentMapsAndFixedListsInstantiate() {
        ComponentInstance guest = ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("jco-maps")));
        assertEquals(List.of(STRING_U32_MAP), guest.parameterTypes("test:jco-maps/api@0.2.3#sum"));
        assertEquals(List.of(new AbiType.FixedList(AbiType.Prim.U32, 4)),
                guest.parameterTypes("test:jco-maps/api@0.2.3#total"));
        // the dummy's body is `unreachable`: the call gets as far as the guest
        WitTrap trap = assertThrows(WitTrap.class, () -> guest.invoke("test:jco-maps/api@0.2.3#sum",
                List.of(List.of(List.of("k", 1L)))));
        assertTrue(trap.getMessage().contains("unreachable"), trap.getMessage());
    }

    @Test
    void anExportedAsyncFunctionIsRefusedNamingIt() {
        LinkException e = assertThrows(LinkException.class, () -> ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("jco-async-export"))));
        assertTrue(e.getMessage().contains(Instantiator.ASYNC_REFUSAL), e.getMessage());
        assertTrue(e.getMessage().contains("test:jco-async/waiting@0.1|later"), e.getMessage());
    }

    @Test
    void anImportedAsyncFunctionIsRefusedBeforeAnyCodeRuns() {
        String iface = "test:jco-async/waiting@0.1.0";
        LinkException e = assertThrows(LinkException.class, () -> ComponentHost.builder()
                .provide(iface, enc -> List.of(new HostFunctionDef(iface, "later", List.of(CoreType.I32),
                        List.of(CoreType.I32), (ctx, args) -> args)))
                .build().instantiate(Component.load(ComponentFixtures.bytes("jco-async-import"))));
        assertEquals(List.of("import " + iface + ": function later is async: " + Instantiator.ASYNC_REFUSAL),
                e.problems());
    }

    @Test
    void anImportedAsyncFreestandingFunctionIsRefused() {
        // (type (func async)) (import "tick" (func (type 0)))
        byte[] bytes = concat(section(7, 1, 0x43, 0, 0x01, 0), section(10, 1, 0, 4, 't', 'i', 'c', 'k', 0x01, 0));
        LinkException e = assertThrows(LinkException.class,
                () -> ComponentHost.builder().build().instantiate(Component.load(bytes)));
        assertEquals(List.of("function \"tick\" is async: " + Instantiator.ASYNC_REFUSAL), e.problems());
    }

    @Test
    void theAsyncAbiIsDecodedAndRefusedBeforeAnyCodeRuns() {
        ComponentBinary c = ComponentDecoder.decode(ComponentFixtures.bytes("async-abi"));
        assertEquals(List.of("task.return", "waitable-set.new"), c.definitions().stream()
                .filter(d -> d instanceof Definition.AsyncBuiltin).map(d -> ((Definition.AsyncBuiltin) d).name()).toList());
        Definition.CanonLift lift = (Definition.CanonLift) c.definitions().stream()
                .filter(d -> d instanceof Definition.CanonLift).findFirst().orElseThrow();
        assertTrue(lift.options().async());
        assertTrue(lift.options().callback() >= 0);

        LinkException e = assertThrows(LinkException.class, () -> ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("async-abi"))));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("the component uses canon task.return (at offset "), e.getMessage());
        assertTrue(e.problems().get(1).startsWith("the component uses canon waitable-set.new (at offset "),
                e.getMessage());
        assertTrue(e.problems().get(2).startsWith("the component has a canon lift with the async ABI's options"),
                e.getMessage());
        assertTrue(e.problems().get(2).endsWith(Instantiator.ASYNC_REFUSAL), e.getMessage());
    }

    // ------------------------------------------------------------------ malformed variants

    private static ComponentFormatException rejected(byte[] bytes) {
        return assertThrows(ComponentFormatException.class, () -> ComponentDecoder.decode(bytes));
    }

    @Test
    void aTruncatedAsyncFunctionTypeIsAnError() {
        // (func async (param "x" u32)) without its result list
        ComponentFormatException e = rejected(section(7, 1, 0x43, 1, 1, 'x', 0x79));
        assertTrue(e.getMessage().contains("unexpected end"), e.getMessage());
        e = rejected(section(7, 1, 0x43, 0, 0x02));
        assertTrue(e.getMessage().contains("unknown result list 0x2"), e.getMessage());
    }

    @Test
    void malformedNameAttributesAreErrors() {
        assertRejected("unknown name attribute 0x3", instanceImport("x", 3, "y"));
        assertRejected("has the versionsuffix attribute twice",
                instanceImport("a:b/c@0.2", 1, ".1", 1, ".2"));
        assertRejected("needs a name with a canonical version",
                instanceImport("a:b/c@0.2.0", 1, ".1"));
        assertRejected("needs a name with a canonical version", instanceImport("a:b/c", 1, ".1"));
        assertRejected("which is not a semantic version", instanceImport("a:b/c@0.2", 1, ".x"));
        assertRejected("which is not a semantic version", instanceImport("a:b/c@0.2", 1, ".01"));
        assertRejected("must name an interface", instanceImport("primary", 0, "store"));
        assertRejected("only an instance with a plain name", instanceImport("a:b/c@0.2", 0, "a:b/c"));
        // implements on a function import
        byte[] funcImport = concat(section(7, 1, 0x40, 0, 0x01, 0),
                section(10, 1, 0x02, 1, 'f', 1, 0, 5, 'a', ':', 'b', '/', 'c', 0x01, 0));
        assertRejected("only an instance with a plain name", funcImport);
        // an attribute vector cut short
        assertRejected("count of name attributes 2 exceeds the 1 remaining bytes",
                concat(section(7, 1, 0x42, 0), section(10, 1, 0x02, 1, 'x', 2, 0x01)));
        assertRejected("length of versionsuffix 5 exceeds the 1 remaining bytes",
                concat(section(7, 1, 0x42, 0), section(10, 1, 0x02, 1, 'x', 1, 0x01, 5, '.')));
    }

    @Test
    void validNameAttributesDecode() {
        ComponentBinary c = ComponentDecoder.decode(instanceImport("a:b/c@0.2", 1, ".1-rc.2+build.5", 2, "ext:id!"));
        ExternName name = ((Definition.Import) c.definitions().get(1)).externName();
        assertEquals("a:b/c@0.2.1-rc.2+build.5", name.fullName());
        assertEquals(Optional.of("ext:id!"), name.externalId());
        assertEquals("a:b/c@1.0.0", ((Definition.Import) ComponentDecoder.decode(instanceImport("a:b/c@1", 1, ".0.0"))
                .definitions().get(1)).externName().fullName());
    }

    @Test
    void malformedAsyncAbiDefinitionsAreErrors() {
        assertRejected("unknown canonical definition 0x2e", section(8, 1, 0x2e));
        // built-ins of one byte each: three in three bytes
        assertEquals(3, ComponentDecoder.decode(section(8, 3, 0x1f, 0x22, 0x23)).definitions().size());
        // subtask.cancel with an async? flag of 2
        assertRejected("expected 0x00 or 0x01 for the async flag", section(8, 1, 0x06, 0x02));
        // canon lower (func 0) async async
        assertRejected("the async option is given twice", section(8, 1, 0x01, 0x00, 0x00, 2, 0x06, 0x06));
        // task.return with its options cut off
        assertRejected("unexpected end", section(8, 1, 0x09, 0x00, 0x79));
    }

    @Test
    void malformedMapsAreErrors() {
        // (map f32 u32): floats are not key types
        assertRejected("a map key must be bool, an integer, char or string, not f32", section(7, 1, 0x63, 0x76, 0x79));
        // (map string): the value type is missing
        assertRejected("unexpected end", section(7, 1, 0x63, 0x73));
        // (map string 0x40): not a value type
        assertRejected("unknown value type", section(7, 1, 0x63, 0x73, 0x40));
        // t0 = f64; (map t0 u32): the key is checked once its index is resolved
        ComponentFormatException e = assertThrows(ComponentFormatException.class, () -> ComponentHost.builder().build()
                .instantiate(Component.load(section(7, 2, 0x75, 0x63, 0x00, 0x79))));
        assertTrue(e.getMessage().contains("a map key must be bool, an integer, char or string, not f64"), e.getMessage());
        // t0 = string; (map t0 u32) is fine
        ComponentHost.builder().build().instantiate(Component.load(section(7, 2, 0x73, 0x63, 0x00, 0x79)));
    }

    @Test
    void malformedFixedLengthListsAreErrors() {
        assertRejected("a fixed-length list must have a length above 0", section(7, 1, 0x67, 0x79, 0));
        assertRejected("unexpected end", section(7, 1, 0x67, 0x79));
        assertRejected("too large for 32 bits", section(7, 1, 0x67, 0x79, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01));
    }

    private static void assertRejected(String expected, byte[] bytes) {
        ComponentFormatException e = rejected(bytes);
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
    }

    /**
     * (type (instance)) (import NAME (attributes...) (instance (type 0))): {@code attributes} are
     * pairs of a kind code and its string.
     */
    static byte[] instanceImport(String name, Object... attributes) {
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(1);
        imports.write(0x02);
        writeString(imports, name);
        imports.write(attributes.length / 2);
        for (int i = 0; i < attributes.length; i += 2) {
            imports.write((Integer) attributes[i]);
            writeString(imports, (String) attributes[i + 1]);
        }
        imports.write(0x05);
        imports.write(0);
        return concat(section(7, 1, 0x42, 0), sectionBytes(10, imports.toByteArray()));
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length);
        out.writeBytes(b);
    }

    /** A component of one section with {@code content} (each below 128 bytes). */
    static byte[] section(int id, int... content) {
        byte[] bytes = new byte[content.length];
        for (int i = 0; i < content.length; i++) {
            bytes[i] = (byte) content[i];
        }
        return sectionBytes(id, bytes);
    }

    private static byte[] sectionBytes(int id, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREAMBLE);
        out.write(id);
        out.write(content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Components joined: the preamble of the first, the sections of all. */
    static byte[] concat(byte[]... components) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREAMBLE);
        List<byte[]> parts = new ArrayList<>(List.of(components));
        for (byte[] c : parts) {
            out.write(c, PREAMBLE.length, c.length - PREAMBLE.length);
        }
        return out.toByteArray();
    }
}
