package dev.wasiotel.host.component;

import dev.wasiotel.host.component.binary.Sort;
import dev.wasiotel.wit.abi.AbiType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An entry of a component's type index space, with all indices resolved. */
sealed interface ResolvedType {

    /** A value type. @param abi its canonical-ABI model */
    record ValueType(AbiType abi) implements ResolvedType {
    }

    /**
     * A function type.
     *
     * @param paramNames parameter names
     * @param params parameter types
     * @param result result type, if any
     * @param async whether the type is {@code async} (0x43): calls need the async ABI
     */
    record FuncType(List<String> paramNames, List<AbiType> params, Optional<AbiType> result, boolean async)
            implements ResolvedType {
        /** A synchronous function type. */
        FuncType(List<String> paramNames, List<AbiType> params, Optional<AbiType> result) {
            this(paramNames, params, result, false);
        }
    }

    /** A resource type. @param resource its identity */
    record ResourceTypeValue(ResourceKind resource) implements ResolvedType {
    }

    /**
     * An instance type: what each export name is (a {@link FuncType}, a type exported as such, or
     * a nested {@link InstanceTypeValue}). Abstract resources are {@link AbstractResource}.
     *
     * @param exports by name, in order
     * @param sorts the sort of each export
     */
    record InstanceTypeValue(Map<String, ResolvedType> exports, Map<String, Sort> sorts)
            implements ResolvedType {
    }

    /** A resource declared {@code (sub resource)} in an instance or component type. @param name its export name */
    record AbstractResource(String name) implements ResolvedType {
    }

    /** A component type (only recorded: components are not imported). */
    record ComponentTypeValue() implements ResolvedType {
    }
}
