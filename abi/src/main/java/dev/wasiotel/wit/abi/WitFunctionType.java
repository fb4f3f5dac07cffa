package dev.wasiotel.wit.abi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The component-level type of a function, as WIT declares it: named parameters and an optional
 * result. A host function carrying one is type-checked against the type a component imports it
 * with (parameter names, types and result must be equal, as the component model's validation
 * requires); one without is matched by its core signature only.
 *
 * @param params the parameters, in order
 * @param result the result type, if any
 */
public record WitFunctionType(List<Param> params, Optional<AbiType> result) {

    /** Copies the list. */
    public WitFunctionType {
        params = List.copyOf(params);
        Objects.requireNonNull(result, "result");
    }

    /** A parameter. @param name its WIT name @param type its type */
    public record Param(String name, AbiType type) {
        /** Checks for nulls. */
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
