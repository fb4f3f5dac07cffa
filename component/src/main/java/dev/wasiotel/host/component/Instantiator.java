package dev.wasiotel.host.component;

import dev.wasiotel.host.component.Func.HostFunc;
import dev.wasiotel.host.component.Func.LiftedFunc;
import dev.wasiotel.host.component.Item.InstanceValue;
import dev.wasiotel.host.component.ResolvedType.AbstractResource;
import dev.wasiotel.host.component.ResolvedType.FuncType;
import dev.wasiotel.host.component.ResolvedType.InstanceTypeValue;
import dev.wasiotel.host.component.ResolvedType.ResourceTypeValue;
import dev.wasiotel.host.component.binary.CanonOptions;
import dev.wasiotel.host.component.binary.ComponentBinary;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.component.binary.Definition;
import dev.wasiotel.host.component.binary.ExternName;
import dev.wasiotel.host.component.binary.ExternType;
import dev.wasiotel.host.component.binary.Sort;
import dev.wasiotel.host.component.binary.TypeDef;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.runtime.ResourceType;
import dev.wasiotel.wit.runtime.engine.CoreExtern;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.CoreMemory;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import java.util.ArrayList;
import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.calls.CallKind;
import dev.wasiotel.wit.runtime.calls.CallSite;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.calls.TracedCalls;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a component's definitions in order, as the Component Model instantiates it: core
 * modules are instantiated with the arguments the binary names, aliases and canonical functions
 * are resolved, nested components are instantiated with their arguments. Run first with {@code
 * checkOnly} to match every import against the host without running any code; then for real.
 */
final class Instantiator {
    private static final List<CoreType> I32 = List.of(CoreType.I32);
    /** Why a function of an {@code async} type is refused. */
    static final String ASYNC_REFUSAL =
            "async functions need the component model's async ABI, which this host does not implement yet";

    private final Component component;
    private final HostInterfaces host;
    private final InstanceState state;
    private final boolean checkOnly;
    /** How deeply component instantiations may nest. */
    static final int MAX_DEPTH = 100;
    /**
     * How many definitions one instantiation may run: nested components instantiated several times
     * each would otherwise let a small binary demand exponential work.
     */
    static final int MAX_DEFINITIONS = 1_000_000;

    private final List<String> problems = new ArrayList<>();
    private int depth;
    private long executed;
    /** Traces calls, or null (then nothing below about names and paths is kept). */
    private final CallTracer tracer;
    /** The path of the component instance whose definitions run: {@code /}, {@code /0}, {@code /0/1}... */
    private String path = "/";
    /** How many component instances the running one has created so far. */
    private int children;
    /** Where each lifted function was lifted (the instance's path); kept only when calls are traced. */
    private final Map<LiftedFunc, String> liftedPaths = new IdentityHashMap<>();
    /** The first name each lifted function was exported or passed under; kept only when traced. */
    private final Map<LiftedFunc, Named> liftedNames = new IdentityHashMap<>();

    /** A lifted function's interface (null for a freestanding function) and name. */
    private record Named(String interfaceName, String function) {
    }

    Instantiator(Component component, HostInterfaces host, InstanceState state, boolean checkOnly) {
        this.component = component;
        this.host = host;
        this.state = state;
        this.checkOnly = checkOnly;
        this.tracer = checkOnly ? null : host.tracer();
    }

    /** Where each lifted function was lifted ({@code /}, {@code /0}...); empty unless calls are traced. */
    Map<LiftedFunc, String> liftedPaths() {
        return liftedPaths;
    }

    /** The import problems found (check-only runs). */
    List<String> problems() {
        return problems;
    }

