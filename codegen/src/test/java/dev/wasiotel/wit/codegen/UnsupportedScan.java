package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * An independent oracle for the tests: does a world reach a type the generator must refuse
 * ({@code future}, {@code stream}, {@code error-context}, flags without flags, or an {@code async}
 * function)? It walks every
 * type of every interface the world imports or exports, the world's own items, and everything
 * those refer to.
 */
final class UnsupportedScan {
    /** Queued for an async function: refused whatever its types. */
    private static final Type ASYNC = new Type.Ref(-1);

    private UnsupportedScan() {
    }

    static boolean usesUnsupported(Resolve resolve, int worldId) {
        World world = resolve.worlds().get(worldId);
        Deque<Type> pending = new ArrayDeque<>();
        Set<Integer> interfaces = new HashSet<>();
        for (WorldItem item : world.imports().values()) {
            add(item, pending, interfaces);
        }
        for (WorldItem item : world.exports().values()) {
            add(item, pending, interfaces);
        }
        for (int id : interfaces) {
            Interface iface = resolve.interfaces().get(id);
            for (int t : iface.types().values()) {
                pending.add(new Type.Ref(t));
            }
            for (Function f : iface.functions().values()) {
                addFunction(f, pending);
            }
        }
        if (pending.contains(ASYNC)) {
            return true;
        }
        Set<Integer> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Type t = pending.poll();
            if (t == Type.Primitive.ERROR_CONTEXT) {
                return true;
            }
            if (!(t instanceof Type.Ref ref) || !seen.add(ref.id())) {
                continue;
            }
            TypeDefKind kind = resolve.types().get(ref.id()).kind();
            if (kind instanceof TypeDefKind.Future || kind instanceof TypeDefKind.Stream) {
                return true;
            }
            if (kind instanceof TypeDefKind.Flags f && f.flags().isEmpty()) {
                return true;
            }
            pending.addAll(kind.references());
        }
        return false;
    }

    private static void add(WorldItem item, Deque<Type> pending, Set<Integer> interfaces) {
        if (item instanceof WorldItem.InterfaceItem ii) {
            interfaces.add(ii.interfaceId());
        } else if (item instanceof WorldItem.TypeItem ti) {
            pending.add(new Type.Ref(ti.typeId()));
        } else if (item instanceof WorldItem.FunctionItem fi) {
            addFunction(fi.function(), pending);
        }
    }

    private static void addFunction(Function f, Deque<Type> pending) {
        if (f.kind().async()) {
            pending.add(ASYNC);
        }
        for (Function.Param p : f.params()) {
            pending.add(p.type());
        }
        f.result().ifPresent(pending::add);
    }
}
