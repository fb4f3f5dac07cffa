package dev.wasiotel.wit.runtime.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The module's function types and the type of every function, growing as outlined functions are added. */
final class TypeTable {
    final List<FuncType> types;
    final int originalTypes;
    private final Map<String, Integer> index;
    final List<Integer> funcTypes;

    TypeTable(ModuleInfo m) {
        this.types = new ArrayList<>(m.types);
        this.originalTypes = types.size();
        this.index = m.typeIndex();
        this.funcTypes = new ArrayList<>(m.funcTypes);
    }

    FuncType type(long index) {
        if (index < 0 || index >= types.size()) {
            throw new WasmFormatException("type index " + index + " out of range");
        }
        return types.get((int) index);
    }

    FuncType funcType(int func) {
        if (func < 0 || func >= funcTypes.size()) {
            throw new WasmFormatException("function index " + func + " out of range");
        }
        return types.get(funcTypes.get(func));
    }

    /** The index of an equal type, appending one when there is none. */
    int intern(FuncType t) {
        return index.computeIfAbsent(t.key(), k -> {
            types.add(t);
            return types.size() - 1;
        });
    }

    int addFunction(FuncType t) {
        funcTypes.add(intern(t));
        return funcTypes.size() - 1;
    }
}
