package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.binary.ComponentBinary;
import dev.wasiotel.host.component.binary.ComponentDecoder;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.component.binary.Definition;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComponentDecoderTest {
    private static final byte[] PREAMBLE = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};

    private static byte[] component(int... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREAMBLE);
        for (int b : body) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private static ComponentFormatException rejected(byte[] bytes) {
        return assertThrows(ComponentFormatException.class, () -> ComponentDecoder.decode(bytes));
    }

    @Test
    void decodesTheDefinitionsOfARealComponentInOrder() {
        ComponentBinary c = ComponentDecoder.decode(ComponentFixtures.bytes("otel"));
        long modules = c.definitions().stream().filter(d -> d instanceof Definition.CoreModuleDef).count();
        long nested = c.definitions().stream().filter(d -> d instanceof Definition.NestedComponent).count();
        assertEquals(3, modules, "main, shim and fixup modules");
        assertEquals(1, nested, "the export shim component");
        assertTrue(c.definitions().get(0) instanceof Definition.Type);
        assertTrue(c.definitions().get(c.definitions().size() - 1) instanceof Definition.Export);
    }

    @Test
    void anEmptyComponentHasNoDefinitions() {
        assertEquals(0, ComponentDecoder.decode(component()).definitions().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 7, 9, 10, 100, 1000, 3000})
    void truncationIsAnErrorAtTheEnd(int length) {
        byte[] full = ComponentFixtures.bytes("otel");
        ComponentFormatException e = rejected(Arrays.copyOf(full, length));
        assertTrue(e.offset() <= length, e.getMessage());
        assertTrue(e.getMessage().contains("unexpected end") || e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void anUnknownSectionIdNamesItsOffset() {
        ComponentFormatException e = rejected(component(13, 0));
        assertEquals(8, e.offset());
        assertTrue(e.getMessage().contains("unknown section id 13"), e.getMessage());
    }

    @Test
    void unsupportedSectionsAreNamed() {
        assertTrue(rejected(component(9, 0)).getMessage().contains("start section"));
        assertTrue(rejected(component(12, 0)).getMessage().contains("value section"));
    }

    @Test
    void aLeb128LongerThanFiveBytesIsRejected() {
        ComponentFormatException e = rejected(component(7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01));
        assertEquals(9, e.offset());
        assertTrue(e.getMessage().contains("LEB128"), e.getMessage());
    }

    @Test
    void aLeb128BeyondThirtyTwoBitsIsRejected() {
        ComponentFormatException e = rejected(component(7, 0xff, 0xff, 0xff, 0xff, 0x7f));
        assertTrue(e.getMessage().contains("too large for 32 bits"), e.getMessage());
    }

    @Test
    void aHugeCountIsRejectedBeforeAllocating() {
        // a type section of 6 bytes claiming 2^32-1 types
        ComponentFormatException e = rejected(component(7, 5, 0xff, 0xff, 0xff, 0xff, 0x0f));
        assertEquals(10, e.offset());
        assertTrue(e.getMessage().contains("count of types 4294967295 exceeds the 0 remaining bytes"), e.getMessage());
    }

    @Test
    void aSectionLargerThanTheInputIsRejected() {
        ComponentFormatException e = rejected(component(7, 100, 0));
        assertTrue(e.getMessage().contains("size of section 7 100 exceeds the 1 remaining bytes"), e.getMessage());
    }

    @Test
    void trailingBytesInASectionAreRejected() {
        ComponentFormatException e = rejected(component(7, 2, 0, 0));
        assertTrue(e.getMessage().contains("1 bytes left"), e.getMessage());
    }

    @Test
    void anUnknownTypeOpcodeNamesItsOffset() {
        ComponentFormatException e = rejected(component(7, 2, 1, 0x50));
        assertEquals(11, e.offset());
        assertTrue(e.getMessage().contains("unknown type 0x50"), e.getMessage());
    }

    @Test
    void invalidUtf8InANameIsRejected() {
        // import section: one import, name kind 0x00, name of 1 byte 0xff
        ComponentFormatException e = rejected(component(10, 5, 1, 0, 1, 0xff, 0));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void aCoreModuleIsNotAComponent() {
        ComponentFormatException e = rejected(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        assertTrue(e.getMessage().contains("core module, not a component"), e.getMessage());
    }

    @Test
    void aBadMagicNumberIsRejected() {
        assertTrue(rejected(new byte[] {1, 2, 3, 4, 0x0d, 0, 1, 0}).getMessage().contains("magic"));
    }

    @Test
    void anUnknownVersionIsRejected() {
        assertTrue(rejected(new byte[] {0, 'a', 's', 'm', 0x0c, 0, 1, 0}).getMessage().contains("version 0xc"));
    }

    @Test
    void nestingIsBounded() {
        // components nested 70 deep, each a component section around the next
        byte[] inner = component();
        for (int i = 0; i < 70; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(PREAMBLE);
            out.write(4);
            writeLeb(out, inner.length);
            out.writeBytes(inner);
            inner = out.toByteArray();
        }
        byte[] bytes = inner;
        assertTrue(rejected(bytes).getMessage().contains("nest more than"));
    }

    @Test
    void aBadIndexIsAnErrorAtItsDefinitionWhenInstantiating() {
        // alias core export 5 "f" (core func): there is no core instance 5
        byte[] bytes = component(6, 7, 1, 0x00, 0x00, 0x01, 5, 1, 'f');
        Component c = Component.load(bytes);
        ComponentFormatException e = assertThrows(ComponentFormatException.class,
                () -> ComponentHost.builder().build().instantiate(c));
        assertEquals(11, e.offset());
        assertTrue(e.getMessage().contains("core instance index 5 is out of bounds (0 defined)"), e.getMessage());
    }

    @Test
    void aBrokenCoreModuleIsAFormatErrorAtItsOffset() {
        // a core module section holding a module whose type section is truncated
        byte[] bytes = component(1, 11, 0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1);
        ComponentFormatException e = assertThrows(ComponentFormatException.class, () -> Component.load(bytes));
        assertEquals(10, e.offset());
        assertTrue(e.getMessage().contains("core module is invalid"), e.getMessage());
    }

    @Test
    void aComponentInstantiatingItselfIsStopped() {
        // nested component 0: (alias outer 1 0 (component)) (instance (instantiate 0)), i.e. itself
        byte[] nested = component(6, 5, 1, 0x04, 0x02, 1, 0, 5, 4, 1, 0, 0, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREAMBLE);
        out.write(4);
        out.write(nested.length);
        out.writeBytes(nested);
        out.writeBytes(new byte[] {5, 4, 1, 0, 0, 0});
        Component c = Component.load(out.toByteArray());
        ComponentFormatException e = assertThrows(ComponentFormatException.class,
                () -> ComponentHost.builder().build().instantiate(c));
        assertTrue(e.getMessage().contains("nest more than 100 deep"), e.getMessage());
    }

    @Test
    void anExponentiallyLargeTypeIsRejectedWhereItIsDefined() {
        // t0 = tuple<u8, u8>; t(i) = tuple<t(i-1), t(i-1)>: 2^41 leaves from 4 bytes a type
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        types.write(41);
        types.writeBytes(new byte[] {0x6f, 2, 0x7d, 0x7d});
        for (int i = 1; i < 41; i++) {
            types.writeBytes(new byte[] {0x6f, 2, (byte) (i - 1), (byte) (i - 1)});
        }
        ComponentFormatException e = assertThrows(ComponentFormatException.class,
                () -> ComponentHost.builder().build().instantiate(Component.load(section(7, types.toByteArray()))));
        assertTrue(e.getMessage().contains("more than 100000 nodes"), e.getMessage());
    }

    @Test
    void aHugeFixedLengthListIsRejectedWhereItIsDefined() {
        // list<u8, 2^31-1>: five bytes of type that would flatten and lift element by element
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        types.write(1);
        types.writeBytes(new byte[] {0x67, 0x7d});
        writeLeb(types, Integer.MAX_VALUE);
        ComponentFormatException e = assertThrows(ComponentFormatException.class,
                () -> ComponentHost.builder().build().instantiate(Component.load(section(7, types.toByteArray()))));
        assertTrue(e.getMessage().contains("more than 100000 nodes"), e.getMessage());

        ByteArrayOutputStream small = new ByteArrayOutputStream();
        small.write(1);
        small.writeBytes(new byte[] {0x67, 0x7d});
        writeLeb(small, 1000);
        ComponentHost.builder().build().instantiate(Component.load(section(7, small.toByteArray())));
    }

    @Test
    void aDeeplyNestedTypeIsRejected() {
        // t0 = list<u8>; t(i) = list<t(i-1)>, 150 deep
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        writeLeb(types, 150);
        types.writeBytes(new byte[] {0x70, 0x7d});
        for (int i = 1; i < 150; i++) {
            types.write(0x70);
            writeS33(types, i - 1);
        }
        ComponentFormatException e = assertThrows(ComponentFormatException.class,
                () -> ComponentHost.builder().build().instantiate(Component.load(section(7, types.toByteArray()))));
        assertTrue(e.getMessage().contains("nests more than 100 deep"), e.getMessage());
    }

    private static byte[] section(int id, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREAMBLE);
        out.write(id);
        writeLeb(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A non-negative s33 (a type index in a value type position). */
    private static void writeS33(ByteArrayOutputStream out, int value) {
        int v = value;
        while (true) {
            int b = v & 0x7f;
            v >>= 7;
            if (v == 0 && (b & 0x40) == 0) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }

    private static void writeLeb(ByteArrayOutputStream out, int value) {
        int v = value;
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
