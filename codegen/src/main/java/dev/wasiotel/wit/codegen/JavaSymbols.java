package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Java name of one generation: the classes that stand for WIT types, interfaces and the
 * world, and the names of their members. Emitters and the canonical-ABI glue ask here, so they
 * always agree.
 *
 * <ul>
 *   <li>Type classes ({@code record}, {@code variant}, {@code enum}, {@code flags}, {@code
 *       resource}): {@link JavaNames#upperCamel} of the WIT name, in the package of the owning
 *       interface or world ({@link JavaPackages}); type names are claimed before anything else in
 *       their package.</li>
 *   <li>Per interface, a Java interface named after it ({@code tracing} is {@code Tracing}); if a
 *       type of the interface already has that name ({@code wasi:io/error} defines resource
 *       {@code error}), the interface gets the suffix {@code Functions} ({@code
 *       ErrorFunctions}).</li>
 *   <li>The world's own functions: {@code <World>Imports} (implemented by the host) and {@code
 *       <World>Exports} (implemented by the guest), in the world's package.</li>
 *   <li>Methods: freestanding functions by {@link JavaNames#member}; a resource constructor is
 *       {@code new<Resource>} and a static function {@code <resource><Function>} ({@code
 *       [static]fields.from-list} is {@code fieldsFromList}), both in the interface's (or world's)
 *       Java interface; resource methods in the resource's Java interface, where {@code close} is
 *       kept for {@code [resource-drop]}.</li>
 * </ul>
 * Any remaining clash is settled by {@link NameScope}'s suffixes, first come first served.
 */
public final class JavaSymbols {
    private final Resolve resolve;
    private final WorldScope scope;
    private final JavaPackages packages;
    private final Map<Integer, ClassName> typeClasses = new HashMap<>();
    private final Map<Integer, ClassName> interfaceClasses = new HashMap<>();
    private final Map<Integer, Map<String, String>> interfaceMethods = new HashMap<>();
    private final Map<String, String> worldImportMethods = new HashMap<>();
    private final Map<String, String> worldExportMethods = new HashMap<>();
    private final ClassName worldImports;
    private final ClassName worldExports;
    private final ClassName worldBindings;

    JavaSymbols(WorldScope scope, GeneratorOptions options) {
        this.resolve = scope.resolve();
        this.scope = scope;
        this.packages = new JavaPackages(scope, options.basePackage(), options.reused());
        Map<String, NameScope> packageScopes = new HashMap<>();
        for (WorldScope.InterfaceUse use : scope.interfaces()) {
            int id = use.interfaceId();
            Interface iface = resolve.interfaces().get(id);
            String pkg = packages.interfacePackage(id);
            NameScope names = packageScopes.computeIfAbsent(pkg, p -> new NameScope());
            claimTypes(pkg, names, iface.types().values());
            String witName = iface.name().orElse(use.inlineName().orElse("interface" + id));
            String preferred = JavaNames.upperCamel(witName);
            interfaceClasses.put(id, ClassName.get(pkg, names.claim(names.isTaken(preferred)
                    ? preferred + "Functions" : preferred)));
            interfaceMethods.put(id, methodNames(iface.functions().values()));
        }
        String worldPkg = packages.worldPackage();
        NameScope names = packageScopes.computeIfAbsent(worldPkg, p -> new NameScope());
        claimTypes(worldPkg, names, scope.worldTypes());
        String worldName = JavaNames.upperCamel(scope.world().name());
        this.worldImports = ClassName.get(worldPkg, names.claim(worldName + "Imports"));
        this.worldExports = ClassName.get(worldPkg, names.claim(worldName + "Exports"));
        this.worldBindings = ClassName.get(worldPkg, names.claim(worldName + "Bindings"));
        worldImportMethods.putAll(methodNames(scope.importedFunctions()));
        worldExportMethods.putAll(methodNames(scope.exportedFunctions()));
    }

