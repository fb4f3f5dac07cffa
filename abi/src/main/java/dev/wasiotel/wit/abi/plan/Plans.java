package dev.wasiotel.wit.abi.plan;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the lift/lower plans of {@link AbiType}s: {@link MemoryPlan} for values in guest memory,
 * {@link FlatPlan} for values in flat core values. Every canonical-ABI decision about a type is
 * taken here, once, from {@link Layout}; backends only carry the plan out. Plans are immutable and
 * cached by type (structural equality), so asking again is a map lookup.
 */
public final class Plans {
    /** Beyond this many distinct types the caches start over (types come from untrusted binaries too). */
    private static final int MAX_CACHED = 4096;
    private static final Map<AbiType, MemoryPlan> MEMORY = new ConcurrentHashMap<>();
    private static final Map<AbiType, FlatPlan> FLAT = new ConcurrentHashMap<>();

    private Plans() {
    }

    /** The plan for loading and storing a value of {@code type} in guest memory. */
    public static MemoryPlan memory(AbiType type) {
        MemoryPlan plan = MEMORY.get(type);
        if (plan == null) {
            plan = buildMemory(type);
            if (MEMORY.size() >= MAX_CACHED) {
                MEMORY.clear();
            }
            MEMORY.put(type, plan);
        }
        return plan;
    }

    /** The plan for lifting and lowering a value of {@code type} as flat core values. */
    public static FlatPlan flat(AbiType type) {
        FlatPlan plan = FLAT.get(type);
        if (plan == null) {
            plan = buildFlat(type, Layout.flat(type), 0);
            if (FLAT.size() >= MAX_CACHED) {
                FLAT.clear();
            }
            FLAT.put(type, plan);
        }
        return plan;
    }

    // ------------------------------------------------------------------ memory

    private static MemoryPlan buildMemory(AbiType type) {
        if (type instanceof AbiType.Prim p) {
            return p == AbiType.Prim.STRING ? new MemoryPlan.Str() : new MemoryPlan.Scalar(p, Layout.size(p));
        }
        if (type instanceof AbiType.ListOf l) {
            return new MemoryPlan.ListOf(memory(l.element()));
        }
        if (type instanceof AbiType.FixedList f) {
            return new MemoryPlan.FixedList(memory(f.element()), f.length());
        }
        if (type instanceof AbiType.Handle h) {
            return new MemoryPlan.HandleOf(h);
        }
        if (type instanceof AbiType.Opaque o) {
            return new MemoryPlan.OpaqueOf(o.kind());
        }
        if (type instanceof AbiType.Flags f) {
            return new MemoryPlan.FlagsOf(f.labels().size(), Layout.flagsSize(f.labels().size()));
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            List<MemoryPlan> fields = new ArrayList<>();
            for (AbiType.Field f : record.fields()) {
                fields.add(memory(f.type()));
            }
            return new MemoryPlan.RecordOf(fields, Layout.fieldOffsets(record), Layout.size(record),
                    Layout.align(record), type instanceof AbiType.Tuple);
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        int cases = variant.cases().size();
        MemoryPlan[] payloads = new MemoryPlan[cases];
        for (int i = 0; i < cases; i++) {
            Optional<AbiType> payload = variant.cases().get(i).payload();
            payloads[i] = payload.isPresent() ? memory(payload.get()) : null;
        }
        return new MemoryPlan.VariantOf(shape(type), cases, payloads, Layout.discriminantSize(cases),
                Layout.payloadOffset(variant), Layout.size(variant), Layout.align(variant));
    }

    private static Shape shape(AbiType type) {
        if (type instanceof AbiType.Enum) {
            return Shape.ENUM;
        }
        if (type instanceof AbiType.Option) {
            return Shape.OPTION;
        }
        return type instanceof AbiType.Result ? Shape.RESULT : Shape.VARIANT;
    }

    // ------------------------------------------------------------------ flat

    /**
     * The flat plan of {@code type} whose values arrive in {@code slots[from...]}: its own flat
     * types outside variants, a variant's joined slots inside one (so each leaf knows its bitcast).
     */
    private static FlatPlan buildFlat(AbiType type, List<CoreType> slots, int from) {
        if (type instanceof AbiType.Prim p) {
            List<CoreType> own = Layout.flat(p);
            if (p == AbiType.Prim.STRING) {
                return new FlatPlan.Str(cast(slots, from, CoreType.I32), cast(slots, from + 1, CoreType.I32));
            }
            return new FlatPlan.Scalar(p, cast(slots, from, own.get(0)));
        }
        if (type instanceof AbiType.ListOf l) {
            return new FlatPlan.ListOf((MemoryPlan.ListOf) memory(l), cast(slots, from, CoreType.I32),
                    cast(slots, from + 1, CoreType.I32));
        }
        if (type instanceof AbiType.FixedList f) {
            int each = Layout.flat(f.element()).size();
            FlatPlan[] elements = new FlatPlan[f.length()];
            int[] starts = new int[f.length()];
            for (int i = 0; i < f.length(); i++) {
                starts[i] = i * each;
                FlatPlan e = buildFlat(f.element(), slots, from + starts[i]);
                // equal plans (the usual case) share one instance
                elements[i] = i > 0 && e.equals(elements[i - 1]) ? elements[i - 1] : e;
            }
            return new FlatPlan.FixedList(elements, starts, each * f.length());
        }
        if (type instanceof AbiType.Handle h) {
            return new FlatPlan.HandleOf(h, cast(slots, from, CoreType.I32));
        }
        if (type instanceof AbiType.Opaque o) {
            return new FlatPlan.OpaqueOf(o.kind(), cast(slots, from, CoreType.I32));
        }
        if (type instanceof AbiType.Flags f) {
            int labels = f.labels().size();
            return new FlatPlan.FlagsOf(labels, labels == 0 ? Bitcast.none(CoreType.I32) : cast(slots, from, CoreType.I32));
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            List<FlatPlan> fields = new ArrayList<>();
            int[] starts = new int[record.fields().size()];
            int at = 0;
            for (int i = 0; i < starts.length; i++) {
                starts[i] = at;
                FlatPlan field = buildFlat(record.fields().get(i).type(), slots, from + at);
                fields.add(field);
                at += field.width();
            }
            return new FlatPlan.RecordOf(fields, starts, at, type instanceof AbiType.Tuple);
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        List<CoreType> joined = Layout.variantPayloadSlots(variant);
        // The payload slots arrive in the outer slots when this variant is itself a payload.
        List<CoreType> arriving = new ArrayList<>(joined.size());
        for (int i = 0; i < joined.size(); i++) {
            arriving.add(slots.get(from + 1 + i));
        }
        int cases = variant.cases().size();
        FlatPlan[] payloads = new FlatPlan[cases];
        for (int i = 0; i < cases; i++) {
            Optional<AbiType> payload = variant.cases().get(i).payload();
            payloads[i] = payload.isPresent() ? buildFlat(payload.get(), arriving, 0) : null;
        }
        return new FlatPlan.VariantOf(shape(type), cases, cast(slots, from, CoreType.I32), payloads, joined);
    }

    private static Bitcast cast(List<CoreType> slots, int at, CoreType value) {
        CoreType slot = slots.get(at);
        return slot == value ? Bitcast.none(value) : new Bitcast(slot, value);
    }
}
