package dev.wasiotel.wit.runtime.abi;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.abi.VariantValue;
import dev.wasiotel.wit.abi.plan.FlatPlan;
import dev.wasiotel.wit.abi.plan.MemoryPlan;
import dev.wasiotel.wit.abi.plan.Plans;
import dev.wasiotel.wit.runtime.Arrays;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.LiftBudget;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.Strings;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lifts and lowers values of any {@link AbiType} by interpreting its lift/lower plan ({@link
 * Plans}): the dynamic path, for hosts that call functions whose types are known only at run time
 * (a command line invoking an export by name) and for checking the plans against the reference's
 * vectors. Generated bindings are emitted from the same plans. Every decision about a type (widths,
 * offsets, discriminants, joined slots and their bitcasts) is the plan's; this class only reads and
 * writes what a plan node says.
 *
 * <p>Dynamic values: bool {@code Boolean}; s8, u8, s16, u16, s32 {@code Integer}; u32, s64, u64
 * {@code Long} (u64 as two's complement); f32 {@code Float}; f64 {@code Double}; char {@code
 * Integer} code point; string {@code String}; list and fixed list {@code List}; record and tuple a
 * {@code List} of field values in order; variant, enum, option, result {@link VariantValue};
 * flags an {@code Integer} bit set (bit i = label i); handles {@code Integer}.
 *
 * <p>Flat values travel as {@code long}s: i32 in the low 32 bits, f32 and f64 as raw bits.
 *
 * <p>A canon serves one call: every string and list it lifts is charged to its {@link
 * LiftBudget}. Lists are lifted element by element into a {@code List}, so even lists of numbers
 * are charged at least {@link LiftBudget#MIN_ELEMENT_CHARGE} bytes per element here (generated
 * code lifts those into primitive arrays, charged their byte length). Lowering charges nothing.
 */
public final class DynamicCanon {
    private final GuestMemory memory;
    private final StringEncoding encoding;
    private final Realloc realloc;
    private final LiftBudget budget;

    /**
     * A canon whose lifts share a budget of {@link LiftBudget#defaults()}.
     *
     * @param memory the guest's memory
     * @param encoding the guest's string encoding
     * @param realloc the guest's allocator; may be null when only lifting
     */
    public DynamicCanon(GuestMemory memory, StringEncoding encoding, Realloc realloc) {
        this(memory, encoding, realloc, LiftBudget.defaults());
    }

    /**
     * @param memory the guest's memory
     * @param encoding the guest's string encoding
     * @param realloc the guest's allocator; may be null when only lifting
     * @param budget what the call may lift out of guest memory, charged by every lift of this canon
     */
    public DynamicCanon(GuestMemory memory, StringEncoding encoding, Realloc realloc, LiftBudget budget) {
        this.memory = memory;
        this.encoding = encoding;
        this.realloc = realloc;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    // ------------------------------------------------------------------ lifting from memory

    /**
     * Lifts the parameters or results a guest passed through memory: checks the tuple pointer's
     * alignment and bounds first, as the reference does, then loads each element.
     */
    public List<Object> liftSpilled(List<AbiType> types, int ptr) {
        MemoryPlan tuple = Plans.memory(new AbiType.Tuple(types));
        Bounds.checkValue(memory, ptr, tuple.size(), tuple.align(), "spilled values");
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) load(tuple, ptr);
        return values;
    }

    /** Reads a value of {@code type} at {@code ptr}. */
    public Object load(AbiType type, int ptr) {
        return load(Plans.memory(type), ptr);
    }

    /** Reads a value planned by {@code plan} at {@code ptr}. */
    public Object load(MemoryPlan plan, int ptr) {
        if (plan instanceof MemoryPlan.Scalar s) {
            check(ptr, s.size());
            return loadScalar(s.kind(), ptr);
        }
        if (plan instanceof MemoryPlan.Str) {
            check(ptr, 8);
            return Strings.lift(memory, memory.readInt(ptr), memory.readInt(ptr + 4), encoding, budget);
        }
        if (plan instanceof MemoryPlan.ListOf l) {
            check(ptr, 8);
            return loadList(l, memory.readInt(ptr), memory.readInt(ptr + 4));
        }
        if (plan instanceof MemoryPlan.RecordOf r) {
            List<MemoryPlan> fields = r.fields();
            List<Object> out = new ArrayList<>(fields.size());
            for (int i = 0; i < fields.size(); i++) {
                out.add(load(fields.get(i), ptr + r.offset(i)));
            }
            return out;
        }
        if (plan instanceof MemoryPlan.VariantOf v) {
            int size = v.discriminantSize();
            check(ptr, size);
            long disc = size == 1 ? memory.readByte(ptr) & 0xffL
                    : size == 2 ? memory.readShort(ptr) & 0xffffL : memory.readInt(ptr) & 0xffff_ffffL;
            int index = caseIndex(disc, v.caseCount());
            MemoryPlan payload = v.payload(index);
            return new VariantValue(index, payload == null ? null : load(payload, ptr + v.payloadOffset()));
        }
        if (plan instanceof MemoryPlan.FixedList f) {
            List<Object> out = new ArrayList<>(f.length());
            int stride = f.element().size();
            for (int i = 0; i < f.length(); i++) {
                out.add(load(f.element(), ptr + i * stride));
            }
            return out;
        }
        if (plan instanceof MemoryPlan.FlagsOf f) {
            if (f.size() == 0) {
                return 0;
            }
            check(ptr, f.size());
            int bits = f.size() == 1 ? memory.readByte(ptr) & 0xff : f.size() == 2 ? memory.readShort(ptr) & 0xffff
                    : memory.readInt(ptr);
            return Canon.maskFlags(bits, f.labels());
        }
        // handles and opaque values: an i32
        check(ptr, 4);
        return memory.readInt(ptr);
    }