    private void claimTypes(String pkg, NameScope names, Collection<Integer> typeIds) {
        for (int typeId : typeIds) {
            TypeDef def = resolve.types().get(typeId);
            if (generatesClass(def.kind()) && def.name().isPresent() && !typeClasses.containsKey(typeId)) {
                typeClasses.put(typeId, ClassName.get(pkg, names.claim(JavaNames.upperCamel(def.name().get()))));
            }
        }
    }

    /** Whether a type of this kind becomes a class of its own. */
    static boolean generatesClass(TypeDefKind kind) {
        return kind instanceof TypeDefKind.Record || kind instanceof TypeDefKind.Variant
                || kind instanceof TypeDefKind.Enum || kind instanceof TypeDefKind.Flags
                || kind instanceof TypeDefKind.Resource;
    }

    /** Java names for functions that share one container: resource methods go to their resource. */
    private Map<String, String> methodNames(Collection<Function> functions) {
        Map<String, String> out = new HashMap<>();
        NameScope container = new NameScope();
        Map<Integer, NameScope> resources = new HashMap<>();
        List<Function> later = new ArrayList<>();
        for (Function f : functions) {
            if (f.kind() instanceof FunctionKind.Freestanding) {
                out.put(f.name(), container.claim(JavaNames.member(f.name())));
            } else if (f.kind() instanceof FunctionKind.Method m) {
                NameScope rs = resources.computeIfAbsent(resourceId(m.resource()), r -> new NameScope("close"));
                out.put(f.name(), rs.claim(JavaNames.member(f.itemName())));
            } else {
                later.add(f);
            }
        }
        for (Function f : later) {
            if (f.kind() instanceof FunctionKind.Constructor c) {
                out.put(f.name(), container.claim("new" + typeClass(c.resource()).simpleName()));
            } else if (f.kind() instanceof FunctionKind.Static s) {
                String resourceName = resolve.types().get(resourceId(s.resource())).name().orElse("resource");
                out.put(f.name(), container.claim(JavaNames.member(resourceName + "-" + f.itemName())));
            }
        }
        return out;
    }

    private int resourceId(int typeId) {
        Type t = resolve.dealias(new Type.Ref(typeId));
        return t instanceof Type.Ref r ? r.id() : typeId;
    }

    // ------------------------------------------------------------------ public queries

    /** The generation these names belong to. */
    public WorldScope scope() {
        return scope;
    }

    /**
     * The class of a record, variant, enum, flags or resource type (aliases are followed).
     *
     * @param typeId index into {@link Resolve#types()}
     * @return its class
     * @throws IllegalArgumentException if the type has no class of its own in this generation
     */
    public ClassName typeClass(int typeId) {
        Type t = resolve.dealias(new Type.Ref(typeId));
        ClassName name = t instanceof Type.Ref r ? typeClasses.get(r.id()) : null;
        if (name == null) {
            throw new IllegalArgumentException("type #" + typeId + " (" + t + ") has no generated class here");
        }
        return name;
    }

    /** The Java package of interface {@code interfaceId}. */
    public String interfacePackage(int interfaceId) {
        return packages.interfacePackage(interfaceId);
    }

    /** The Java package of the world's own types and its imports/exports interfaces. */
    public String worldPackage() {
        return packages.worldPackage();
    }

    /** The Java interface standing for WIT interface {@code interfaceId}. */
    public ClassName interfaceClass(int interfaceId) {
        ClassName name = interfaceClasses.get(interfaceId);
        if (name == null) {
            throw new IllegalArgumentException("interface #" + interfaceId + " is not part of this generation");
        }
        return name;
    }

    /** The Java interface of the functions the world imports directly (the host implements it). */
    public ClassName worldImportsClass() {
        return worldImports;
    }

    /** The Java interface of the functions the world exports directly (the guest implements it). */
    public ClassName worldExportsClass() {
        return worldExports;
    }

