package dev.wasiotel.wit.runtime.abi;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.abi.VariantValue;
import dev.wasiotel.wit.runtime.testing.SeededRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random values of random types: stored then loaded, and lowered flat then lifted, they come back
 * equal, in every string encoding. Types nest records, tuples, variants, options, results, enums,
 * flags and lists of everything, up to a few levels deep.
 */
class RoundTripPropertyTest {

    record Case(AbiType type, Object value, StringEncoding encoding) {
    }

    @Test
    void storeThenLoadAndLowerThenLift() {
        SeededRuns.run("storeThenLoadAndLowerThenLift", 0xAB1L, 1000, RoundTripPropertyTest::randomCase,
                RoundTripPropertyTest::check);
    }

    private static void check(Case c) {
        ByteArrayMemory memory = new ByteArrayMemory(1 << 20);
        dev.wasiotel.wit.runtime.testing.BumpAllocator alloc = new dev.wasiotel.wit.runtime.testing.BumpAllocator(memory, 8);
        DynamicCanon canon = new DynamicCanon(memory, c.encoding(), alloc);
        int ptr = alloc.realloc(0, 0, Layout.align(c.type()), Layout.size(c.type()));
        canon.store(c.type(), c.value(), ptr);
        assertEquals(c.value(), canon.load(c.type(), ptr));
        long[] flat = canon.lowerFlat(c.type(), c.value());
        assertEquals(Layout.flat(c.type()).size(), flat.length, "flat arity");
        assertEquals(c.value(), canon.liftFlat(c.type(), new DynamicCanon.FlatReader(flat)));
    }

    /** A random type nested up to a few levels, a random value of it and a string encoding. */
    static Case randomCase(Random random) {
        AbiType type = type(random, 0);
        StringEncoding encoding = StringEncoding.values()[random.nextInt(3)];
        return new Case(type, value(random, type), encoding);
    }

    private static AbiType type(Random r, int depth) {
        int pick = r.nextInt(depth >= 3 ? 13 : 21);
        if (pick < 13) {
            return AbiType.Prim.values()[pick];
        }
        switch (pick) {
            case 13: return new AbiType.ListOf(type(r, depth + 1));
            case 14: {
                List<AbiType.Field> fields = new ArrayList<>();
                for (int i = 0; i <= r.nextInt(4); i++) {
                    fields.add(new AbiType.Field("f" + i, type(r, depth + 1)));
                }
                return new AbiType.Record(fields);
            }
            case 15: {
                List<AbiType> types = new ArrayList<>();
                for (int i = 0; i <= r.nextInt(3); i++) {
                    types.add(type(r, depth + 1));
                }
                return new AbiType.Tuple(types);
            }
            case 16: {
                List<AbiType.Case> cases = new ArrayList<>();
                for (int i = 0; i <= r.nextInt(4); i++) {
                    cases.add(new AbiType.Case("c" + i, r.nextBoolean() ? Optional.of(type(r, depth + 1)) : Optional.empty()));
                }
                return new AbiType.Variant(cases);
            }
            case 17: return new AbiType.Option(type(r, depth + 1));
            case 18: return new AbiType.Result(r.nextBoolean() ? Optional.of(type(r, depth + 1)) : Optional.empty(),
                    r.nextBoolean() ? Optional.of(type(r, depth + 1)) : Optional.empty());
            case 19: {
                List<String> labels = new ArrayList<>();
                int n = 1 + r.nextInt(r.nextBoolean() ? 5 : 300);
                for (int i = 0; i < n; i++) {
                    labels.add("l" + i);
                }
                return new AbiType.Enum(labels);
            }
            default: {
                List<String> labels = new ArrayList<>();
                for (int i = 0; i <= r.nextInt(32); i++) {
                    labels.add("b" + i);
                }
                return new AbiType.Flags(labels.subList(0, Math.min(labels.size(), 32)));
            }
        }
    }

    private static Object value(Random r, AbiType type) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case BOOL: return r.nextBoolean();
                case S8: return (int) (byte) r.nextInt();
                case U8: return r.nextInt(256);
                case S16: return (int) (short) r.nextInt();
                case U16: return r.nextInt(65536);
                case S32: return r.nextInt();
                case U32: return r.nextInt() & 0xffff_ffffL;
                case S64: case U64: return r.nextLong();
                case F32: return r.nextInt(10) == 0 ? Float.NaN : r.nextFloat() * 1e6f - 5e5f;
                case F64: return r.nextInt(10) == 0 ? -0.0 : r.nextDouble() * 1e300;
                case CHAR: {
                    int cp;
                    do {
                        cp = r.nextBoolean() ? r.nextInt(0x300) : r.nextInt(0x110000);
                    } while (cp >= 0xD800 && cp <= 0xDFFF);
                    return cp;
                }
                default: return string(r);
            }
        }
        if (type instanceof AbiType.ListOf l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < r.nextInt(5); i++) {
                out.add(value(r, l.element()));
            }
            return out;
        }
        if (type instanceof AbiType.Flags f) {
            return Canon.maskFlags(r.nextInt(), f.labels().size());
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            List<Object> out = new ArrayList<>();
            for (AbiType.Field field : record.fields()) {
                out.add(value(r, field.type()));
            }
            return out;
        }
        AbiType.Variant v = AbiType.asVariant(type);
        int index = r.nextInt(v.cases().size());
        Optional<AbiType> payload = v.cases().get(index).payload();
        return new VariantValue(index, payload.isPresent() ? value(r, payload.get()) : null);
    }

    private static String string(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(4);
            int cp = kind == 0 ? 0x20 + r.nextInt(0x5f) : kind == 1 ? 0xa0 + r.nextInt(0x60)
                    : kind == 2 ? 0x400 + r.nextInt(0x1000) : 0x1F600 + r.nextInt(0x50);
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
