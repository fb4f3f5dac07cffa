package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeOwner;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one generation covers: the interfaces a world imports and exports (plus, defensively, any
 * interface that owns a type they refer to), and the world's own types and functions.
 *
 * <p>Everything is kept in the world's order, imports before exports, so output is deterministic.
 */
public final class WorldScope {

    /**
     * How the world uses one interface.
     *
     * @param interfaceId index into {@link Resolve#interfaces()}
     * @param imported whether the world imports it (or it was pulled in for its types)
     * @param exported whether the world exports it
     * @param inlineName for an interface written inline in the world ({@code import foo:
     *     interface {...}}), the name of the import or export; empty otherwise
     */
    public record InterfaceUse(int interfaceId, boolean imported, boolean exported, Optional<String> inlineName) {
    }

    private final Resolve resolve;
    private final int worldId;
    private final Map<Integer, InterfaceUse> interfaces;
    private final List<Integer> worldTypes;
    private final List<Function> importedFunctions;
    private final List<Function> exportedFunctions;

    private WorldScope(Resolve resolve, int worldId, Map<Integer, InterfaceUse> interfaces, List<Integer> worldTypes,
            List<Function> importedFunctions, List<Function> exportedFunctions) {
        this.resolve = resolve;
        this.worldId = worldId;
        this.interfaces = Collections.unmodifiableMap(interfaces);
        this.worldTypes = List.copyOf(worldTypes);
        this.importedFunctions = List.copyOf(importedFunctions);
        this.exportedFunctions = List.copyOf(exportedFunctions);
    }

    /**
     * Collects what world {@code worldId} of {@code resolve} brings into a generation.
     *
     * @param resolve the model
     * @param worldId index into {@link Resolve#worlds()}
     * @return the scope
     */
    public static WorldScope of(Resolve resolve, int worldId) {
        World world = resolve.worlds().get(worldId);
        Map<Integer, InterfaceUse> interfaces = new LinkedHashMap<>();
        List<Integer> worldTypes = new ArrayList<>();
        List<Function> imported = new ArrayList<>();
        List<Function> exported = new ArrayList<>();
        collect(world.imports(), false, interfaces, worldTypes, imported);
        collect(world.exports(), true, interfaces, worldTypes, exported);
        addTypeOwners(resolve, interfaces, worldTypes, imported, exported);
        return new WorldScope(resolve, worldId, interfaces, worldTypes, imported, exported);
    }

    private static void collect(Map<WorldKey, WorldItem> items, boolean export, Map<Integer, InterfaceUse> interfaces,
            List<Integer> worldTypes, List<Function> functions) {
        for (Map.Entry<WorldKey, WorldItem> e : items.entrySet()) {
            WorldItem item = e.getValue();
            if (item instanceof WorldItem.InterfaceItem ii) {
                Optional<String> inline = e.getKey() instanceof WorldKey.Name n ? Optional.of(n.name())
                        : Optional.empty();
                InterfaceUse old = interfaces.get(ii.interfaceId());
                boolean imp = !export || (old != null && old.imported());
                boolean exp = export || (old != null && old.exported());
                Optional<String> name = old != null && old.inlineName().isPresent() ? old.inlineName() : inline;
                interfaces.put(ii.interfaceId(), new InterfaceUse(ii.interfaceId(), imp, exp, name));
            } else if (item instanceof WorldItem.TypeItem ti) {
                worldTypes.add(ti.typeId());
            } else if (item instanceof WorldItem.FunctionItem fi) {
                functions.add(fi.function());
            }
        }
    }

    /** Adds (as imports) interfaces that own a type referred to but are not in the world. */
    private static void addTypeOwners(Resolve resolve, Map<Integer, InterfaceUse> interfaces, List<Integer> worldTypes,
            List<Function> imported, List<Function> exported) {
        Deque<Type> pending = new ArrayDeque<>();
        Set<Integer> seenTypes = new HashSet<>();
        Set<Integer> scanned = new HashSet<>();
        for (int typeId : worldTypes) {
            pending.add(new Type.Ref(typeId));
        }
        addSignatures(imported, pending);
        addSignatures(exported, pending);
        List<Integer> toScan = new ArrayList<>(interfaces.keySet());
        while (!toScan.isEmpty() || !pending.isEmpty()) {
            for (int id : toScan) {
                if (scanned.add(id)) {
                    Interface iface = resolve.interfaces().get(id);
                    for (int typeId : iface.types().values()) {
                        pending.add(new Type.Ref(typeId));
                    }
                    addSignatures(iface.functions().values(), pending);
                }
            }
            toScan.clear();
            while (!pending.isEmpty()) {
                Type t = pending.poll();
                if (!(t instanceof Type.Ref ref) || !seenTypes.add(ref.id())) {
                    continue;
                }
                TypeDef def = resolve.types().get(ref.id());
                if (def.owner() instanceof TypeOwner.OfInterface oi && !interfaces.containsKey(oi.id())) {
                    interfaces.put(oi.id(), new InterfaceUse(oi.id(), true, false, Optional.empty()));
                    toScan.add(oi.id());
                }
                pending.addAll(def.kind().references());
            }
        }
    }

    private static void addSignatures(Iterable<Function> functions, Deque<Type> pending) {
        for (Function f : functions) {
            for (Function.Param p : f.params()) {
                pending.add(p.type());
            }
            f.result().ifPresent(pending::add);
        }
    }

    /** The model. */
    public Resolve resolve() {
        return resolve;
    }

    /** The world, index into {@link Resolve#worlds()}. */
    public int worldId() {
        return worldId;
    }

    /** The world itself. */
    public World world() {
        return resolve.worlds().get(worldId);
    }

    /** Every interface of the generation, imports first, in the world's order. */
    public List<InterfaceUse> interfaces() {
        return List.copyOf(interfaces.values());
    }

    /** How the world uses interface {@code interfaceId}, if it is part of the generation. */
    public Optional<InterfaceUse> use(int interfaceId) {
        return Optional.ofNullable(interfaces.get(interfaceId));
    }

    /** Types the world itself imports ({@code import t: ...}, {@code use}), indexes into {@link Resolve#types()}. */
    public List<Integer> worldTypes() {
        return worldTypes;
    }

    /** Functions the world imports directly (including functions of world-level resources). */
    public List<Function> importedFunctions() {
        return importedFunctions;
    }

    /** Functions the world exports directly. */
    public List<Function> exportedFunctions() {
        return exportedFunctions;
    }
}