    /**
     * Runs the definitions of {@code binary} in a new scope under {@code parent}, with
     * {@code args} as its imports (null for the top level: imports come from the host).
     */
    Scope run(ComponentBinary binary, Scope parent, Map<String, Item> args) {
        if (++depth > MAX_DEPTH) {
            throw new ComponentFormatException(binary.offset(), "component instances nest more than " + MAX_DEPTH
                    + " deep (a component instantiating itself?)");
        }
        Scope scope = new Scope(parent);
        for (Definition def : binary.definitions()) {
            if (++executed > MAX_DEFINITIONS) {
                throw new ComponentFormatException(def.offset(), "instantiation runs more than " + MAX_DEFINITIONS
                        + " definitions");
            }
            if (checkOnly) {
                try {
                    check(scope, def, args);
                } catch (TypeScope.Unknown e) {
                    scope.add(produces(def), null, def.offset());
                }
            } else {
                try {
                    execute(scope, def, args);
                } catch (TypeScope.Unknown e) {
                    // Only the check may meet entries it cannot know before code runs; here every
                    // entry a well-formed component uses is known, so an unknown one is a bad
                    // reference (e.g. a function whose type refers to an undefined type).
                    throw new ComponentFormatException(def.offset(), "the definition uses an entry whose type or"
                            + " value is undefined (a bad type index or alias)");
                }
            }
        }
        depth--;
        return scope;
    }

    /** The sort a definition adds an entry to. */
    private static Sort produces(Definition def) {
        if (def instanceof Definition.CoreModuleDef) {
            return Sort.CORE_MODULE;
        }
        if (def instanceof Definition.CoreInstantiate || def instanceof Definition.CoreInstanceExports) {
            return Sort.CORE_INSTANCE;
        }
        if (def instanceof Definition.CoreTypeDefinition) {
            return Sort.CORE_TYPE;
        }
        if (def instanceof Definition.NestedComponent) {
            return Sort.COMPONENT;
        }
        if (def instanceof Definition.Instantiate || def instanceof Definition.InstanceExports) {
            return Sort.INSTANCE;
        }
        if (def instanceof Definition.Alias a) {
            return a.sort();
        }
        if (def instanceof Definition.Type || def instanceof Definition.Import i && i.type().sort() == Sort.TYPE) {
            return Sort.TYPE;
        }
        if (def instanceof Definition.Import i) {
            return i.type().sort();
        }
        if (def instanceof Definition.CanonLift) {
            return Sort.FUNC;
        }
        if (def instanceof Definition.Export e) {
            return e.sort();
        }
        return Sort.CORE_FUNC;
    }

    /** Check-only: types, aliases of types and imports are resolved; what would run code is unknown. */
    private void check(Scope scope, Definition def, Map<String, Item> args) {
        if (def instanceof Definition.Type || def instanceof Definition.Import || def instanceof Definition.CoreModuleDef
                || def instanceof Definition.CoreTypeDefinition || def instanceof Definition.NestedComponent
                || def instanceof Definition.Alias a && (a.sort() == Sort.TYPE || a.sort() == Sort.INSTANCE
                        || a.target() instanceof Definition.OuterAlias)) {
            execute(scope, def, args);
        } else if (def instanceof Definition.Export) {
            execute(scope, def, args);
        } else if (asyncAbi(def) != null) {
            // refused before any code runs
            problems.add(asyncAbi(def));
            scope.add(produces(def), null, def.offset());
        } else if (def instanceof Definition.ResourceDrop r) {
            // the drop of an imported resource is a host function too: check it with the imports
            ResourceKind kind = resource(scope, r.type(), r.offset());
            String name = "[resource-drop]" + kind.name();
            if (!kind.isGuestDefined() && (kind.hostInterface() == null
                    || kind.hostInterface().function(name, StringEncoding.UTF8) == null)) {
                problems.add("missing function " + name + " of resource " + kind.key().interfaceName() + "#"
                        + kind.name());
            }
            scope.add(Sort.CORE_FUNC, null, r.offset());
        } else {
            scope.add(produces(def), null, def.offset());
        }
    }

