package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.VariantValue;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Converts between the Java values of generated bindings and the dynamic values of {@code
 * DynamicCanon} (what {@code VectorValues} reads the vectors into), both ways, by the ABI type: so
 * that generated code's results are compared with the vectors exactly as the dynamic backend's are,
 * and the vectors' values can be handed to generated code.
 */
final class GeneratedValues {
    private final Function<AbiType, Class<?>> classes;

    /** @param classes the generated class of each named kind (record, variant, enum, flags' enum) */
    GeneratedValues(Function<AbiType, Class<?>> classes) {
        this.classes = classes;
    }

    // ------------------------------------------------------------------ generated -> dynamic

    /** The dynamic value of a generated Java value of {@code t}. */
    Object toDynamic(AbiType t, Object v) throws ReflectiveOperationException {
        if (t instanceof AbiType.Prim p) {
            switch (p) {
                case S8: return (int) (Byte) v;
                case S16: return (int) (Short) v;
                default: return v; // boolean, int (u8 u16 s32 char), long (u32 s64 u64), float, double, String
            }
        }
        if (t instanceof AbiType.ListOf l) {
            List<Object> out = new ArrayList<>();
            if (v.getClass().isArray()) {
                AbiType.Prim e = (AbiType.Prim) l.element();
                for (int i = 0; i < Array.getLength(v); i++) {
                    out.add(arrayElementToDynamic(e, Array.get(v, i)));
                }
            } else {
                for (Object e : (List<?>) v) {
                    out.add(toDynamic(l.element(), e));
                }
            }
            return out;
        }
        if (t instanceof AbiType.Tuple tu) {
            List<Object> out = new ArrayList<>();
            RecordComponent[] components = v.getClass().getRecordComponents();
            for (int i = 0; i < tu.types().size(); i++) {
                out.add(toDynamic(tu.types().get(i), components[i].getAccessor().invoke(v)));
            }
            return out;
        }
        if (t instanceof AbiType.Record r) {
            List<Object> out = new ArrayList<>();
            RecordComponent[] components = v.getClass().getRecordComponents();
            for (int i = 0; i < r.fields().size(); i++) {
                out.add(toDynamic(r.fields().get(i).type(), components[i].getAccessor().invoke(v)));
            }
            return out;
        }
        if (t instanceof AbiType.Flags) {
            int bits = 0;
            for (Object f : (EnumSet<?>) v) {
                bits |= 1 << ((Enum<?>) f).ordinal();
            }
            return bits;
        }
        if (t instanceof AbiType.Enum) {
            return new VariantValue(((Enum<?>) v).ordinal(), null);
        }
        if (t instanceof AbiType.Option o) {
            Optional<?> opt = (Optional<?>) v;
            return opt.isEmpty() ? new VariantValue(0, null) : new VariantValue(1, toDynamic(o.payload(), opt.get()));
        }
        if (t instanceof AbiType.Result r) {
            if (v instanceof Result.Ok<?, ?> ok) {
                return new VariantValue(0, r.ok().isPresent() ? toDynamic(r.ok().get(), ok.value()) : unit(ok.value()));
            }
            Result.Err<?, ?> err = (Result.Err<?, ?>) v;
            return new VariantValue(1, r.err().isPresent() ? toDynamic(r.err().get(), err.error()) : unit(err.error()));
        }
        AbiType.Variant variant = (AbiType.Variant) t;
        Class<?>[] cases = classes.apply(t).getPermittedSubclasses();
        for (int i = 0; i < cases.length; i++) {
            if (cases[i] == v.getClass()) {
                Optional<AbiType> payload = variant.cases().get(i).payload();
                return new VariantValue(i, payload.isPresent()
                        ? toDynamic(payload.get(), v.getClass().getRecordComponents()[0].getAccessor().invoke(v)) : null);
            }
        }
        throw new AssertionError("not a case of " + classes.apply(t) + ": " + v);
    }

    /** A side without a payload holds {@link Unit#INSTANCE}; the dynamic value has null. */
    private static Object unit(Object v) {
        if (v != Unit.INSTANCE) {
            throw new AssertionError("a result side without a payload holds " + v);
        }
        return null;
    }

