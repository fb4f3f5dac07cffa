package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeOwner;
import java.util.Objects;

/**
 * Everything known about one generation before any code is written: the world's scope, the Java
 * name of every item, and the Java type of every WIT type. Emitters (and the canonical-ABI glue)
 * share one instance, so they agree on names and types.
 */
public final class BindingModel {
    private final WorldScope scope;
    private final JavaSymbols symbols;
    private final TypeMapper types;
    private final GeneratorOptions options;

    private BindingModel(WorldScope scope, GeneratorOptions options) {
        this.scope = scope;
        this.options = options;
        this.symbols = new JavaSymbols(scope, options);
        this.types = new TypeMapper(symbols);
    }

    /**
     * Plans the generation for world {@code worldId}.
     *
     * @param resolve the model
     * @param worldId index into {@link Resolve#worlds()}
     * @param options generator options
     * @return the plan
     */
    public static BindingModel of(Resolve resolve, int worldId, GeneratorOptions options) {
        Objects.requireNonNull(resolve, "resolve");
        Objects.requireNonNull(options, "options");
        if (worldId < 0 || worldId >= resolve.worlds().size()) {
            throw new IllegalArgumentException("no world #" + worldId);
        }
        return new BindingModel(WorldScope.of(resolve, worldId), options);
    }

    /** The model. */
    public Resolve resolve() {
        return scope.resolve();
    }

    /** What the world brings in. */
    public WorldScope scope() {
        return scope;
    }

    /** The Java names. */
    public JavaSymbols symbols() {
        return symbols;
    }

    /** The Java types of WIT types. */
    public TypeMapper types() {
        return types;
    }

    /** The options. */
    public GeneratorOptions options() {
        return options;
    }

    /**
     * The qualified WIT name of interface {@code interfaceId}: {@code wasi:otel/tracing@0.2.0-rc.2},
     * or {@code <world>#<name>} for an interface written inline in the world.
     */
    public String interfaceWitName(int interfaceId) {
        Resolve resolve = resolve();
        return resolve.qualifiedName(interfaceId).orElseGet(() -> worldWitName() + "#"
                + scope.use(interfaceId).flatMap(WorldScope.InterfaceUse::inlineName)
                        .orElse("interface" + interfaceId));
    }

    /** The qualified WIT name of the world: {@code wasi:otel/imports@0.2.0-rc.2}. */
    public String worldWitName() {
        return resolve().packages().get(scope.world().packageId()).name().qualify(scope.world().name());
    }

    /** The qualified WIT name of a named type: {@code <interface or world>#<name>}. */
    public String typeWitName(int typeId) {
        TypeDef def = resolve().types().get(typeId);
        String owner;
        if (def.owner() instanceof TypeOwner.OfInterface oi) {
            owner = interfaceWitName(oi.id());
        } else {
            owner = worldWitName();
        }
        return owner + "#" + def.name().orElse("type" + typeId);
    }

    /**
     * Whether resource {@code resourceTypeId} is implemented by the guest: it belongs to an
     * interface the world exports and does not import. Its Java type is then a generated class
     * calling the guest ({@code GuestResource}); otherwise a Java interface the host implements.
     */
    public boolean guestImplemented(int resourceTypeId) {
        Type t = resolve().dealias(new Type.Ref(resourceTypeId));
        if (!(t instanceof Type.Ref r) || !(resolve().types().get(r.id()).owner() instanceof TypeOwner.OfInterface oi)) {
            return false;
        }
        return scope.use(oi.id()).map(u -> u.exported() && !u.imported()).orElse(false);
    }

    /** The interface, for convenience. */
    Interface iface(int interfaceId) {
        return resolve().interfaces().get(interfaceId);
    }
}