    private void execute(Scope scope, Definition def, Map<String, Item> args) {
        int at = def.offset();
        if (def instanceof Definition.CoreModuleDef m) {
            scope.add(Sort.CORE_MODULE, m, at);
        } else if (def instanceof Definition.CoreTypeDefinition) {
            scope.add(Sort.CORE_TYPE, Boolean.TRUE, at);
        } else if (def instanceof Definition.NestedComponent c) {
            scope.add(Sort.COMPONENT, new ComponentClosure(c.component(), scope), at);
        } else if (def instanceof Definition.CoreInstantiate ci) {
            scope.add(Sort.CORE_INSTANCE, coreInstantiate(scope, ci), at);
        } else if (def instanceof Definition.CoreInstanceExports ce) {
            Map<String, CoreExtern> exports = new HashMap<>();
            for (Definition.InlineExport e : ce.exports()) {
                exports.put(e.name(), (CoreExtern) scope.known(coreExternSort(e.sort(), at), e.index(), at));
            }
            scope.add(Sort.CORE_INSTANCE, CoreInstanceValue.of(exports), at);
        } else if (def instanceof Definition.Instantiate in) {
            scope.add(Sort.INSTANCE, instantiate(scope, in), at);
        } else if (def instanceof Definition.InstanceExports ie) {
            Map<String, Item> exports = new LinkedHashMap<>();
            for (Definition.InlineExport e : ie.exports()) {
                exports.put(e.name(), new Item(e.sort(), scope.get(e.sort(), e.index(), at)));
            }
            scope.add(Sort.INSTANCE, new InstanceValue(exports), at);
        } else if (def instanceof Definition.Alias a) {
            scope.add(a.sort(), alias(scope, a), at);
        } else if (def instanceof Definition.Type t) {
            scope.add(Sort.TYPE, type(scope, t), at);
        } else if (asyncAbi(def) != null) {
            throw new LinkException(List.of(asyncAbi(def)));
        } else if (def instanceof Definition.CanonLift l) {
            scope.add(Sort.FUNC, lift(scope, l), at);
        } else if (def instanceof Definition.CanonLower l) {
            scope.add(Sort.CORE_FUNC, lower(scope, l), at);
        } else if (def instanceof Definition.ResourceNew r) {
            scope.add(Sort.CORE_FUNC, resourceNew(scope, r), at);
        } else if (def instanceof Definition.ResourceRep r) {
            scope.add(Sort.CORE_FUNC, resourceRep(scope, r), at);
        } else if (def instanceof Definition.ResourceDrop r) {
            scope.add(Sort.CORE_FUNC, resourceDrop(scope, r), at);
        } else if (def instanceof Definition.Import i) {
            Item item = args == null ? hostImport(scope, i) : argImport(i, args);
            scope.add(item.sort(), item.value(), at);
        } else if (def instanceof Definition.Export e) {
            Object value = scope.get(e.sort(), e.index(), at);
            if (e.sort().isCore() && e.sort() != Sort.CORE_MODULE) {
                throw new ComponentFormatException(at, "a " + e.sort() + " cannot be exported from a component");
            }
            if (scope.exports().put(e.name(), new Item(e.sort(), value)) != null) {
                throw new ComponentFormatException(at, "duplicate export \"" + e.name() + "\"");
            }
            if (e.externName().versionSuffix().isPresent()) {
                scope.fullExportName(e.name(), e.externName().fullName());
            }
            name(e.externName().fullName(), e.sort(), value);
            scope.add(e.sort(), value, at);
        } else {
            throw new ComponentFormatException(at, "unexpected definition " + def.getClass().getSimpleName());
        }
    }

    /**
     * Why {@code def} is refused if it needs the async ABI (an async built-in, or a lift or lower
     * with the {@code async} or {@code callback} option); null otherwise.
     */
    private static String asyncAbi(Definition def) {
        if (def instanceof Definition.AsyncBuiltin b) {
            return "the component uses canon " + b.name() + " (at offset " + b.offset() + "), a built-in of the"
                    + " component model's async ABI, which this host does not implement yet";
        }
        if (def instanceof Definition.CanonLift l && l.options().usesAsyncAbi()
                || def instanceof Definition.CanonLower w && w.options().usesAsyncAbi()) {
            return "the component has a canon " + (def instanceof Definition.CanonLift ? "lift" : "lower")
                    + " with the async ABI's options (at offset " + def.offset() + "): " + ASYNC_REFUSAL;
        }
        return null;
    }