    private Object loadScalar(AbiType.Prim kind, int ptr) {
        switch (kind) {
            case BOOL: return memory.readByte(ptr) != 0;
            case S8: return (int) memory.readByte(ptr);
            case U8: return memory.readByte(ptr) & 0xff;
            case S16: return (int) memory.readShort(ptr);
            case U16: return memory.readShort(ptr) & 0xffff;
            case S32: return memory.readInt(ptr);
            case U32: return memory.readInt(ptr) & 0xffff_ffffL;
            case S64: case U64: return memory.readLong(ptr);
            case F32: return memory.readFloat(ptr);
            case F64: return memory.readDouble(ptr);
            case CHAR: return Canon.checkChar(memory.readInt(ptr));
            default: throw new IllegalStateException("not a scalar: " + kind);
        }
    }

    private List<Object> loadList(MemoryPlan.ListOf list, int ptr, int length) {
        MemoryPlan element = list.element();
        int stride = element.size();
        Bounds.checkList(memory, ptr, length, stride, element.align(), budget);
        List<Object> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(load(element, ptr + i * stride));
        }
        return out;
    }

    private void check(int ptr, int bytes) {
        Bounds.checkRange(memory, ptr, bytes, "value");
    }

    private static int caseIndex(long disc, int cases) {
        if (disc >= cases) {
            throw new WitTrap(WitTrap.Reason.INVALID_DISCRIMINANT, "case " + disc + " of a type with " + cases
                    + " cases");
        }
        return (int) disc;
    }

    // ------------------------------------------------------------------ lifting from flat values

    /** A cursor over flat core values. */
    public static final class FlatReader {
        private final long[] values;
        private int next;

        /** Reads {@code values} from the start. */
        public FlatReader(long[] values) {
            this.values = values;
        }

        /** Takes the next {@code count} values; returns the index of the first. */
        int take(int count) {
            if (values.length - next < count) {
                throw new IllegalArgumentException("too few flat values: " + values.length);
            }
            int at = next;
            next += count;
            return at;
        }
    }

    /** Lifts a value of {@code type} from flat core values. */
    public Object liftFlat(AbiType type, FlatReader in) {
        FlatPlan plan = Plans.flat(type);
        return liftFlat(plan, in.values, in.take(plan.width()));
    }

    /** Lifts a value planned by {@code plan} from {@code a[i...]}. */
    public Object liftFlat(FlatPlan plan, long[] a, int i) {
        if (plan instanceof FlatPlan.Scalar s) {
            return liftScalar(s.kind(), s.cast().lift(a[i]));
        }
        if (plan instanceof FlatPlan.Str s) {
            return Strings.lift(memory, (int) s.ptr().lift(a[i]), (int) s.length().lift(a[i + 1]), encoding, budget);
        }
        if (plan instanceof FlatPlan.ListOf l) {
            return loadList(l.list(), (int) l.ptr().lift(a[i]), (int) l.length().lift(a[i + 1]));
        }
        if (plan instanceof FlatPlan.RecordOf r) {
            List<FlatPlan> fields = r.fields();
            List<Object> out = new ArrayList<>(fields.size());
            for (int k = 0; k < fields.size(); k++) {
                out.add(liftFlat(fields.get(k), a, i + r.start(k)));
            }
            return out;
        }
        if (plan instanceof FlatPlan.VariantOf v) {
            int index = caseIndex(v.discriminant().lift(a[i]) & 0xffff_ffffL, v.caseCount());
            FlatPlan payload = v.payload(index);
            return new VariantValue(index, payload == null ? null : liftFlat(payload, a, i + 1));
        }
        if (plan instanceof FlatPlan.FixedList f) {
            List<Object> out = new ArrayList<>(f.length());
            for (int k = 0; k < f.length(); k++) {
                out.add(liftFlat(f.element(k), a, i + f.start(k)));
            }
            return out;
        }
        if (plan instanceof FlatPlan.FlagsOf f) {
            return f.labels() == 0 ? 0 : Canon.maskFlags((int) f.cast().lift(a[i]), f.labels());
        }
        if (plan instanceof FlatPlan.HandleOf h) {
            return (int) h.cast().lift(a[i]);
        }
        return (int) ((FlatPlan.OpaqueOf) plan).cast().lift(a[i]);
    }

    private static Object liftScalar(AbiType.Prim kind, long raw) {
        switch (kind) {
            case BOOL: return (int) raw != 0;
            case S8: return (int) (byte) raw;
            case U8: return (int) raw & 0xff;
            case S16: return (int) (short) raw;
            case U16: return (int) raw & 0xffff;
            case S32: return (int) raw;
            case U32: return raw & 0xffff_ffffL;
            case S64: case U64: return raw;
            case F32: return Float.intBitsToFloat((int) raw);
            case F64: return Double.longBitsToDouble(raw);
            case CHAR: return Canon.checkChar((int) raw);
            default: throw new IllegalStateException("not a scalar: " + kind);
        }
    }

    // ------------------------------------------------------------------ lowering

    /** Writes {@code value} of {@code type} at {@code ptr} (aligned, in bounds), allocating through realloc. */
    public void store(AbiType type, Object value, int ptr) {
        store(Plans.memory(type), value, ptr);
    }

    /** Writes {@code value} planned by {@code plan} at {@code ptr}. */
    public void store(MemoryPlan plan, Object value, int ptr) {
        if (plan instanceof MemoryPlan.Scalar s) {
            storeScalar(s.kind(), value, ptr);
        } else if (plan instanceof MemoryPlan.Str) {
            writePair(ptr, lowerString(value));
        } else if (plan instanceof MemoryPlan.ListOf l) {
            writePair(ptr, storeList(l, (List<?>) value));
        } else if (plan instanceof MemoryPlan.RecordOf r) {
            List<?> fields = (List<?>) value;
            for (int i = 0; i < r.fields().size(); i++) {
                store(r.fields().get(i), fields.get(i), ptr + r.offset(i));
            }
        } else if (plan instanceof MemoryPlan.VariantOf v) {
            VariantValue vv = (VariantValue) value;
            int size = v.discriminantSize();
            if (size == 1) {
                memory.writeByte(ptr, (byte) vv.caseIndex());
            } else if (size == 2) {
                memory.writeShort(ptr, (short) vv.caseIndex());
            } else {
                memory.writeInt(ptr, vv.caseIndex());
            }
            MemoryPlan payload = v.payload(vv.caseIndex());
            if (payload != null) {
                store(payload, vv.payload(), ptr + v.payloadOffset());
            }
        } else if (plan instanceof MemoryPlan.FixedList f) {
            List<?> list = Canon.checkFixedLength((List<?>) value, f.length());
            int stride = f.element().size();
            for (int i = 0; i < list.size(); i++) {
                store(f.element(), list.get(i), ptr + i * stride);
            }
        } else if (plan instanceof MemoryPlan.FlagsOf f) {
            int bits = (Integer) value;
            if (f.size() == 1) {
                memory.writeByte(ptr, (byte) bits);
            } else if (f.size() == 2) {
                memory.writeShort(ptr, (short) bits);
            } else if (f.size() == 4) {
                memory.writeInt(ptr, bits);
            }
        } else {
            memory.writeInt(ptr, (Integer) value);
        }
    }

    private void storeScalar(AbiType.Prim kind, Object value, int ptr) {
        switch (kind) {
            case BOOL: memory.writeByte(ptr, (byte) ((Boolean) value ? 1 : 0)); return;
            case S8: memory.writeByte(ptr, (byte) Canon.checkS8((Integer) value)); return;
            case U8: memory.writeByte(ptr, (byte) Canon.checkU8((Integer) value)); return;
            case S16: memory.writeShort(ptr, (short) Canon.checkS16((Integer) value)); return;
            case U16: memory.writeShort(ptr, (short) Canon.checkU16((Integer) value)); return;
            case S32: memory.writeInt(ptr, (Integer) value); return;
            case U32: memory.writeInt(ptr, Canon.checkU32((Long) value)); return;
            case S64: case U64: memory.writeLong(ptr, (Long) value); return;
            case F32: memory.writeFloat(ptr, (Float) value); return;
            case F64: memory.writeDouble(ptr, (Double) value); return;
            case CHAR: memory.writeInt(ptr, Canon.checkCharForLowering((Integer) value)); return;
            default: throw new IllegalStateException("not a scalar: " + kind);
        }
    }

    private void writePair(int ptr, long pointerAndLength) {
        memory.writeInt(ptr, (int) pointerAndLength);
        memory.writeInt(ptr + 4, (int) (pointerAndLength >>> 32));
    }

    /** Allocates and fills a list; returns ptr in the low and length in the high 32 bits. */
    private long storeList(MemoryPlan.ListOf list, List<?> values) {
        MemoryPlan element = list.element();
        int stride = element.size();
        int ptr = Arrays.allocate(realloc(), values.size(), stride, element.align());
        for (int i = 0; i < values.size(); i++) {
            store(element, values.get(i), ptr + i * stride);
        }
        return Arrays.pair(ptr, values.size());
    }

    /** Lowers {@code value} to flat core values. */
    public long[] lowerFlat(AbiType type, Object value) {
        FlatPlan plan = Plans.flat(type);
        long[] out = new long[plan.width()];
        lowerFlat(plan, value, out, 0);
        return out;
    }

    /** Lowers {@code value} planned by {@code plan} into {@code out[i...]}. */
    public void lowerFlat(FlatPlan plan, Object value, long[] out, int i) {
        if (plan instanceof FlatPlan.Scalar s) {
            out[i] = s.cast().lower(lowerScalar(s.kind(), value));
        } else if (plan instanceof FlatPlan.Str s) {
            long pl = lowerString(value);
            out[i] = s.ptr().lower(pl & 0xffff_ffffL);
            out[i + 1] = s.length().lower(pl >>> 32);
        } else if (plan instanceof FlatPlan.ListOf l) {
            long pl = storeList(l.list(), (List<?>) value);
            out[i] = l.ptr().lower(pl & 0xffff_ffffL);
            out[i + 1] = l.length().lower(pl >>> 32);
        } else if (plan instanceof FlatPlan.RecordOf r) {
            List<?> fields = (List<?>) value;
            for (int k = 0; k < r.fields().size(); k++) {
                lowerFlat(r.fields().get(k), fields.get(k), out, i + r.start(k));
            }
        } else if (plan instanceof FlatPlan.VariantOf v) {
            VariantValue vv = (VariantValue) value;
            out[i] = v.discriminant().lower(vv.caseIndex() & 0xffff_ffffL);
            FlatPlan payload = v.payload(vv.caseIndex());
            int used = 0;
            if (payload != null) {
                lowerFlat(payload, vv.payload(), out, i + 1);
                used = payload.width();
            }
            // slots this case leaves unused are zero
            java.util.Arrays.fill(out, i + 1 + used, i + v.width(), 0L);
        } else if (plan instanceof FlatPlan.FixedList f) {
            List<?> list = Canon.checkFixedLength((List<?>) value, f.length());
            for (int k = 0; k < f.length(); k++) {
                lowerFlat(f.element(k), list.get(k), out, i + f.start(k));
            }
        } else if (plan instanceof FlatPlan.FlagsOf f) {
            if (f.labels() != 0) {
                out[i] = f.cast().lower((Integer) value & 0xffff_ffffL);
            }
        } else if (plan instanceof FlatPlan.HandleOf h) {
            out[i] = h.cast().lower((Integer) value & 0xffff_ffffL);
        } else {
            out[i] = ((FlatPlan.OpaqueOf) plan).cast().lower((Integer) value & 0xffff_ffffL);
        }
    }

    private static long lowerScalar(AbiType.Prim kind, Object value) {
        switch (kind) {
            case BOOL: return (Boolean) value ? 1L : 0L;
            case S8: return Canon.checkS8((Integer) value) & 0xffff_ffffL;
            case U8: return Canon.checkU8((Integer) value);
            case S16: return Canon.checkS16((Integer) value) & 0xffff_ffffL;
            case U16: return Canon.checkU16((Integer) value);
            case S32: return (Integer) value & 0xffff_ffffL;
            case U32: return Canon.checkU32((Long) value) & 0xffff_ffffL;
            case S64: case U64: return (Long) value;
            case F32: return Float.floatToRawIntBits((Float) value) & 0xffff_ffffL;
            case F64: return Double.doubleToRawLongBits((Double) value);
            case CHAR: return Canon.checkCharForLowering((Integer) value);
            default: throw new IllegalStateException("not a scalar: " + kind);
        }
    }

    private long lowerString(Object value) {
        if (value instanceof byte[] utf8) {
            return Strings.lowerUtf8(memory, realloc(), utf8, encoding);
        }
        return Strings.lower(memory, realloc(), (String) value, encoding);
    }

    private Realloc realloc() {
        if (realloc == null) {
            throw new IllegalStateException("lowering needs the guest's cabi_realloc");
        }
        return realloc;
    }
}
