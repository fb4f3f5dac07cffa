package dev.wasiotel.wit.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The canonical ABI's call protocol for one function, written once: the steps a host takes to
 * serve a guest's import ({@code canon lower}: lift the arguments, call the host, lower the
 * result) or to call a guest's export ({@code canon lift}: lower the arguments, call the guest,
 * lift the result, post-return), as {@code lift_flat_values}/{@code lower_flat_values} of the
 * component model's {@code CanonicalABI.md} define them. The dynamic path interprets these steps;
 * codegen translates each into Java. How one value is lifted or lowered is not here: a {@link
 * Lift} or {@link Lower} step says which value goes where, the value code does the rest.
 *
 * <p>The host sees two arrays of core values: those it <em>receives</em> (a guest's core
 * arguments for an import, the guest's core results for an export) and those it
 * <em>produces</em> (core results for an import, core arguments for an export). A {@link Flat}
 * place is a slot range of one of them: received when lifted, produced when lowered.
 *
 * <p>Values travel through memory when they would take more than {@link Layout#MAX_FLAT_PARAMS}
 * flat parameters or {@link Layout#MAX_FLAT_RESULTS} flat results ({@link FunctionAbi}). Then
 * they are the fields of one tuple in an {@link Area}: for an export's parameters the host
 * allocates it with the guest's {@code cabi_realloc} and passes the pointer; for an import's
 * parameters and for an export's result the guest passes the pointer; for an import's result the
 * guest passes a pointer to its own return area as the last core argument. An area the guest
 * points to is checked (alignment, then bounds) before it is read or written; the allocator
 * checks what {@code cabi_realloc} returns the same way.
 *
 * @param direction which side the host is on
 * @param abi the function's core signature
 * @param steps the steps, in the order they run
 */
public record CallPlan(Direction direction, FunctionAbi abi, List<Step> steps) {

    /** Copies the list; the direction must be the signature's. */
    public CallPlan {
        Objects.requireNonNull(direction, "direction");
        if (abi.isImport() != (direction == Direction.IMPORT)) {
            throw new IllegalArgumentException("an " + direction + " plan of the " + (abi.isImport() ? "import" : "export")
                    + " form of a signature");
        }
        steps = List.copyOf(steps);
    }

    /** Which side of the call the host is on. */
    public enum Direction {
        /** A guest's import the host serves ({@code canon lower}): lift arguments, lower the result. */
        IMPORT,
        /** A guest's export the host calls ({@code canon lift}): lower arguments, lift the result. */
        EXPORT
    }

    /** Which of a function's value lists. */
    public enum Role {
        /** The parameters. */
        PARAMS,
        /** The result. */
        RESULTS
    }

    /** Where the pointer to an area comes from. */
    public enum Pointer {
        /**
         * The host allocates the area with {@code cabi_realloc(0, 0, align, size)} and passes the
         * pointer as the only core argument (an export's spilled parameters).
         */
        ALLOCATED,
        /** The guest passes the pointer as its only core argument (an import's spilled parameters). */
        PASSED,
        /**
         * The guest passes a pointer to its own return area as its last core argument, where the
         * host writes the result (an import's spilled result).
         */
        RETURN_AREA,
        /** The guest returns the pointer as its only core result (an export's spilled result). */
        RETURNED
    }

    /**
     * A tuple of values in guest memory.
     *
     * @param role whose values it holds
     * @param tuple their tuple type
     * @param size its size in bytes
     * @param align its alignment
     * @param pointer where its pointer comes from
     * @param pointerSlot the pointer's slot: among the produced core values for an {@link
     *     Pointer#ALLOCATED} area, among the received ones otherwise
     */
    public record Area(Role role, AbiType tuple, int size, int align, Pointer pointer, int pointerSlot) {
        /** Checks for nulls. */
        public Area {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(tuple, "tuple");
            Objects.requireNonNull(pointer, "pointer");
        }

        /** Whether the host allocates it. */
        public boolean allocated() {
            return pointer == Pointer.ALLOCATED;
        }

        /**
         * What the area is, for messages: {@code "parameters"}, {@code "results"}, or {@code
         * "return area"} (the one an import's caller gives for the result). Callers add {@code
         * " of "} and the function's name.
         */
        public String what() {
            return role == Role.PARAMS ? "parameters" : pointer == Pointer.RETURN_AREA ? "return area" : "results";
        }

        @Override
        public String toString() {
            return what() + " (" + size + " bytes, align " + align + ") at " + (allocated() ? "out" : "a") + "["
                    + pointerSlot + "]";
        }
    }

    /** Where a value is: flat core values, or a field of an area. */
    public sealed interface Place permits Flat, InArea {
    }

    /**
     * Consecutive flat core values: received ones when the value is lifted, produced ones when it is lowered.
     *
     * @param first the first slot
     * @param types the core types of the slots
     */
    public record Flat(int first, List<CoreType> types) implements Place {
        /** Copies the list. */
        public Flat {
            types = List.copyOf(types);
        }

        /** The number of slots. */
        public int count() {
            return types.size();
        }

        @Override
        public String toString() {
            return "[" + first + ".." + (first + types.size()) + ")";
        }
    }

    /**
     * A field of an area.
     *
     * @param area the area
     * @param offset the field's offset from the area's pointer
     */
    public record InArea(Area area, int offset) implements Place {
        /** Checks for nulls. */
        public InArea {
            Objects.requireNonNull(area, "area");
        }

        @Override
        public String toString() {
            return area.what() + "+" + offset;
        }
    }

    /**
     * One value of the call.
     *
     * @param role a parameter or the result
     * @param index the parameter's position (0 for the result)
     * @param type its type
     * @param place where it travels
     */
    public record Value(Role role, int index, AbiType type, Place place) {
        /** Checks for nulls. */
        public Value {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(place, "place");
        }

        /** {@code "param 2"} or {@code "result"}, then where it is in {@code flat}, the received or produced values. */
        String describe(String flat) {
            String where = place instanceof Flat f ? flat + f : place.toString();
            return (role == Role.PARAMS ? "param " + index : "result") + " " + where;
        }
    }

    /** One step of a call. */
    public sealed interface Step permits AllocateArea, CheckArea, Lift, Lower, Call, PostReturn {
    }

    /**
     * The host allocates an area with {@code cabi_realloc(0, 0, align, size)} (whose result the
     * allocator checks) and passes its pointer in the produced core values.
     *
     * @param area the area
     */
    public record AllocateArea(Area area) implements Step {
        @Override
        public String toString() {
            return "allocate " + area;
        }
    }

    /**
     * The guest passed the pointer to an area in the received core values: trap unless it is
     * aligned and the area lies within memory.
     *
     * @param area the area
     */
    public record CheckArea(Area area) implements Step {
        @Override
        public String toString() {
            return "check " + area;
        }
    }

    /**
     * Lift a value from received core values or from an area.
     *
     * @param value the value
     */
    public record Lift(Value value) implements Step {
        @Override
        public String toString() {
            return "lift " + value.describe("a");
        }
    }

    /**
     * Lower a value into produced core values or into an area.
     *
     * @param value the value
     */
    public record Lower(Value value) implements Step {
        @Override
        public String toString() {
            return "lower " + value.describe("out");
        }
    }

    /**
     * Call the callee: for an import, the host's implementation with the lifted parameters; for
     * an export, the guest's core function ({@link FunctionAbi#coreParams()} to {@link
     * FunctionAbi#coreResults()}) with the produced core values, which returns the received ones.
     */
    public record Call() implements Step {
        @Override
        public String toString() {
            return "call";
        }
    }

    /**
     * After an export's result is lifted, the guest's {@code post-return} (if it has one) runs
     * with the received core values, and may not call the host meanwhile (the canonical ABI
     * clears {@code may_leave} around it).
     *
     * @param coreParams its core parameter types: the export's core results
     */
    public record PostReturn(List<CoreType> coreParams) implements Step {
        /** Copies the list. */
        public PostReturn {
            coreParams = List.copyOf(coreParams);
        }

        @Override
        public String toString() {
            return "post-return(" + String.join(", ", coreParams.stream().map(CoreType::wasmName).toList()) + ")";
        }
    }

    // ------------------------------------------------------------------ building

    /** The plan of a guest's import the host serves. */
    public static CallPlan forImport(List<AbiType> params, Optional<AbiType> result) {
        return of(FunctionAbi.forImport(params, result));
    }

    /** The plan of a guest's export the host calls. */
    public static CallPlan forExport(List<AbiType> params, Optional<AbiType> result) {
        return of(FunctionAbi.forExport(params, result));
    }

    /** The plan of a function of a WIT type, imported or exported. */
    public static CallPlan of(WitFunctionType type, Direction direction) {
        List<AbiType> params = type.params().stream().map(WitFunctionType.Param::type).toList();
        return direction == Direction.IMPORT ? forImport(params, type.result()) : forExport(params, type.result());
    }

    /** The plan of a function with this core signature, in the direction {@link FunctionAbi#isImport()} says. */
    public static CallPlan of(FunctionAbi abi) {
        Direction direction = abi.isImport() ? Direction.IMPORT : Direction.EXPORT;
        List<Step> steps = new ArrayList<>();
        // parameters: lifted from what the guest passed (import) or lowered into what the host passes (export)
        Optional<Area> paramsArea = Optional.empty();
        if (abi.paramsSpilled()) {
            AbiType tuple = abi.paramsTuple();
            Area area = new Area(Role.PARAMS, tuple, Layout.size(tuple), Layout.align(tuple),
                    direction == Direction.EXPORT ? Pointer.ALLOCATED : Pointer.PASSED, 0);
            steps.add(area.allocated() ? new AllocateArea(area) : new CheckArea(area));
            paramsArea = Optional.of(area);
        }
        List<Value> params = values(Role.PARAMS, abi.params(), paramsArea);
        for (Value v : params) {
            steps.add(direction == Direction.IMPORT ? new Lift(v) : new Lower(v));
        }
        steps.add(new Call());
        // the result: lowered into what the host returns (import) or lifted from what the guest returned (export)
        if (abi.result().isPresent()) {
            Optional<Area> resultArea = Optional.empty();
            if (abi.resultsSpilled()) {
                AbiType tuple = abi.resultsTuple();
                // an import's caller passes its return area last; an export returns a pointer to its results
                Area area = direction == Direction.IMPORT
                        ? new Area(Role.RESULTS, tuple, Layout.size(tuple), Layout.align(tuple), Pointer.RETURN_AREA,
                                abi.coreParams().size() - 1)
                        : new Area(Role.RESULTS, tuple, Layout.size(tuple), Layout.align(tuple), Pointer.RETURNED, 0);
                steps.add(new CheckArea(area));
                resultArea = Optional.of(area);
            }
            Value result = values(Role.RESULTS, List.of(abi.result().get()), resultArea).get(0);
            steps.add(direction == Direction.IMPORT ? new Lower(result) : new Lift(result));
        }
        if (direction == Direction.EXPORT) {
            steps.add(new PostReturn(abi.coreResults()));
        }
        return new CallPlan(direction, abi, steps);
    }

    /** Each value's place: consecutive flat slots, or its field of the area. */
    private static List<Value> values(Role role, List<AbiType> types, Optional<Area> area) {
        List<Value> out = new ArrayList<>();
        int[] offsets = area.map(a -> Layout.fieldOffsets(a.tuple())).orElse(null);
        int slot = 0;
        for (int i = 0; i < types.size(); i++) {
            AbiType type = types.get(i);
            Place place;
            if (area.isPresent()) {
                place = new InArea(area.get(), offsets[i]);
            } else {
                List<CoreType> flat = Layout.flat(type);
                place = new Flat(slot, flat);
                slot += flat.size();
            }
            out.add(new Value(role, i, type, place));
        }
        return out;
    }

    // ------------------------------------------------------------------ reading

    /** The parameters, in order, with where each travels. */
    public List<Value> params() {
        List<Value> out = new ArrayList<>();
        for (Step s : steps) {
            Value v = s instanceof Lift l ? l.value() : s instanceof Lower w ? w.value() : null;
            if (v != null && v.role() == Role.PARAMS) {
                out.add(v);
            }
        }
        return out;
    }

    /** The result with where it travels, if the function has one. */
    public Optional<Value> result() {
        for (Step s : steps) {
            Value v = s instanceof Lift l ? l.value() : s instanceof Lower w ? w.value() : null;
            if (v != null && v.role() == Role.RESULTS) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The area the parameters travel in, if they spill. */
    public Optional<Area> paramsArea() {
        return area(Role.PARAMS);
    }

    /** The area the result travels in, if it spills. */
    public Optional<Area> resultArea() {
        return area(Role.RESULTS);
    }

    private Optional<Area> area(Role role) {
        for (Step s : steps) {
            Area a = s instanceof AllocateArea x ? x.area() : s instanceof CheckArea c ? c.area() : null;
            if (a != null && a.role() == role) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * How many core values the host produces: an import's core results, an export's core
     * arguments.
     */
    public int producedCount() {
        return direction == Direction.IMPORT ? abi.coreResults().size() : abi.coreParams().size();
    }

    /**
     * How many core values the host receives: an import's core arguments, an export's core
     * results.
     */
    public int receivedCount() {
        return direction == Direction.IMPORT ? abi.coreParams().size() : abi.coreResults().size();
    }

    /** The steps as one line, {@code "; "} between them (for tests and messages). */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Step s : steps) {
            parts.add(s.toString());
        }
        return String.join("; ", parts);
    }
}