    private static Sort coreExternSort(Sort sort, int at) {
        if (sort == Sort.CORE_FUNC || sort == Sort.CORE_MEMORY || sort == Sort.CORE_TABLE || sort == Sort.CORE_GLOBAL) {
            return sort;
        }
        throw new ComponentFormatException(at, "a core instance cannot export a " + sort);
    }

    private static CoreExternKind kindOf(Sort sort, int at) {
        switch (sort) {
            case CORE_FUNC: return CoreExternKind.FUNC;
            case CORE_MEMORY: return CoreExternKind.MEMORY;
            case CORE_TABLE: return CoreExternKind.TABLE;
            case CORE_GLOBAL: return CoreExternKind.GLOBAL;
            default:
                throw new ComponentFormatException(at, "cannot alias a " + sort + " from a core instance");
        }
    }

    // ------------------------------------------------------------------ instances

    private CoreInstanceValue coreInstantiate(Scope scope, Definition.CoreInstantiate ci) {
        int at = ci.offset();
        Definition.CoreModuleDef module = scope.module(ci.module(), at);
        Map<String, CoreInstanceValue> args = new HashMap<>();
        for (Definition.CoreArg arg : ci.args()) {
            if (args.put(arg.name(), scope.coreInstance(arg.instance(), at)) != null) {
                throw new ComponentFormatException(at, "duplicate instantiation argument \"" + arg.name() + "\"");
            }
        }
        WasmEngine engine = host.engine();
        EngineModule parsed = component.parsed(module, engine);
        // a declaration over the host's limits is the host's refusal, not a flaw of the component
        engine.checkLimits(parsed, state.limits());
        try {
            return CoreInstanceValue.of(state.own(engine.instantiate(parsed, (mod, name) -> {
                CoreInstanceValue instance = args.get(mod);
                return instance == null ? null : instance.export(name);
            }, state.limits())));
        } catch (LinkException e) {
            throw new ComponentFormatException(at, "core module " + ci.module() + " cannot be instantiated: "
                    + String.join("; ", e.problems()), e);
        } catch (IllegalArgumentException e) {
            throw new ComponentFormatException(at, "core module " + ci.module() + ": " + e.getMessage(), e);
        }
    }

    private InstanceValue instantiate(Scope scope, Definition.Instantiate in) {
        int at = in.offset();
        ComponentClosure closure = scope.component(in.component(), at);
        Map<String, Item> args = new HashMap<>();
        for (Definition.Arg arg : in.args()) {
            Object value = scope.get(arg.sort(), arg.index(), at);
            if (args.put(arg.name(), new Item(arg.sort(), value)) != null) {
                throw new ComponentFormatException(at, "duplicate instantiation argument \"" + arg.name() + "\"");
            }
            name(arg.name(), arg.sort(), value);
        }
        String outerPath = path;
        int outerChildren = children;
        path = (path.equals("/") ? "" : path) + "/" + children++;
        children = 0;
        Scope inner;
        try {
            inner = run(closure.binary(), closure.scope(), args);
        } finally {
            path = outerPath;
            children = outerChildren + 1;
        }
        return new InstanceValue(inner.exports());
    }

    /**
     * Remembers the name under which a lifted function (or an instance of them) is exported or
     * passed to a nested component, the first time: the name of the cross-component calls into it.
     */
    private void name(String name, Sort sort, Object value) {
        if (tracer == null) {
            return;
        }
        if (sort == Sort.FUNC && value instanceof LiftedFunc f) {
            liftedNames.putIfAbsent(f, new Named(null, name));
        } else if (sort == Sort.INSTANCE && value instanceof InstanceValue instance) {
            for (Map.Entry<String, Item> e : instance.exports().entrySet()) {
                if (e.getValue().value() instanceof LiftedFunc f) {
                    liftedNames.putIfAbsent(f, new Named(name, e.getKey()));
                }
            }
        }
    }

