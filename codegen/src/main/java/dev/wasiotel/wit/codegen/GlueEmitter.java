package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.abi.CallPlan;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.lang.model.element.Modifier;

/**
 * Writes the glue between generated Java and a guest, from each function's {@link FunctionAbi}:
 * {@code <Interface>Host} turns the host's implementation of an imported interface into the core
 * functions the guest imports (lift the arguments, call, lower the result), and {@code
 * <Interface>Guest} calls the functions of an exported interface (lower the arguments, call, lift
 * the result, post-return). The value code itself is in {@code <World>Canon} ({@link CanonEmitter}).
 */
final class GlueEmitter {
    private static final String RT = TypeMapper.RUNTIME_PACKAGE;
    private static final ClassName HOST_FUNCTION_DEF = ClassName.get(RT, "HostFunctionDef");
    private static final ClassName GUEST_CONTEXT = ClassName.get(RT, "GuestContext");
    private static final ClassName GUEST_INSTANCE = ClassName.get(RT, "GuestInstance");
    private static final ClassName GUEST_RESOURCE = ClassName.get(RT, "GuestResource");
    private static final ClassName EXPORTED_RESOURCES = ClassName.get(RT, "ExportedResources");
    private static final ClassName STRING_ENCODING = ClassName.get(TypeMapper.ABI_PACKAGE, "StringEncoding");
    private static final ClassName PER_INSTANCE = ClassName.get(RT, "PerInstance");
    private static final ClassName CORE_TYPE = ClassName.get(TypeMapper.ABI_PACKAGE, "CoreType");
    private static final TypeName LONGS = ArrayTypeName.of(TypeName.LONG);
    /** The call scope is closed even when no value of the call needs it, hence "try" is silenced. */
    private static final com.palantir.javapoet.AnnotationSpec SUPPRESS_TRY = com.palantir.javapoet.AnnotationSpec
            .builder(SuppressWarnings.class).addMember("value", "$S", "try").build();

    private final BindingModel model;
    private final CanonEmitter canon;
    /** The call protocol: each function's {@link CallPlan} as statements. */
    private final CallEmitter calls;
    /** The host classes made, with the Java interface each serves: what the world's linker combines. */
    private final List<WorldLinkerEmitter.Host> hosts = new ArrayList<>();
    /** The guest classes whose {@code resourceFunctions()} the guest imports for resources it implements. */
    private final List<ClassName> exportedResourceHosts = new ArrayList<>();

    GlueEmitter(BindingModel model, CanonEmitter canon) {
        this.model = model;
        this.canon = canon;
        this.calls = new CallEmitter(canon);
    }