    private static Object arrayElementToDynamic(AbiType.Prim e, Object x) {
        switch (e) {
            case U8: return (Byte) x & 0xff;
            case S8: return (int) (Byte) x;
            case U16: return (Short) x & 0xffff;
            case S16: return (int) (Short) x;
            case U32: return (Integer) x & 0xffffffffL;
            default: return x; // s32 int, s64/u64 long, f32, f64
        }
    }

    // ------------------------------------------------------------------ dynamic -> generated

    /** The generated Java value of a dynamic value of {@code t}. */
    Object toJava(AbiType t, Object v) throws ReflectiveOperationException {
        if (t instanceof AbiType.Prim p) {
            switch (p) {
                case S8: return (byte) (int) (Integer) v;
                case S16: return (short) (int) (Integer) v;
                default: return v;
            }
        }
        if (t instanceof AbiType.ListOf l) {
            List<?> items = (List<?>) v;
            Class<?> array = arrayElement(l.element());
            if (array != null) {
                Object out = Array.newInstance(array, items.size());
                for (int i = 0; i < items.size(); i++) {
                    Array.set(out, i, arrayElementToJava((AbiType.Prim) l.element(), items.get(i)));
                }
                return out;
            }
            List<Object> out = new ArrayList<>();
            for (Object e : items) {
                out.add(toJava(l.element(), e));
            }
            return List.copyOf(out);
        }
        if (t instanceof AbiType.Tuple tu) {
            List<?> items = (List<?>) v;
            Object[] args = new Object[items.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = toJava(tu.types().get(i), items.get(i));
            }
            return Class.forName("dev.wasiotel.wit.runtime.Tuple" + args.length).getConstructors()[0].newInstance(args);
        }
        if (t instanceof AbiType.Record r) {
            List<?> items = (List<?>) v;
            Object[] args = new Object[items.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = toJava(r.fields().get(i).type(), items.get(i));
            }
            return constructor(classes.apply(t)).newInstance(args);
        }
        if (t instanceof AbiType.Flags) {
            return flags(classes.apply(t), (Integer) v);
        }
        VariantValue vv = (VariantValue) v;
        if (t instanceof AbiType.Enum) {
            return classes.apply(t).getEnumConstants()[vv.caseIndex()];
        }
        if (t instanceof AbiType.Option o) {
            return vv.caseIndex() == 0 ? Optional.empty() : Optional.of(toJava(o.payload(), vv.payload()));
        }
        if (t instanceof AbiType.Result r) {
            if (vv.caseIndex() == 0) {
                return Result.ok(r.ok().isPresent() ? toJava(r.ok().get(), vv.payload()) : Unit.INSTANCE);
            }
            return Result.err(r.err().isPresent() ? toJava(r.err().get(), vv.payload()) : Unit.INSTANCE);
        }
        AbiType.Variant variant = (AbiType.Variant) t;
        Class<?> c = classes.apply(t).getPermittedSubclasses()[vv.caseIndex()];
        Optional<AbiType> payload = variant.cases().get(vv.caseIndex()).payload();
        return payload.isPresent() ? constructor(c).newInstance(toJava(payload.get(), vv.payload()))
                : constructor(c).newInstance();
    }

    /** The generated class's canonical constructor (a record's only public one). */
    static Constructor<?> constructor(Class<?> c) {
        return c.getConstructors()[0];
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object flags(Class<?> element, int bits) {
        EnumSet set = EnumSet.noneOf((Class) element);
        Object[] constants = element.getEnumConstants();
        for (int i = 0; i < constants.length; i++) {
            if ((bits >>> i & 1) != 0) {
                set.add(constants[i]);
            }
        }
        return set;
    }

    /** The primitive array element of a list, as {@link TypeMapper} maps it; null for a {@code List}. */
    private static Class<?> arrayElement(AbiType element) {
        if (!(element instanceof AbiType.Prim p)) {
            return null;
        }
        switch (p) {
            case S8: case U8: return byte.class;
            case S16: case U16: return short.class;
            case S32: case U32: return int.class;
            case S64: case U64: return long.class;
            case F32: return float.class;
            case F64: return double.class;
            default: return null;
        }
    }

    private static Object arrayElementToJava(AbiType.Prim e, Object x) {
        switch (e) {
            case S8: case U8: return (byte) (int) (Integer) x;
            case S16: case U16: return (short) (int) (Integer) x;
            case U32: return (int) (long) (Long) x;
            default: return x;
        }
    }
}