    private Object alias(Scope scope, Definition.Alias a) {
        int at = a.offset();
        if (a.target() instanceof Definition.CoreExportAlias ce) {
            CoreExternKind kind = kindOf(a.sort(), at);
            CoreExtern value = scope.coreInstance(ce.instance(), at).export(ce.name());
            if (value == null) {
                throw new ComponentFormatException(at, "core instance " + ce.instance() + " has no export \""
                        + ce.name() + "\"");
            }
            if (value.kind() != kind) {
                throw new ComponentFormatException(at, "export \"" + ce.name() + "\" of core instance " + ce.instance()
                        + " is a " + value.kind().wasmName() + ", not a " + kind.wasmName());
            }
            return value;
        }
        if (a.target() instanceof Definition.ExportAlias e) {
            Item item = scope.instance(e.instance(), at).exports().get(e.name());
            if (item == null) {
                throw new ComponentFormatException(at, "instance " + e.instance() + " has no export \"" + e.name() + "\"");
            }
            if (item.sort() != a.sort()) {
                throw new ComponentFormatException(at, "export \"" + e.name() + "\" of instance " + e.instance()
                        + " is a " + item.sort() + ", not a " + a.sort());
            }
            return item.value();
        }
        Definition.OuterAlias o = (Definition.OuterAlias) a.target();
        switch (a.sort()) {
            case TYPE:
                return scope.types().outer(o.count(), at).get(o.index(), at);
            case CORE_TYPE:
            case CORE_MODULE:
            case COMPONENT:
                return scope.outer(o.count(), at).get(a.sort(), o.index(), at);
            default:
                throw new ComponentFormatException(at, "an outer alias cannot refer to a " + a.sort());
        }
    }

    private ResolvedType type(Scope scope, Definition.Type t) {
        if (t.type() instanceof TypeDef.ResourceT r) {
            CoreFunc dtor = null;
            if (r.destructor() >= 0) {
                dtor = checkOnly ? null : scope.coreFunc(r.destructor(), t.offset());
                if (dtor != null && !dtor.hasSignature(I32, List.of())) {
                    throw new ComponentFormatException(t.offset(), "a resource destructor must have type (param i32), not "
                            + dtor.signature());
                }
            }
            int id = state.nextResourceId();
            ResourceKind kind = new ResourceKind("resource" + id, null,
                    new ResourceType("component", "resource" + id), dtor);
            state.defineResource(kind);
            if (dtor != null) {
                CoreFunc destructor = dtor;
                resources().setDestructor(kind.key(), rep -> destructor.call((Integer) rep));
            }
            return new ResourceTypeValue(kind);
        }
        return scope.types().resolve(t.type(), t.offset());
    }

    // ------------------------------------------------------------------ imports

    private Item argImport(Definition.Import i, Map<String, Item> args) {
        Item item = args.get(i.name());
        if (item == null) {
            throw new ComponentFormatException(i.offset(), "no instantiation argument for import \"" + i.name() + "\"");
        }
        if (item.sort() != i.type().sort()) {
            throw new ComponentFormatException(i.offset(), "argument \"" + i.name() + "\" is a " + item.sort()
                    + ", but a " + i.type().sort() + " is imported");
        }
        return item;
    }