    /** The glue files of the world: hosts of imports, callers of exports. */
    List<JavaFile> emit() {
        Map<Integer, List<String>> importNames = namesPerInterface(model.scope().world().imports());
        oneNamePerInterface(model.scope().world().exports(), "export");
        namedTypeCodecs();
        List<JavaFile> out = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : importNames.entrySet()) {
            Interface iface = model.resolve().interfaces().get(e.getKey());
            if (!iface.functions().isEmpty() || hasResources(iface)) {
                out.add(host(e.getKey(), e.getValue()));
            }
        }
        List<Function> worldImports = model.scope().importedFunctions();
        if (!worldImports.isEmpty()) {
            out.add(worldHost(worldImports));
        }
        for (Map.Entry<WorldKey, WorldItem> e : model.scope().world().exports().entrySet()) {
            if (e.getValue() instanceof WorldItem.InterfaceItem item) {
                Interface iface = model.resolve().interfaces().get(item.interfaceId());
                if (!iface.functions().isEmpty() || hasResources(iface)) {
                    out.addAll(guest(item.interfaceId(), model.resolve().keyName(e.getKey())));
                }
            }
        }
        List<Function> worldExports = model.scope().exportedFunctions();
        if (!worldExports.isEmpty()) {
            out.add(worldGuest(worldExports));
        }
        if (!hosts.isEmpty() || !exportedResourceHosts.isEmpty()) {
            out.add(new WorldLinkerEmitter(model).emit(hosts, exportedResourceHosts));
        }
        return out;
    }

    /**
     * The names each imported interface is imported under, in the world's order: its own name, or
     * plain names ({@code import primary: store; import backup: store;}, WIT's {@code implements}).
     * An interface with resources is refused under two names: each name would have resource types
     * of its own, and a handle of one must not be accepted by the other.
     */
    private Map<Integer, List<String>> namesPerInterface(Map<WorldKey, WorldItem> imports) {
        Map<Integer, List<String>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<WorldKey, WorldItem> e : imports.entrySet()) {
            if (e.getValue() instanceof WorldItem.InterfaceItem item) {
                List<String> names = out.computeIfAbsent(item.interfaceId(), k -> new ArrayList<>());
                String key = model.resolve().keyName(e.getKey());
                if (!names.isEmpty() && hasResources(model.resolve().interfaces().get(item.interfaceId()))) {
                    throw TypeMapper.unsupported("`import " + key + "`", new WitSite("world " + model.worldWitName(),
                            model.scope().world().span()), "interface " + model.interfaceWitName(item.interfaceId())
                            + " has resources and is already imported as `" + names.get(0) + "`; an interface with"
                            + " resources is imported under one name");
                }
                names.add(key);
            }
        }
        return out;
    }

    /**
     * Refuses an interface exported under two names ({@code export primary: store; export backup:
     * store;}, WIT's {@code implements}): its guest class calls one export name. One name, plain or
     * the interface's own, is fine.
     */
    private void oneNamePerInterface(Map<WorldKey, WorldItem> items, String word) {
        Map<Integer, String> first = new java.util.HashMap<>();
        for (Map.Entry<WorldKey, WorldItem> e : items.entrySet()) {
            if (e.getValue() instanceof WorldItem.InterfaceItem item) {
                String key = model.resolve().keyName(e.getKey());
                String before = first.putIfAbsent(item.interfaceId(), key);
                if (before != null) {
                    throw TypeMapper.unsupported("`" + word + " " + key + "`", new WitSite("world "
                            + model.worldWitName(), model.scope().world().span()), "interface "
                            + model.interfaceWitName(item.interfaceId()) + " is already " + word + "ed as `" + before
                            + "`; bindings " + word + " an interface under one name");
                }
            }
        }
    }

    /** Every named value type of the world gets a complete codec in Canon, for hosts that move values themselves. */
    private void namedTypeCodecs() {
        List<Integer> types = new ArrayList<>(model.scope().worldTypes());
        for (WorldScope.InterfaceUse use : model.scope().interfaces()) {
            types.addAll(model.resolve().interfaces().get(use.interfaceId()).types().values());
        }
        for (int id : types) {
            TypeDefKind kind = model.resolve().types().get(id).kind();
            if (kind instanceof TypeDefKind.Record || kind instanceof TypeDefKind.Variant
                    || kind instanceof TypeDefKind.Enum || kind instanceof TypeDefKind.Flags) {
                Type t = new Type.Ref(id);
                canon.load(t, CodeBlock.of("0"));
                canon.store(t, CodeBlock.of("0"), CodeBlock.of("v"));
            }
        }
    }

    private boolean hasResources(Interface iface) {
        for (int id : iface.types().values()) {
            if (model.resolve().types().get(id).kind() instanceof TypeDefKind.Resource) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ imports: the host side

    private JavaFile host(int interfaceId, List<String> modules) {
        Interface iface = model.resolve().interfaces().get(interfaceId);
        ClassName api = model.symbols().interfaceClass(interfaceId);
        ClassName name = ClassName.get(api.packageName(), api.simpleName() + "Host");
        List<HostFn> fns = new ArrayList<>();
        for (Function f : iface.functions().values()) {
            fns.add(new HostFn(f, model.symbols().methodName(interfaceId, f)));
        }
        List<Integer> resources = new ArrayList<>();
        for (int id : iface.types().values()) {
            if (model.resolve().types().get(id).kind() instanceof TypeDefKind.Resource) {
                resources.add(id);
            }
        }
        return hostFile(name, api, modules, model.interfaceWitName(interfaceId), fns, resources);
    }

    private JavaFile worldHost(List<Function> functions) {
        ClassName api = model.symbols().worldImportsClass();
        ClassName name = ClassName.get(api.packageName(), api.simpleName() + "Host");
        List<HostFn> fns = new ArrayList<>();
        for (Function f : functions) {
            fns.add(new HostFn(f, model.symbols().worldMethodName(false, f)));
        }
        List<Integer> resources = new ArrayList<>();
        for (int id : model.scope().worldTypes()) {
            if (model.resolve().types().get(id).kind() instanceof TypeDefKind.Resource) {
                resources.add(id);
            }
        }
        return hostFile(name, api, List.of("$root"), model.worldWitName(), fns, resources);
    }

    private record HostFn(Function function, String javaName) {
    }

    /**
     * The host class of an interface: under one import name, {@code functions(impl, encoding)};
     * under several (WIT's {@code implements}), {@code functions(importName, impl, encoding)}, called
     * once per name with an implementation each.
     */
    private JavaFile hostFile(ClassName name, ClassName api, List<String> modules, String witName, List<HostFn> fns,
            List<Integer> resources) {
        boolean named = modules.size() > 1;
        if (named) {
            for (String module : modules) {
                hosts.add(new WorldLinkerEmitter.Host(name, api, module, true));
            }
        } else {
            hosts.add(new WorldLinkerEmitter.Host(name, api, modules.get(0), false));
        }
        // a CodeBlock: the literal module name, or the parameter that carries it
        CodeBlock module = named ? CodeBlock.of("importName") : CodeBlock.of("$S", modules.get(0));
        String imported = named ? "under each of the names {@code " + String.join("}, {@code ", modules) + "}"
                : "as {@code " + modules.get(0) + "}";
        TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The core functions a guest imports $L, served by a host implementation of"
                        + " {@link $T}.\n", imported, api)
                .addAnnotation(GeneratedMarker.of(witName, model.scope().world().span()))
                .addField(FieldSpec.builder(LONGS, "NONE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("new long[0]").build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        TypeName perInstanceType = perInstance(api);
        MethodSpec.Builder shared = MethodSpec.methodBuilder("functions")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), HOST_FUNCTION_DEF));
        MethodSpec.Builder functions = MethodSpec.methodBuilder("functionsPerInstance")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), HOST_FUNCTION_DEF));
        String importNameDoc = "@param importName the import's name: {@code " + String.join("} or {@code ", modules)
                + "}\n";
        if (named) {
            shared.addJavadoc("The host functions to link into a guest for one of the names the interface is"
                    + " imported under, served by one implementation for every instance.\n\n$L", importNameDoc)
                    .addParameter(String.class, "importName");
            functions.addJavadoc("The host functions to link into a guest for one of the names the interface is"
                    + " imported under, each call served by the calling instance's implementation.\n\n$L",
                    importNameDoc).addParameter(String.class, "importName");
        } else {
            shared.addJavadoc("The host functions to link into a guest, served by one implementation for every"
                    + " instance.\n\n");
            functions.addJavadoc("The host functions to link into a guest, each call served by the calling"
                    + " instance's implementation.\n\n");
        }
        shared.addJavadoc("@param impl the host's implementation\n"
                        + "@param encoding the guest's string encoding\n@return one definition per core import\n")
                .addParameter(api, "impl").addParameter(STRING_ENCODING, "encoding")
                .addStatement(named ? "return functionsPerInstance(importName, $T.shared(impl), encoding)"
                        : "return functionsPerInstance($T.shared(impl), encoding)", PER_INSTANCE);
        functions.addJavadoc("@param perInstance the host's implementation for the calling instance, asked on every"
                        + " call\n@param encoding the guest's string encoding\n@return one definition per core import\n")
                .addParameter(perInstanceType, "perInstance").addParameter(STRING_ENCODING, "encoding")
                .addStatement("$T<$T> defs = new $T<>()", List.class, HOST_FUNCTION_DEF, ArrayList.class);
        NameScope names = new NameScope("functions", "functionsPerInstance", "NONE");
        // handles of the interface's own resources leave their owner implied (several names: no resources)
        AbiTypeCode typeCode = new AbiTypeCode(named ? witName : modules.get(0));
        for (HostFn fn : fns) {
            CallPlan plan = CallPlan.forImport(canon.abiTypes().params(fn.function()), canon.abiTypes().result(fn.function()));
            FunctionAbi abi = plan.abi();
            String kebab = fn.function().name().replaceAll("[\\[\\]]", "-").replace('.', '-').replaceAll("^-+|-+$", "");
            String body = names.claim(JavaNames.lowerCamel(kebab));
            String witType = names.claim(body + "Type");
            List<String> paramNames = fn.function().params().stream().map(Function.Param::name).toList();
            // a method, not a static field: the initializers of an interface with many functions
            // would overflow the class initializer's 64 KB
            type.addMethod(MethodSpec.methodBuilder(witType).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(AbiTypeCode.WIT_FUNCTION_TYPE)
                    .addJavadoc("The WIT type of {@code $L}: a component importing it with another type is refused.\n",
                            fn.function().name())
                    .addStatement("return $L", typeCode.function(paramNames, abi.params(), abi.result())).build());
            functions.addStatement("defs.add(new $T($L, $S, $L, $L,\n(guest, a) -> $N(perInstance.forInstance(guest),"
                    + " encoding, guest, a), $N()))",
                    HOST_FUNCTION_DEF, module, fn.function().name(), coreTypes(abi.coreParams()),
                    coreTypes(abi.coreResults()), body, witType);
            type.addMethod(hostBody(body, api, fn, plan));
        }
        for (int resource : resources) {
            String rname = model.resolve().types().get(resource).name().orElse("resource");
            String body = names.claim("drop" + JavaNames.upperCamel(rname));
            functions.addStatement("defs.add(new $T($L, $S, $T.of($T.I32), $T.of(), (guest, a) -> $N(encoding, guest, a)))",
                    HOST_FUNCTION_DEF, module, "[resource-drop]" + rname, List.class, CORE_TYPE, List.class, body);
            type.addMethod(MethodSpec.methodBuilder(body).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addJavadoc("{@code [resource-drop]$L}: the guest drops its handle.\n", rname)
                    .addAnnotation(SUPPRESS_TRY)
                    .returns(LONGS).addParameter(STRING_ENCODING, "encoding").addParameter(GUEST_CONTEXT, "guest")
                    .addParameter(LONGS, "a")
                    .beginControlFlow("try ($T cx = $T.of(guest, encoding))", CanonEmitter.CALL_CONTEXT,
                            CanonEmitter.CALL_CONTEXT)
                    .addStatement("cx.drop((int) a[0], $L)", canon.resourceType(resource))
                    .endControlFlow().addStatement("return NONE").build());
        }
        functions.addStatement("return $T.copyOf(defs)", List.class);
        type.addMethod(shared.build()).addMethod(functions.build());
        return ContainerEmitter.file(name.packageName(), type.build());
    }

    /** {@code PerInstance<? extends Api>}: an implementation of {@code api} for the calling instance. */
    private static TypeName perInstance(ClassName api) {
        return ParameterizedTypeName.get(PER_INSTANCE, com.palantir.javapoet.WildcardTypeName.subtypeOf(api));
    }

    private MethodSpec hostBody(String name, ClassName api, HostFn fn, CallPlan plan) {
        Function f = fn.function();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addAnnotation(SUPPRESS_TRY)
                .addJavadoc("{@code $L}: lifts the arguments, calls the host, lowers the result.\n", f.name())
                .returns(LONGS).addParameter(api, "impl").addParameter(STRING_ENCODING, "encoding")
                .addParameter(GUEST_CONTEXT, "guest").addParameter(LONGS, "a");
        m.beginControlFlow("try ($T cx = $T.of(guest, encoding))", CanonEmitter.CALL_CONTEXT, CanonEmitter.CALL_CONTEXT);
        NameScope locals = new NameScope("cx", "a", "impl", "encoding", "guest", "result", "ret", "out", "p");
        calls.importBody(m, f, plan, locals, fn.javaName(), args -> f.kind() instanceof FunctionKind.Method
                ? CodeBlock.of("$L.$N($L)", args.get(0), fn.javaName(), CodeBlock.join(args.subList(1, args.size()), ", "))
                : CodeBlock.of("impl.$N($L)", fn.javaName(), CodeBlock.join(args, ", ")));
        m.endControlFlow();
        return m.build();
    }

    // ------------------------------------------------------------------ exports: the guest side

    /** {@code <Interface>Guest}, and one class per resource the guest implements. */
    private List<JavaFile> guest(int interfaceId, String exportKey) {
        Interface iface = model.resolve().interfaces().get(interfaceId);
        ClassName api = model.symbols().interfaceClass(interfaceId);
        ClassName name = ClassName.get(api.packageName(), api.simpleName() + "Guest");
        List<JavaFile> out = new ArrayList<>();
        List<Function> callable = new ArrayList<>();
        boolean complete = true;
        for (Function f : iface.functions().values()) {
            OptionalInt resource = resourceOf(f);
            if (resource.isEmpty()) {
                callable.add(f);
            } else if (!model.guestImplemented(resource.getAsInt())) {
                // The interface is imported too: its resources are the host's, and the guest's are not bound.
                complete = false;
            } else if (!(f.kind() instanceof FunctionKind.Method)) {
                callable.add(f);
            }
        }
        TypeSpec.Builder type = guestType(name, api, complete, model.interfaceWitName(interfaceId));
        for (Function f : callable) {
            type.addMethod(guestMethod(f, model.symbols().methodName(interfaceId, f), exportKey + "#" + f.name(),
                    complete).build());
        }
        List<Integer> resources = new ArrayList<>();
        for (int id : iface.types().values()) {
            if (model.resolve().types().get(id).kind() instanceof TypeDefKind.Resource && model.guestImplemented(id)) {
                resources.add(id);
                out.add(guestResource(interfaceId, id, exportKey));
            }
        }
        if (!resources.isEmpty()) {
            type.addMethod(resourceFunctions(resources, exportKey));
            exportedResourceHosts.add(name);
        }
        if (!callable.isEmpty() || !resources.isEmpty()) {
            out.add(0, ContainerEmitter.file(name.packageName(), type.build()));
        }
        return out;
    }

    private JavaFile worldGuest(List<Function> functions) {
        ClassName api = model.symbols().worldExportsClass();
        ClassName name = ClassName.get(api.packageName(), api.simpleName() + "Guest");
        TypeSpec.Builder type = guestType(name, api, true, model.worldWitName());
        for (Function f : functions) {
            type.addMethod(guestMethod(f, model.symbols().worldMethodName(true, f), f.name(), true).build());
        }
        return ContainerEmitter.file(name.packageName(), type.build());
    }

    /** The resource a constructor, method or static function belongs to. */
    private static OptionalInt resourceOf(Function f) {
        if (f.kind() instanceof FunctionKind.Method m) {
            return OptionalInt.of(m.resource());
        }
        if (f.kind() instanceof FunctionKind.Constructor c) {
            return OptionalInt.of(c.resource());
        }
        if (f.kind() instanceof FunctionKind.Static st) {
            return OptionalInt.of(st.resource());
        }
        return OptionalInt.empty();
    }

    /**
     * The class of a resource the guest implements: a {@code GuestResource} whose methods call the
     * guest's {@code [method]} exports with the representation as {@code self}.
     */
    private JavaFile guestResource(int interfaceId, int resourceId, String exportKey) {
        TypeDef def = model.resolve().types().get(resourceId);
        String rname = def.name().orElse("resource");
        ClassName name = model.symbols().typeClass(resourceId);
        TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(GUEST_RESOURCE)
                .addJavadoc(Javadocs.block(def.docs(), "WIT resource {@code " + rname + "}, implemented by the guest:"
                        + " its methods call the guest. {@link #close()} runs the guest's destructor for an owned"
                        + " handle."))
                .addAnnotation(GeneratedMarker.of(model.typeWitName(resourceId), def.span()))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addJavadoc("Wraps the guest's representation; generated code calls this when the guest"
                                + " passes the resource to the host.\n\n@param instance the guest instance that"
                                + " implements it\n@param encoding its string encoding\n@param rep the guest's"
                                + " representation\n@param owned whether the host owns the handle\n")
                        .addParameter(GUEST_INSTANCE, "instance").addParameter(STRING_ENCODING, "encoding")
                        .addParameter(TypeName.INT, "rep").addParameter(TypeName.BOOLEAN, "owned")
                        .addStatement("super(instance, encoding, $L, $S, rep, owned)", canon.resourceType(resourceId),
                                exportKey + "#[dtor]" + rname)
                        .build());
        for (Function f : model.resolve().interfaces().get(interfaceId).functions().values()) {
            if (f.kind() instanceof FunctionKind.Method m && m.resource() == resourceId) {
                type.addMethod(guestMethod(f, model.symbols().methodName(interfaceId, f), exportKey + "#" + f.name(),
                        false).build());
            }
        }
        return ContainerEmitter.file(name.packageName(), type.build());
    }

    /** {@code resourceFunctions()}: the core functions the guest imports from {@code [export]<interface>}. */
    private MethodSpec resourceFunctions(List<Integer> resources, String exportKey) {
        String module = "[export]" + exportKey;
        MethodSpec.Builder m = MethodSpec.methodBuilder("resourceFunctions").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("The core functions the guest imports from {@code $L} to manage the resources it"
                        + " implements: {@code [resource-new]}, {@code [resource-rep]} and {@code [resource-drop]}.\n\n"
                        + "@return one definition per core import\n", module)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), HOST_FUNCTION_DEF))
                .addStatement("$T<$T> defs = new $T<>()", List.class, HOST_FUNCTION_DEF, ArrayList.class);
        CodeBlock i32 = CodeBlock.of("$T.of($T.I32)", List.class, CORE_TYPE);
        for (int resource : resources) {
            String rname = model.resolve().types().get(resource).name().orElse("resource");
            CodeBlock rt = canon.resourceType(resource);
            m.addStatement("defs.add(new $T($S, $S, $L, $L, (guest, a) -> new long[] {$T.newHandle(guest, $L, (int) a[0])"
                    + " & 0xffffffffL}))", HOST_FUNCTION_DEF, module, "[resource-new]" + rname, i32, i32,
                    EXPORTED_RESOURCES, rt);
            m.addStatement("defs.add(new $T($S, $S, $L, $L, (guest, a) -> new long[] {$T.rep(guest, $L, (int) a[0])"
                    + " & 0xffffffffL}))", HOST_FUNCTION_DEF, module, "[resource-rep]" + rname, i32, i32,
                    EXPORTED_RESOURCES, rt);
            m.addStatement("defs.add(new $T($S, $S, $L, $T.of(), (guest, a) -> {\n$>$T.drop(guest, $L, (int) a[0], $S);\n"
                    + "return new long[0];\n$<}))", HOST_FUNCTION_DEF, module, "[resource-drop]" + rname, i32,
                    List.class, EXPORTED_RESOURCES, rt, exportKey + "#[dtor]" + rname);
        }
        return m.addStatement("return $T.copyOf(defs)", List.class).build();
    }

    private TypeSpec.Builder guestType(ClassName name, ClassName api, boolean complete, String witName) {
        TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Calls the functions a guest exports as {@code $L}.$L\n", witName,
                        complete ? "" : " The interface is imported too, so its resources are the host's; the"
                                + " guest's own constructors, methods and static functions are not bound.")
                .addAnnotation(GeneratedMarker.of(witName, model.scope().world().span()))
                .addField(GUEST_INSTANCE, "instance", Modifier.PRIVATE, Modifier.FINAL)
                .addField(STRING_ENCODING, "encoding", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addJavadoc("@param instance the guest\n@param encoding its string encoding\n")
                        .addParameter(GUEST_INSTANCE, "instance").addParameter(STRING_ENCODING, "encoding")
                        .addStatement("this.instance = instance").addStatement("this.encoding = encoding").build());
        if (complete) {
            type.addSuperinterface(api);
        }
        return type;
    }

    /**
     * A method calling export {@code exportName}. In a resource's class ({@code [method]}), {@code
     * self} is {@code this} and the instance and encoding come from {@code GuestResource}.
     */
    private MethodSpec.Builder guestMethod(Function f, String javaName, String exportName, boolean override) {
        boolean isMethod = f.kind() instanceof FunctionKind.Method;
        CallPlan plan = CallPlan.forExport(canon.abiTypes().params(f), canon.abiTypes().result(f));
        MethodSpec.Builder m = MethodSpec.methodBuilder(javaName).addModifiers(Modifier.PUBLIC)
                .addAnnotation(SUPPRESS_TRY)
                .addJavadoc(Javadocs.block(f.docs(), "Calls the guest's {@code " + exportName + "}."));
        if (override) {
            m.addAnnotation(Override.class);
        }
        // Parameter names may differ from the interface's: the glue's own locals keep theirs.
        NameScope scope = new NameScope("call", "cx", "a", "out", "p", "ret", "result", "instance", "encoding",
                "failure");
        List<CodeBlock> values = new ArrayList<>();
        if (isMethod) {
            values.add(CodeBlock.of("this"));
        }
        List<Function.Param> javaParams = JavaSymbols.javaParams(f);
        List<String> javaNames = model.symbols().paramNames(f);
        for (int i = 0; i < javaParams.size(); i++) {
            String n = scope.claim(javaNames.get(i));
            m.addParameter(canon.javaType(javaParams.get(i).type()), n);
            values.add(CodeBlock.of("$N", n));
        }
        m.returns(f.result().isPresent() ? canon.javaType(f.result().get()) : TypeName.VOID);
        if (isMethod) {
            m.addStatement("$T instance = instance()", GUEST_INSTANCE).addStatement("$T encoding = encoding()",
                    STRING_ENCODING);
        }
        // The instance is held for the whole sequence (lower, call, lift, post-return): another
        // thread's call in between would reuse guest memory this one is still using. A traced
        // export's span is the sequence: it learns of a failure in any step, lifting included.
        m.addStatement("$T.Call call = instance.beginCall($S)", GUEST_INSTANCE, exportName);
        m.beginControlFlow("try ($T cx = $T.of(instance.context(call), encoding))", CanonEmitter.CALL_CONTEXT,
                CanonEmitter.CALL_CONTEXT);
        calls.exportBody(m, f, plan, values, exportName);
        m.nextControlFlow("catch ($T | $T failure)", RuntimeException.class, Error.class);
        m.addStatement("call.failed(failure)");
        m.addStatement("throw failure");
        m.nextControlFlow("finally");
        m.addStatement("call.close()");
        m.endControlFlow();
        return m;
    }

    // ------------------------------------------------------------------ helpers

    private static CodeBlock coreTypes(List<CoreType> types) {
        List<CodeBlock> items = new ArrayList<>();
        for (CoreType t : types) {
            items.add(CodeBlock.of("$T.$L", CORE_TYPE, t.name()));
        }
        return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(items, ", "));
    }
}
