package dev.wasiotel.wit.runtime.abi;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.abi.VariantValue;
import dev.wasiotel.wit.runtime.Arrays;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.LiftBudget;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.Strings;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lifts and lowers values of any {@link AbiType} by interpreting the model: the dynamic path, for
 * hosts that call functions whose types are known only at run time (a command line invoking an
 * export by name) and for checking the model against the reference's vectors. Generated bindings
 * take the same numbers from {@link Layout} but emit specialised code.
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
        this.budget = java.util.Objects.requireNonNull(budget, "budget");
    }

    // ------------------------------------------------------------------ lifting from memory

    /**
     * Lifts the parameters or results a guest passed through memory: checks the tuple pointer's
     * alignment and bounds first, as the reference does, then loads each element.
     */
    public List<Object> liftSpilled(List<AbiType> types, int ptr) {
        AbiType tuple = new AbiType.Tuple(types);
        Bounds.checkValue(memory, ptr, Layout.size(tuple), Layout.align(tuple), "spilled values");
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) load(tuple, ptr);
        return values;
    }

    /** Reads a value of {@code type} at {@code ptr}. */
    public Object load(AbiType type, int ptr) {
        if (type instanceof AbiType.Prim p) {
            return loadPrim(p, ptr);
        }
        if (type instanceof AbiType.ListOf l) {
            check(ptr, 8);
            return loadList(l.element(), memory.readInt(ptr), memory.readInt(ptr + 4));
        }
        if (type instanceof AbiType.FixedList f) {
            List<Object> out = new ArrayList<>(f.length());
            int size = Layout.size(f.element());
            for (int i = 0; i < f.length(); i++) {
                out.add(load(f.element(), ptr + i * size));
            }
            return out;
        }
        if (type instanceof AbiType.Handle || type instanceof AbiType.Opaque) {
            check(ptr, 4);
            return memory.readInt(ptr);
        }
        if (type instanceof AbiType.Flags f) {
            return loadFlags(f, ptr);
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            int[] offsets = Layout.fieldOffsets(record);
            List<Object> out = new ArrayList<>(offsets.length);
            for (int i = 0; i < offsets.length; i++) {
                out.add(load(record.fields().get(i).type(), ptr + offsets[i]));
            }
            return out;
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        int discSize = Layout.discriminantSize(variant.cases().size());
        check(ptr, discSize);
        long disc = discSize == 1 ? memory.readByte(ptr) & 0xffL
                : discSize == 2 ? memory.readShort(ptr) & 0xffffL : memory.readInt(ptr) & 0xffff_ffffL;
        int index = caseIndex(disc, variant);
        Optional<AbiType> payload = variant.cases().get(index).payload();
        return new VariantValue(index, payload.isPresent()
                ? load(payload.get(), ptr + Layout.payloadOffset(variant)) : null);
    }

    private Object loadPrim(AbiType.Prim p, int ptr) {
        switch (p) {
            case BOOL: check(ptr, 1); return memory.readByte(ptr) != 0;
            case S8: check(ptr, 1); return (int) memory.readByte(ptr);
            case U8: check(ptr, 1); return memory.readByte(ptr) & 0xff;
            case S16: check(ptr, 2); return (int) memory.readShort(ptr);
            case U16: check(ptr, 2); return memory.readShort(ptr) & 0xffff;
            case S32: check(ptr, 4); return memory.readInt(ptr);
            case U32: check(ptr, 4); return memory.readInt(ptr) & 0xffff_ffffL;
            case S64: case U64: check(ptr, 8); return memory.readLong(ptr);
            case F32: check(ptr, 4); return memory.readFloat(ptr);
            case F64: check(ptr, 8); return memory.readDouble(ptr);
            case CHAR: check(ptr, 4); return Canon.checkChar(memory.readInt(ptr));
            default:
                check(ptr, 8);
                return Strings.lift(memory, memory.readInt(ptr), memory.readInt(ptr + 4), encoding, budget);
        }
    }

    private List<Object> loadList(AbiType element, int ptr, int length) {
        int size = Layout.size(element);
        Bounds.checkList(memory, ptr, length, size, Layout.align(element), budget);
        List<Object> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(load(element, ptr + i * size));
        }
        return out;
    }

    private Object loadFlags(AbiType.Flags f, int ptr) {
        int size = Layout.flagsSize(f.labels().size());
        if (size == 0) {
            return 0;
        }
        check(ptr, size);
        int bits = size == 1 ? memory.readByte(ptr) & 0xff : size == 2 ? memory.readShort(ptr) & 0xffff
                : memory.readInt(ptr);
        return Canon.maskFlags(bits, f.labels().size());
    }

    private void check(int ptr, int bytes) {
        Bounds.checkRange(memory, ptr, bytes, "value");
    }

    private static int caseIndex(long disc, AbiType.Variant variant) {
        if (disc >= variant.cases().size()) {
            throw new WitTrap(WitTrap.Reason.INVALID_DISCRIMINANT, "case " + disc + " of a type with "
                    + variant.cases().size() + " cases");
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

        long next() {
            if (next >= values.length) {
                throw new IllegalArgumentException("too few flat values: " + values.length);
            }
            return values[next++];
        }
    }

    /** Lifts a value of {@code type} from flat core values. */
    public Object liftFlat(AbiType type, FlatReader in) {
        return liftFlat(type, in, null);
    }

    /**
     * @param slots for a variant payload: the joined slot types the values arrive in (coerced to
     *     what the payload wants), else null
     */
    private Object liftFlat(AbiType type, FlatReader in, SlotCoercion slots) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case BOOL: return (int) next(in, slots, CoreType.I32) != 0;
                case S8: return (int) (byte) next(in, slots, CoreType.I32);
                case U8: return (int) next(in, slots, CoreType.I32) & 0xff;
                case S16: return (int) (short) next(in, slots, CoreType.I32);
                case U16: return (int) next(in, slots, CoreType.I32) & 0xffff;
                case S32: return (int) next(in, slots, CoreType.I32);
                case U32: return next(in, slots, CoreType.I32) & 0xffff_ffffL;
                case S64: case U64: return next(in, slots, CoreType.I64);
                case F32: return Float.intBitsToFloat((int) next(in, slots, CoreType.F32));
                case F64: return Double.longBitsToDouble(next(in, slots, CoreType.F64));
                case CHAR: return Canon.checkChar((int) next(in, slots, CoreType.I32));
                default: {
                    int ptr = (int) next(in, slots, CoreType.I32);
                    int len = (int) next(in, slots, CoreType.I32);
                    return Strings.lift(memory, ptr, len, encoding, budget);
                }
            }
        }
        if (type instanceof AbiType.ListOf l) {
            int ptr = (int) next(in, slots, CoreType.I32);
            int len = (int) next(in, slots, CoreType.I32);
            return loadList(l.element(), ptr, len);
        }
        if (type instanceof AbiType.FixedList f) {
            List<Object> out = new ArrayList<>(f.length());
            for (int i = 0; i < f.length(); i++) {
                out.add(liftFlat(f.element(), in, slots));
            }
            return out;
        }
        if (type instanceof AbiType.Handle || type instanceof AbiType.Opaque) {
            return (int) next(in, slots, CoreType.I32);
        }
        if (type instanceof AbiType.Flags f) {
            return f.labels().isEmpty() ? 0 : Canon.maskFlags((int) next(in, slots, CoreType.I32), f.labels().size());
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            List<Object> out = new ArrayList<>(record.fields().size());
            for (AbiType.Field f : record.fields()) {
                out.add(liftFlat(f.type(), in, slots));
            }
            return out;
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        long disc = next(in, slots, CoreType.I32) & 0xffff_ffffL;
        int index = caseIndex(disc, variant);
        SlotCoercion payloadSlots = new SlotCoercion(in, slots, Layout.variantPayloadSlots(variant));
        Optional<AbiType> payload = variant.cases().get(index).payload();
        Object value = payload.isPresent() ? liftFlat(payload.get(), in, payloadSlots) : null;
        payloadSlots.skipRest();
        return new VariantValue(index, value);
    }

    private static long next(FlatReader in, SlotCoercion slots, CoreType want) {
        return slots == null ? in.next() : slots.next(want);
    }

    /** Reads a variant payload's values out of the variant's joined slots, converting as the reference does. */
    private static final class SlotCoercion {
        private final FlatReader in;
        private final SlotCoercion outer;
        private final List<CoreType> slots;
        private int used;

        SlotCoercion(FlatReader in, SlotCoercion outer, List<CoreType> slots) {
            this.in = in;
            this.outer = outer;
            this.slots = slots;
        }

        long next(CoreType want) {
            CoreType slot = slots.get(used++);
            long raw = outer == null ? in.next() : outer.next(slot);
            if (slot == want) {
                return raw;
            }
            if (slot == CoreType.I64 && want == CoreType.F64) {
                return raw;
            }
            // i32 or f32 carried in an i64 slot, or f32 in an i32 slot: the low 32 bits.
            return raw & 0xffff_ffffL;
        }

        void skipRest() {
            while (used < slots.size()) {
                next(slots.get(used));
            }
        }
    }

    // ------------------------------------------------------------------ lowering

    /** Writes {@code value} of {@code type} at {@code ptr} (aligned, in bounds), allocating through realloc. */
    public void store(AbiType type, Object value, int ptr) {
        if (type instanceof AbiType.Prim p) {
            storePrim(p, value, ptr);
            return;
        }
        if (type instanceof AbiType.ListOf l) {
            long pl = storeList(l.element(), (List<?>) value);
            memory.writeInt(ptr, (int) pl);
            memory.writeInt(ptr + 4, (int) (pl >>> 32));
            return;
        }
        if (type instanceof AbiType.FixedList f) {
            List<?> list = Canon.checkFixedLength((List<?>) value, f.length());
            int size = Layout.size(f.element());
            for (int i = 0; i < list.size(); i++) {
                store(f.element(), list.get(i), ptr + i * size);
            }
            return;
        }
        if (type instanceof AbiType.Handle || type instanceof AbiType.Opaque) {
            memory.writeInt(ptr, (Integer) value);
            return;
        }
        if (type instanceof AbiType.Flags f) {
            int size = Layout.flagsSize(f.labels().size());
            int bits = (Integer) value;
            if (size == 1) {
                memory.writeByte(ptr, (byte) bits);
            } else if (size == 2) {
                memory.writeShort(ptr, (short) bits);
            } else if (size == 4) {
                memory.writeInt(ptr, bits);
            }
            return;
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            int[] offsets = Layout.fieldOffsets(record);
            List<?> fields = (List<?>) value;
            for (int i = 0; i < offsets.length; i++) {
                store(record.fields().get(i).type(), fields.get(i), ptr + offsets[i]);
            }
            return;
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        VariantValue v = (VariantValue) value;
        int discSize = Layout.discriminantSize(variant.cases().size());
        if (discSize == 1) {
            memory.writeByte(ptr, (byte) v.caseIndex());
        } else if (discSize == 2) {
            memory.writeShort(ptr, (short) v.caseIndex());
        } else {
            memory.writeInt(ptr, v.caseIndex());
        }
        Optional<AbiType> payload = variant.cases().get(v.caseIndex()).payload();
        if (payload.isPresent()) {
            store(payload.get(), v.payload(), ptr + Layout.payloadOffset(variant));
        }
    }

    private void storePrim(AbiType.Prim p, Object value, int ptr) {
        switch (p) {
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
            default: {
                long pl = lowerString(value);
                memory.writeInt(ptr, (int) pl);
                memory.writeInt(ptr + 4, (int) (pl >>> 32));
            }
        }
    }

    /** Allocates and fills a list; returns ptr in the low and length in the high 32 bits. */
    private long storeList(AbiType element, List<?> list) {
        int size = Layout.size(element);
        int ptr = Arrays.allocate(realloc(), list.size(), size, Layout.align(element));
        for (int i = 0; i < list.size(); i++) {
            store(element, list.get(i), ptr + i * size);
        }
        return Arrays.pair(ptr, list.size());
    }

    /** Lowers {@code value} to flat core values. */
    public long[] lowerFlat(AbiType type, Object value) {
        List<Long> out = new ArrayList<>();
        lowerFlat(type, value, out);
        long[] flat = new long[out.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = out.get(i);
        }
        return flat;
    }

    private void lowerFlat(AbiType type, Object value, List<Long> out) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case BOOL: out.add((Boolean) value ? 1L : 0L); return;
                case S8: out.add(Canon.checkS8((Integer) value) & 0xffff_ffffL); return;
                case U8: out.add((long) Canon.checkU8((Integer) value)); return;
                case S16: out.add(Canon.checkS16((Integer) value) & 0xffff_ffffL); return;
                case U16: out.add((long) Canon.checkU16((Integer) value)); return;
                case S32: out.add((Integer) value & 0xffff_ffffL); return;
                case U32: out.add(Canon.checkU32((Long) value) & 0xffff_ffffL); return;
                case S64: case U64: out.add((Long) value); return;
                case F32: out.add(Float.floatToRawIntBits((Float) value) & 0xffff_ffffL); return;
                case F64: out.add(Double.doubleToRawLongBits((Double) value)); return;
                case CHAR: out.add((long) Canon.checkCharForLowering((Integer) value)); return;
                default: {
                    long pl = lowerString(value);
                    out.add(pl & 0xffff_ffffL);
                    out.add(pl >>> 32);
                    return;
                }
            }
        }
        if (type instanceof AbiType.ListOf l) {
            long pl = storeList(l.element(), (List<?>) value);
            out.add(pl & 0xffff_ffffL);
            out.add(pl >>> 32);
            return;
        }
        if (type instanceof AbiType.FixedList f) {
            for (Object e : Canon.checkFixedLength((List<?>) value, f.length())) {
                lowerFlat(f.element(), e, out);
            }
            return;
        }
        if (type instanceof AbiType.Handle || type instanceof AbiType.Opaque) {
            out.add((Integer) value & 0xffff_ffffL);
            return;
        }
        if (type instanceof AbiType.Flags f) {
            if (!f.labels().isEmpty()) {
                out.add((Integer) value & 0xffff_ffffL);
            }
            return;
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            List<?> fields = (List<?>) value;
            for (int i = 0; i < record.fields().size(); i++) {
                lowerFlat(record.fields().get(i).type(), fields.get(i), out);
            }
            return;
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        VariantValue v = (VariantValue) value;
        out.add((long) v.caseIndex());
        List<CoreType> slots = Layout.variantPayloadSlots(variant);
        Optional<AbiType> payload = variant.cases().get(v.caseIndex()).payload();
        List<Long> values = new ArrayList<>();
        if (payload.isPresent()) {
            lowerFlat(payload.get(), v.payload(), values);
            // A payload value narrower than its joined slot keeps its bits (f32/i32 zero-extended into i64).
        }
        for (int i = 0; i < slots.size(); i++) {
            out.add(i < values.size() ? values.get(i) : 0L);
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