    private Item hostImport(Scope scope, Definition.Import i) {
        int at = i.offset();
        ExternType type = i.type();
        if (type instanceof ExternType.Instance it) {
            ResolvedType t = scope.type(it.typeIndex(), at);
            if (!(t instanceof InstanceTypeValue instanceType)) {
                throw new ComponentFormatException(at, "type " + it.typeIndex() + " of import \"" + i.name()
                        + "\" is not an instance type");
            }
            return new Item(Sort.INSTANCE, importInstance(i.externName(), instanceType, at));
        }
        if (type instanceof ExternType.Func f) {
            ResolvedType t = scope.type(f.typeIndex(), at);
            if (!(t instanceof FuncType ft)) {
                throw new ComponentFormatException(at, "type " + f.typeIndex() + " of import \"" + i.name()
                        + "\" is not a function type");
            }
            HostInterface root = host.find(HostInterfaces.ROOT);
            HostFunctionDef def = root == null ? null : root.function(i.name(), StringEncoding.UTF8);
            if (ft.async()) {
                problems.add("function \"" + i.name() + "\" is async: " + ASYNC_REFUSAL);
            } else if (def == null) {
                problems.add("missing function \"" + i.name() + "\" (world-level functions come from the host"
                        + " interface \"" + HostInterfaces.ROOT + "\")");
            } else {
                checkType(i.name(), ft, def, root);
            }
            return new Item(Sort.FUNC, new HostFunc(root, i.name(), ft));
        }
        if (type instanceof ExternType.SubResource) {
            return new Item(Sort.TYPE, new ResourceTypeValue(new ResourceKind(i.name(), host.find(HostInterfaces.ROOT),
                    new ResourceType("$root", i.name()), null)));
        }
        if (type instanceof ExternType.TypeEq eq) {
            return new Item(Sort.TYPE, scope.type(eq.typeIndex(), at));
        }
        throw new ComponentFormatException(at, "import \"" + i.name() + "\": importing a " + type.sort()
                + " is not supported");
    }