    /** The class that describes the generation itself ({@link WorldInfoEmitter}). */
    public ClassName worldBindingsClass() {
        return worldBindings;
    }

    /**
     * The Java name of a function of interface {@code interfaceId}: a method of the interface's
     * Java interface, or, for a resource method, of the resource's.
     */
    public String methodName(int interfaceId, Function function) {
        return lookup(interfaceMethods.get(interfaceId), function);
    }

    /** The Java name of a function the world imports ({@code export == false}) or exports directly. */
    public String worldMethodName(boolean export, Function function) {
        return lookup(export ? worldExportMethods : worldImportMethods, function);
    }

    private static String lookup(Map<String, String> names, Function function) {
        String name = names == null ? null : names.get(function.name());
        if (name == null) {
            throw new IllegalArgumentException("function `" + function.name() + "` is not part of this generation");
        }
        return name;
    }

    /**
     * The Java parameter names of a function, in order; a method's {@code self} is left out (it
     * is the receiver).
     */
    public List<String> paramNames(Function function) {
        NameScope names = new NameScope();
        List<String> out = new ArrayList<>();
        for (Function.Param p : javaParams(function)) {
            out.add(names.claim(JavaNames.lowerCamel(p.name())));
        }
        return out;
    }

    /** The parameters that appear in the Java signature: all but a method's {@code self}. */
    public static List<Function.Param> javaParams(Function function) {
        List<Function.Param> params = function.params();
        if (function.kind() instanceof FunctionKind.Method && !params.isEmpty()) {
            return params.subList(1, params.size());
        }
        return params;
    }

    /** The Java component (accessor) names of a record's fields, in order. */
    public List<String> fieldNames(int recordTypeId) {
        TypeDefKind.Record r = (TypeDefKind.Record) kindOf(recordTypeId);
        NameScope names = new NameScope();
        List<String> out = new ArrayList<>();
        for (TypeDefKind.Field f : r.fields()) {
            out.add(names.claim(JavaNames.member(f.name())));
        }
        return out;
    }

    /** The nested classes of a variant's cases, in order (a case named like the variant gets {@code _}). */
    public List<ClassName> caseClasses(int variantTypeId) {
        TypeDefKind.Variant v = (TypeDefKind.Variant) kindOf(variantTypeId);
        ClassName outer = typeClass(variantTypeId);
        NameScope names = new NameScope(outer.simpleName());
        List<ClassName> out = new ArrayList<>();
        for (TypeDefKind.Case c : v.cases()) {
            out.add(outer.nestedClass(names.claim(JavaNames.upperCamel(c.name()))));
        }
        return out;
    }

    /** The static factory methods of a variant's cases, in order. */
    public List<String> caseFactories(int variantTypeId) {
        TypeDefKind.Variant v = (TypeDefKind.Variant) kindOf(variantTypeId);
        NameScope names = new NameScope();
        List<String> out = new ArrayList<>();
        for (TypeDefKind.Case c : v.cases()) {
            out.add(names.claim(JavaNames.member(c.name())));
        }
        return out;
    }

    /** The constants of an enum's cases or of a flags type's flags, in WIT order. */
    public List<String> enumConstants(int typeId) {
        TypeDefKind kind = kindOf(typeId);
        List<String> witNames = new ArrayList<>();
        if (kind instanceof TypeDefKind.Enum e) {
            for (TypeDefKind.EnumCase c : e.cases()) {
                witNames.add(c.name());
            }
        } else {
            for (TypeDefKind.Flag f : ((TypeDefKind.Flags) kind).flags()) {
                witNames.add(f.name());
            }
        }
        NameScope names = new NameScope();
        List<String> out = new ArrayList<>();
        for (String n : witNames) {
            out.add(names.claim(JavaNames.upperSnake(n)));
        }
        return out;
    }

    private TypeDefKind kindOf(int typeId) {
        Type t = resolve.dealias(new Type.Ref(typeId));
        return resolve.types().get(((Type.Ref) t).id()).kind();
    }
}
