package dev.wasiotel.host.component;

import dev.wasiotel.host.component.Item.InstanceValue;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.component.binary.Definition;
import dev.wasiotel.host.component.binary.Sort;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.CoreGlobal;
import dev.wasiotel.wit.runtime.engine.CoreMemory;
import dev.wasiotel.wit.runtime.engine.CoreTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index spaces of one component being instantiated, filled as its definitions run. Entries
 * are null where they are unknown while only the imports are being checked.
 */
final class Scope {
    private final Scope parent;
    private final TypeScope types;
    private final Map<Sort, List<Object>> spaces = new EnumMap<>(Sort.class);
    private final Map<String, Item> exports = new LinkedHashMap<>();
    /** Export names whose version was canonicalised, to their full names (suffix put back). */
    private final Map<String, String> fullExportNames = new LinkedHashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
        this.types = new TypeScope(parent == null ? null : parent.types);
        for (Sort s : Sort.values()) {
            if (s != Sort.TYPE) {
                spaces.put(s, new ArrayList<>());
            }
        }
    }

    Scope parent() {
        return parent;
    }

    TypeScope types() {
        return types;
    }

    Map<String, Item> exports() {
        return exports;
    }

    /** Records that export {@code name} has the full name {@code fullName} (with its version suffix). */
    void fullExportName(String name, String fullName) {
        fullExportNames.put(name, fullName);
    }

    /**
     * The exports under their full names, as WIT and the host call them: {@code test:x/api@0.2}
     * exported with the version suffix {@code .3} is {@code test:x/api@0.2.3}.
     */
    Map<String, Item> exportsByFullName() {
        if (fullExportNames.isEmpty()) {
            return exports;
        }
        Map<String, Item> out = new LinkedHashMap<>();
        for (Map.Entry<String, Item> e : exports.entrySet()) {
            out.put(fullExportNames.getOrDefault(e.getKey(), e.getKey()), e.getValue());
        }
        return out;
    }

    /** Appends {@code value} to the index space of {@code sort}. */
    void add(Sort sort, Object value, int offset) {
        if (sort == Sort.TYPE) {
            types.add((ResolvedType) value, offset);
            return;
        }
        List<Object> space = spaces.get(sort);
        if (space.size() >= 1_000_000) {
            throw new ComponentFormatException(offset, "more than 1000000 entries of sort " + sort);
        }
        space.add(value);
    }

    /** Entry {@code index} of the index space of {@code sort} (may be null: unknown). */
    Object get(Sort sort, int index, int offset) {
        if (sort == Sort.TYPE) {
            return types.get(index, offset);
        }
        List<Object> space = spaces.get(sort);
        if (index < 0 || index >= space.size()) {
            throw new ComponentFormatException(offset, sort + " index " + index + " is out of bounds ("
                    + space.size() + " defined)");
        }
        return space.get(index);
    }

    CoreFunc coreFunc(int index, int offset) {
        return (CoreFunc) known(Sort.CORE_FUNC, index, offset);
    }

    CoreMemory memory(int index, int offset) {
        return (CoreMemory) known(Sort.CORE_MEMORY, index, offset);
    }

    CoreTable table(int index, int offset) {
        return (CoreTable) known(Sort.CORE_TABLE, index, offset);
    }

    CoreGlobal global(int index, int offset) {
        return (CoreGlobal) known(Sort.CORE_GLOBAL, index, offset);
    }

    CoreInstanceValue coreInstance(int index, int offset) {
        return (CoreInstanceValue) known(Sort.CORE_INSTANCE, index, offset);
    }

    Definition.CoreModuleDef module(int index, int offset) {
        return (Definition.CoreModuleDef) known(Sort.CORE_MODULE, index, offset);
    }

    Func func(int index, int offset) {
        return (Func) known(Sort.FUNC, index, offset);
    }

    InstanceValue instance(int index, int offset) {
        return (InstanceValue) known(Sort.INSTANCE, index, offset);
    }

    ComponentClosure component(int index, int offset) {
        return (ComponentClosure) known(Sort.COMPONENT, index, offset);
    }

    ResolvedType type(int index, int offset) {
        ResolvedType t = types.get(index, offset);
        if (t == null) {
            throw new TypeScope.Unknown();
        }
        return t;
    }

    /** Entry {@code index}, which must be known (else {@link TypeScope.Unknown}). */
    Object known(Sort sort, int index, int offset) {
        Object value = get(sort, index, offset);
        if (value == null) {
            throw new TypeScope.Unknown();
        }
        return value;
    }

    /** The scope {@code count} levels out. */
    Scope outer(int count, int offset) {
        Scope s = this;
        for (int i = 0; i < count; i++) {
            s = s.parent;
            if (s == null) {
                throw new ComponentFormatException(offset, "outer alias count " + count + " exceeds the enclosing components");
            }
        }
        return s;
    }
}