    /**
     * An imported instance, served by the compatible host interface; problems are collected. The
     * interface is found by the import's name with its full version (a {@code versionsuffix} put
     * back), else by the interface it {@code implements}.
     */
    private InstanceValue importInstance(ExternName importName, InstanceTypeValue type, int at) {
        String name = importName.fullName();
        HostInterface iface = host.find(name);
        if (iface == null && importName.implementsName().isPresent()) {
            iface = host.find(importName.implementsName().get());
        }
        List<String> async = new ArrayList<>();
        Map<String, Item> exports = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, ResolvedType> e : type.exports().entrySet()) {
            String export = e.getKey();
            Sort sort = type.sorts().get(export);
            ResolvedType t = e.getValue();
            if (sort == Sort.FUNC) {
                HostFunctionDef def = iface == null ? null : iface.function(export, StringEncoding.UTF8);
                if (t instanceof FuncType ft && ft.async()) {
                    async.add(export);
                } else if (def == null) {
                    missing.add(export);
                } else if (t != null) {
                    checkType(name + "#" + export, (FuncType) t, def, iface);
                }
                exports.put(export, new Item(Sort.FUNC, t == null ? null : new HostFunc(iface, export, (FuncType) t)));
            } else if (sort == Sort.TYPE) {
                if (t instanceof AbstractResource r) {
                    t = new ResourceTypeValue(new ResourceKind(r.name(), iface, new ResourceType(name, r.name()), null));
                }
                exports.put(export, new Item(Sort.TYPE, t));
            } else {
                throw new ComponentFormatException(at, "import \"" + name + "\": instance exports of sort " + sort
                        + " are not supported");
            }
        }
        if (!async.isEmpty()) {
            problems.add("import " + name + ": " + (async.size() == 1 ? "function " : "functions ")
                    + String.join(", ", async) + (async.size() == 1 ? " is" : " are") + " async: " + ASYNC_REFUSAL);
        }
        if (!missing.isEmpty()) {
            if (iface == null) {
                problems.add("missing interface " + name + importName.implementsName().map(i -> " (implements " + i + ")")
                        .orElse("") + " (functions " + String.join(", ", missing) + ")");
            } else {
                problems.add("host interface " + iface.name() + " (serving " + name + ") lacks functions "
                        + String.join(", ", missing));
            }
        }
        return new InstanceValue(exports);
    }

    /**
     * Refuses a host function whose WIT type differs from the type the component imports it with;
     * a host function without a type is checked by its core signature only, when it is lowered.
     */
    private void checkType(String function, FuncType type, HostFunctionDef def, HostInterface iface) {
        if (def.type() == null) {
            return;
        }
        String difference = TypeMatch.firstDifference(type, def.type(), host, iface);
        if (difference != null) {
            problems.add(function + ": " + difference);
        }
    }

    // ------------------------------------------------------------------ canonical functions

    private LiftedFunc lift(Scope scope, Definition.CanonLift l) {
        int at = l.offset();
        CoreFunc core = scope.coreFunc(l.coreFunc(), at);
        ResolvedType t = scope.type(l.type(), at);
        if (!(t instanceof FuncType type)) {
            throw new ComponentFormatException(at, "type " + l.type() + " of canon lift is not a function type");
        }
        if (type.async()) {
            throw new LinkException(List.of("the component lifts " + core + " with an async function type: "
                    + ASYNC_REFUSAL));
        }
        FunctionAbi abi = FunctionAbi.forExport(type.params(), type.result());
        if (!core.hasSignature(abi.coreParams(), abi.coreResults())) {
            throw new ComponentFormatException(at, "canon lift of " + core + ": the function type needs core type "
                    + HostFunctionDef.signature(abi.coreParams(), abi.coreResults()));
        }
        CanonOptions o = l.options();
        CoreFunc postReturn = o.postReturn() < 0 ? null : scope.coreFunc(o.postReturn(), at);
        if (postReturn != null && !postReturn.hasSignature(abi.coreResults(), List.of())) {
            throw new ComponentFormatException(at, "post-return function " + postReturn + " must take the core results "
                    + HostFunctionDef.signature(abi.coreResults(), List.of()));
        }
        LiftedFunc lifted = new LiftedFunc(core, memory(scope, o, at), realloc(scope, o, at), postReturn, o.encoding(),
                type, state);
        if (tracer != null) {
            liftedPaths.put(lifted, path);
        }
        return lifted;
    }

    private CoreFunc lower(Scope scope, Definition.CanonLower l) {
        int at = l.offset();
        Func f = scope.func(l.func(), at);
        CanonOptions o = l.options();
        CanonContext context = new CanonContext(memory(scope, o, at), realloc(scope, o, at), state,
                "canon lower of function " + l.func());
        FunctionAbi abi = FunctionAbi.forImport(f.type().params(), f.type().result());
        if (f instanceof HostFunc h) {
            HostFunctionDef def = h.hostInterface() == null ? null : h.hostInterface().function(h.name(), o.encoding());
            if (def == null) {
                throw new LinkException(List.of("missing host function " + h.name()));
            }
            if (!def.params().equals(abi.coreParams()) || !def.results().equals(abi.coreResults())) {
                throw new LinkException(List.of("host function " + def.qualifiedName() + " has core type "
                        + def.signature() + ", but the component lowers it as "
                        + HostFunctionDef.signature(abi.coreParams(), abi.coreResults())));
            }
            return CoreFunc.host(traced(def, h.hostInterface(), h.name()), context, state.guard());
        }
        LiftedFunc lifted = (LiftedFunc) f;
        CoreFunction call = new FusedCall(lifted, abi, o.encoding());
        if (tracer != null) {
            Named named = liftedNames.getOrDefault(lifted, new Named(null, "lowered function " + l.func()));
            CallTracer.Probe probe = tracer.probe(new CallSite(CallKind.CROSS_COMPONENT, named.interfaceName(),
                    named.function(), path, liftedPaths.getOrDefault(lifted, "/")));
            if (probe != null) {
                call = TracedCalls.wrap(call, probe, abi.coreParams(), abi.coreResults());
                state.tracedCallSite();
            }
        }
        return CoreFunc.host(new HostFunctionDef("component", "lowered function " + l.func(), abi.coreParams(),
                abi.coreResults(), call), context, state.guard());
    }

    /** The host function {@code def} of {@code iface}, wrapped if calls of it are traced. */
    private HostFunctionDef traced(HostFunctionDef def, HostInterface iface, String function) {
        if (tracer == null) {
            return def;
        }
        String interfaceName = iface.name().equals(HostInterfaces.ROOT) ? null : iface.name();
        CallTracer.Probe probe = tracer.probe(new CallSite(CallKind.IMPORT, interfaceName, function, path, null));
        if (probe == null) {
            return def;
        }
        state.tracedCallSite();
        return TracedCalls.wrap(def, probe);
    }

    private CoreMemory memory(Scope scope, CanonOptions o, int at) {
        return o.memory() < 0 ? null : scope.memory(o.memory(), at);
    }

    private CoreFunc realloc(Scope scope, CanonOptions o, int at) {
        if (o.realloc() < 0) {
            return null;
        }
        CoreFunc f = scope.coreFunc(o.realloc(), at);
        List<CoreType> four = List.of(CoreType.I32, CoreType.I32, CoreType.I32, CoreType.I32);
        if (!f.hasSignature(four, I32)) {
            throw new ComponentFormatException(at, "realloc " + f + " must have type (param i32 i32 i32 i32) (result i32)");
        }
        return f;
    }

    private ResourceKind resource(Scope scope, int index, int at) {
        ResolvedType t = scope.type(index, at);
        if (t instanceof ResourceTypeValue r) {
            return r.resource();
        }
        throw new ComponentFormatException(at, "type " + index + " is not a resource type");
    }

    /** The instance's one resource table, which generated host bindings find as an attachment too. */
    private ResourceTable resources() {
        ResourceTable table = state.attachment(ResourceTable.class);
        if (table == null) {
            table = new ResourceTable();
            state.putAttachment(ResourceTable.class, table);
        }
        return table;
    }

    private CoreFunc resourceNew(Scope scope, Definition.ResourceNew r) {
        ResourceKind kind = guestResource(scope, r.type(), r.offset(), "resource.new");
        return canonFunction("resource.new", List.of(CoreType.I32), (ctx, a) ->
                new long[] {resources().addOwn(kind.key(), (int) a[0])});
    }

    private CoreFunc resourceRep(Scope scope, Definition.ResourceRep r) {
        ResourceKind kind = guestResource(scope, r.type(), r.offset(), "resource.rep");
        return canonFunction("resource.rep", List.of(CoreType.I32), (ctx, a) ->
                new long[] {resources().<Integer>get((int) a[0], kind.key())});
    }

    private CoreFunc resourceDrop(Scope scope, Definition.ResourceDrop r) {
        ResourceKind kind = resource(scope, r.type(), r.offset());
        if (kind.isGuestDefined()) {
            return canonFunction("resource.drop", List.of(), (ctx, a) -> {
                resources().drop((int) a[0], kind.key());
                return null;
            });
        }
        String name = "[resource-drop]" + kind.name();
        HostFunctionDef def = kind.hostInterface() == null ? null : kind.hostInterface().function(name, StringEncoding.UTF8);
        if (def == null) {
            throw new LinkException(List.of("host interface " + kind.hostInterface().name() + " lacks " + name));
        }
        return CoreFunc.host(traced(def, kind.hostInterface(), name), new CanonContext(null, null, state, name),
                state.guard());
    }

    private ResourceKind guestResource(Scope scope, int index, int at, String what) {
        ResourceKind kind = resource(scope, index, at);
        if (!kind.isGuestDefined()) {
            throw new ComponentFormatException(at, what + " needs a resource type defined by this component, not the"
                    + " imported " + kind.name());
        }
        return kind;
    }

    private CoreFunc canonFunction(String name, List<CoreType> results, dev.wasiotel.wit.runtime.CoreFunction body) {
        return CoreFunc.host(new HostFunctionDef("canon", name, I32, results, body),
                new CanonContext(null, null, state, name), state.guard());
    }

}
