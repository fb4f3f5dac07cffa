package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.plan.FlatPlan;
import dev.wasiotel.wit.abi.plan.MemoryPlan;
import dev.wasiotel.wit.abi.plan.Plans;
import dev.wasiotel.wit.abi.plan.Shape;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <World>Canon}: the canonical-ABI code of a world, one static method per type and
 * direction ({@code load}/{@code store} in memory, {@code liftFlat}/{@code lowerFlat} in core
 * values), generated on demand. The canonical ABI is decided by each type's lift/lower plan
 * ({@link Plans}: {@link MemoryPlan} for memory, {@link FlatPlan} for flat values), the same plan
 * the dynamic path interprets: every size, offset, discriminant width, flat position, check and
 * bound comes from it. This class translates plan nodes into Java, one case per node; the parser's
 * {@link Type} only names the Java types ({@link TypeMapper}). Leaves (primitives and strings) are
 * inlined. Loads assume the caller checked the whole value's bounds (spilled arguments, return
 * areas and list data are checked where they enter), so reads inside a value need no checks.
 */
final class CanonEmitter {
    private static final String RT = TypeMapper.RUNTIME_PACKAGE;
    static final ClassName CALL_CONTEXT = ClassName.get(RT, "CallContext");
    private static final ClassName STRINGS = ClassName.get(RT, "Strings");
    private static final ClassName ARRAYS = ClassName.get(RT, "Arrays");
    private static final ClassName BOUNDS = ClassName.get(RT, "Bounds");
    private static final ClassName WIT_TRAP = ClassName.get(RT, "WitTrap");
    private static final ClassName RESOURCE_TYPE = ClassName.get(RT, "ResourceType");
    private static final ClassName CANON = ClassName.get(RT + ".abi", "Canon");
    private static final ClassName UNIT = TypeMapper.UNIT;
    private static final ClassName RESULT = TypeMapper.RESULT;

    private final BindingModel model;
    private final AbiTypes abi;
    private final ClassName className;
    private final TypeSpec.Builder type;
    private final Map<String, String> methods = new HashMap<>();
    private final Map<String, String> constants = new HashMap<>();
    private final NameScope names = new NameScope();
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final WitSite site;

    CanonEmitter(BindingModel model) {
        this.model = model;
        this.abi = new AbiTypes(model.resolve());
        String worldName = JavaNames.upperCamel(model.scope().world().name());
        this.className = ClassName.get(model.symbols().worldPackage(), worldName + "Canon");
        this.type = TypeSpec.classBuilder(className).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Canonical ABI lifting and lowering for world {@code $L}, generated from the ABI model.\n"
                        + "Used by the generated host and guest glue; not meant to be called directly.\n",
                        model.worldWitName())
                .addAnnotation(GeneratedMarker.of(model.worldWitName(), model.scope().world().span()))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        this.site = new WitSite("world " + model.worldWitName(), model.scope().world().span());
    }

    /** The class the methods are in. */
    ClassName className() {
        return className;
    }

    /** Whether nothing was asked of this class (a world without functions needs none). */
    boolean isEmpty() {
        return methods.isEmpty() && constants.isEmpty();
    }

    /** The finished class (generates whatever is still pending). */
    TypeSpec build() {
        while (!pending.isEmpty()) {
            pending.removeFirst().run();
        }
        return type.build();
    }

    /** The ABI types of this world's WIT types. */
    AbiTypes abiTypes() {
        return abi;
    }

    /** The ABI model of a WIT type. */
    AbiType abi(Type t) {
        return abi.of(t);
    }

    /** The Java type of a WIT type. */
    TypeName javaType(Type t) {
        return model.types().javaType(t, site);
    }

    // ------------------------------------------------------------------ expressions for callers

    /** An expression reading a value of {@code t} at address {@code addr} (an int expression). */
    CodeBlock load(Type t, CodeBlock addr) {
        Type d = model.resolve().dealias(t);
        if (d instanceof Type.Primitive) {
            return loadLeaf(memoryPlan(d), addr);
        }
        return CodeBlock.of("$T.$N(cx, $L)", className, method("load", d), addr);
    }

    /** Statements writing {@code value} of {@code t} at address {@code addr}. */
    CodeBlock store(Type t, CodeBlock addr, CodeBlock value) {
        Type d = model.resolve().dealias(t);
        if (d instanceof Type.Primitive) {
            return storeLeaf(memoryPlan(d), addr, value);
        }
        return CodeBlock.of("$T.$N(cx, $L, $L);\n", className, method("store", d), addr, value);
    }

    /** An expression lifting {@code t} from flat values {@code a[index...]}. */
    CodeBlock liftFlat(Type t, CodeBlock index) {
        Type d = model.resolve().dealias(t);
        if (d instanceof Type.Primitive) {
            return liftFlatLeaf(flatPlan(d), index);
        }
        return CodeBlock.of("$T.$N(cx, a, $L)", className, method("liftFlat", d), index);
    }

    /** Statements lowering {@code value} of {@code t} into {@code out[index...]}. */
    CodeBlock lowerFlat(Type t, CodeBlock index, CodeBlock value) {
        Type d = model.resolve().dealias(t);
        if (d instanceof Type.Primitive) {
            return lowerFlatLeaf(flatPlan(d), index, value);
        }
        return CodeBlock.of("$T.$N(cx, out, $L, $L);\n", className, method("lowerFlat", d), index, value);
    }

    /** The constant naming a resource type, for handle tables. */
    CodeBlock resourceType(int resourceTypeId) {
        Type r = model.resolve().dealias(new Type.Ref(resourceTypeId));
        int id = ((Type.Ref) r).id();
        String name = constants.get("resource:" + id);
        if (name == null) {
            TypeDef def = model.resolve().types().get(id);
            String owner = ownerName(def);
            name = names.claim("RESOURCE_" + JavaNames.upperSnake(def.name().orElse("resource")));
            constants.put("resource:" + id, name);
            type.addField(FieldSpec.builder(RESOURCE_TYPE, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("WIT resource {@code $L} of {@code $L}.\n", def.name().orElse(""), owner)
                    .initializer("new $T($S, $S)", RESOURCE_TYPE, owner, def.name().orElse("")).build());
        }
        return CodeBlock.of("$T.$N", className, name);
    }

    private String ownerName(TypeDef def) {
        if (def.owner() instanceof dev.wasiotel.wit.parser.model.TypeOwner.OfInterface i) {
            return model.interfaceWitName(i.id());
        }
        return model.worldWitName();
    }

    // ------------------------------------------------------------------ method bookkeeping

    private String method(String direction, Type t) {
        String key = direction + ":" + structure(t);
        String name = methods.get(key);
        if (name == null) {
            name = names.claim(direction + stem(t));
            methods.put(key, name);
            String finalName = name;
            pending.addLast(() -> type.addMethod(generate(direction, finalName, (Type.Ref) t)));
        }
        return name;
    }

    /**
     * What makes two types generate the same code: named types are themselves, aliases are what they
     * name, and anonymous types are their structure (so each interface's {@code use} of a type does
     * not yield another copy of {@code list<key-value>}).
     */
    private String structure(Type t) {
        Type d = model.resolve().dealias(t);
        if (d instanceof Type.Primitive p) {
            return p.witName();
        }
        TypeDef def = model.resolve().type((Type.Ref) d);
        if (def.name().isPresent()) {
            return "#" + ((Type.Ref) d).id();
        }
        TypeDefKind k = def.kind();
        if (k instanceof TypeDefKind.Handle h) {
            return (h.borrow() ? "borrow<" : "own<") + structure(new Type.Ref(h.resource())) + ">";
        }
        StringBuilder sb = new StringBuilder(k.getClass().getSimpleName()).append('<');
        for (Type inner : k.references()) {
            sb.append(structure(inner)).append(',');
        }
        if (k instanceof TypeDefKind.FixedList fl) {
            sb.append(fl.size());
        }
        if (k instanceof TypeDefKind.Result r) {
            sb.append(r.ok().isPresent() ? "ok" : "").append(r.err().isPresent() ? "err" : "");
        }
        return sb.append('>').toString();
    }

    /** A readable name for a type: its WIT name, or its structure for anonymous types. */
    private String stem(Type t) {
        Type d = model.resolve().dealias(t);
        if (d instanceof Type.Primitive p) {
            return JavaNames.upperCamel(p.witName());
        }
        TypeDef def = model.resolve().type((Type.Ref) d);
        if (def.name().isPresent()) {
            return JavaNames.upperCamel(def.name().get());
        }
        TypeDefKind k = def.kind();
        if (k instanceof TypeDefKind.ListOf l) {
            return "ListOf" + stem(l.element());
        }
        if (k instanceof TypeDefKind.FixedList l) {
            return "ArrayOf" + stem(l.element());
        }
        if (k instanceof TypeDefKind.Option o) {
            return "OptionOf" + stem(o.type());
        }
        if (k instanceof TypeDefKind.Result r) {
            return "ResultOf" + r.ok().map(this::stem).orElse("Unit") + r.err().map(this::stem).orElse("Unit");
        }
        if (k instanceof TypeDefKind.Tuple tu && tu.types().isEmpty()) {
            return "Unit";
        }
        if (k instanceof TypeDefKind.Tuple tu) {
            StringBuilder sb = new StringBuilder("TupleOf");
            tu.types().forEach(e -> sb.append(stem(e)));
            return sb.toString();
        }
        if (k instanceof TypeDefKind.MapOf m) {
            return "MapOf" + stem(m.key()) + stem(m.value());
        }
        if (k instanceof TypeDefKind.Handle h) {
            return (h.borrow() ? "Borrow" : "Own") + stem(new Type.Ref(h.resource()));
        }
        return "Type" + ((Type.Ref) d).id();
    }
    private MethodSpec generate(String direction, String name, Type.Ref t) {
        layoutConstants(t);
        TypeName java = javaType(t);
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(CALL_CONTEXT, "cx");
        String wit = describe(t);
        switch (direction) {
            case "load": {
                MemoryPlan p = memoryPlan(t);
                m.addJavadoc("Reads a {@code $L} ($L bytes, $L-aligned) at {@code ptr}.\n", wit, p.size(), p.align());
                m.returns(java).addParameter(TypeName.INT, "ptr");
                m.addCode(loadBody(t, p));
                break;
            }
            case "store":
                m.addJavadoc("Writes a {@code $L} at {@code ptr}.\n", wit);
                m.addParameter(TypeName.INT, "ptr").addParameter(java, "v");
                m.addCode(storeBody(t, memoryPlan(t)));
                break;
            case "liftFlat": {
                FlatPlan p = flatPlan(t);
                m.addJavadoc("Lifts a {@code $L} from flat values {@code a[i..]} ($L of them).\n", wit, p.width());
                m.returns(java).addParameter(ArrayTypeName.of(TypeName.LONG), "a").addParameter(TypeName.INT, "i");
                m.addCode(liftFlatBody(t, p));
                break;
            }
            default:
                m.addJavadoc("Lowers a {@code $L} into flat values {@code out[i..]}.\n", wit);
                m.addParameter(ArrayTypeName.of(TypeName.LONG), "out").addParameter(TypeName.INT, "i")
                        .addParameter(java, "v");
                m.addCode(lowerFlatBody(t, flatPlan(t)));
                break;
        }
        return m.build();
    }

    /**
     * {@code X_SIZE} and {@code X_ALIGN} of a named type, from its plan: what the code assumes,
     * stated once, so a change in the model shows in the generated source.
     */
    private void layoutConstants(Type.Ref t) {
        TypeDef def = model.resolve().type(t);
        if (def.name().isEmpty() || constants.containsKey("layout:" + structure(t))) {
            return;
        }
        MemoryPlan p = memoryPlan(t);
        String base = names.claim(JavaNames.upperSnake(def.name().get()));
        constants.put("layout:" + structure(t), base);
        type.addField(FieldSpec.builder(TypeName.INT, base + "_SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Bytes of a {@code $L} in guest memory.\n", def.name().get())
                .initializer("$L", p.size()).build());
        type.addField(FieldSpec.builder(TypeName.INT, base + "_ALIGN", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Alignment of a {@code $L} in guest memory.\n", def.name().get())
                .initializer("$L", p.align()).build());
    }

    private String describe(Type t) {
        TypeDef def = model.resolve().type((Type.Ref) t);
        return def.name().orElse(stem(t)).replace("*/", "");
    }

    private TypeDefKind kind(Type.Ref t) {
        return model.resolve().type(t).kind();
    }

    private MemoryPlan memoryPlan(Type t) {
        return Plans.memory(abi(t));
    }

    private FlatPlan flatPlan(Type t) {
        return Plans.flat(abi(t));
    }

    /**
     * The WIT types of a type's parts in the order its plan lists them: record fields, tuple
     * elements, a list's element (a map's key and value: the fields of its entry tuple), or each
     * case's payload (null for a case without one). The plan decides the ABI; these only name the
     * Java types.
     */
    private List<Type> parts(Type.Ref t) {
        TypeDefKind k = kind(t);
        List<Type> out = new ArrayList<>();
        if (k instanceof TypeDefKind.Record r) {
            r.fields().forEach(f -> out.add(f.type()));
        } else if (k instanceof TypeDefKind.Tuple tu) {
            out.addAll(tu.types());
        } else if (k instanceof TypeDefKind.ListOf l) {
            out.add(l.element());
        } else if (k instanceof TypeDefKind.FixedList fl) {
            out.add(fl.element());
        } else if (k instanceof TypeDefKind.MapOf m) {
            out.add(m.key());
            out.add(m.value());
        } else if (k instanceof TypeDefKind.Option o) {
            out.add(null);
            out.add(o.type());
        } else if (k instanceof TypeDefKind.Result r) {
            out.add(r.ok().orElse(null));
            out.add(r.err().orElse(null));
        } else if (k instanceof TypeDefKind.Variant v) {
            v.cases().forEach(c -> out.add(c.type().orElse(null)));
        }
        return out;
    }

    /** The Java expressions reading a record's or tuple's fields out of {@code v}. */
    private List<CodeBlock> fieldReads(Type.Ref t, boolean tuple, int count) {
        List<CodeBlock> out = new ArrayList<>();
        List<String> fields = tuple ? List.of() : model.symbols().fieldNames(t.id());
        for (int i = 0; i < count; i++) {
            out.add(tuple ? CodeBlock.of("v.v$L()", i + 1) : CodeBlock.of("v.$N()", fields.get(i)));
        }
        return out;
    }

    // ------------------------------------------------------------------ load: MemoryPlan -> reads

    private CodeBlock loadBody(Type.Ref t, MemoryPlan p) {
        CodeBlock.Builder b = CodeBlock.builder();
        List<Type> parts = parts(t);
        if (p instanceof MemoryPlan.RecordOf r) {
            List<CodeBlock> args = new ArrayList<>();
            for (int i = 0; i < r.fields().size(); i++) {
                args.add(load(parts.get(i), at("ptr", r.offset(i))));
            }
            return b.add(construct(t, r.tuple(), args)).build();
        }
        if (p instanceof MemoryPlan.FlagsOf f) {
            return b.addStatement("return $N($L)", flagsLift(t), readBits(f.size(), "ptr")).build();
        }
        if (p instanceof MemoryPlan.ListOf) {
            return b.addStatement("return $N(cx, cx.memory().readInt(ptr), cx.memory().readInt(ptr + 4))",
                    listLift(t)).build();
        }
        if (p instanceof MemoryPlan.FixedList f) {
            return b.add(fixedList(t, f, parts.get(0))).build();
        }
        if (p instanceof MemoryPlan.HandleOf h) {
            return b.addStatement("return $L", liftHandle(t, h.handle(), CodeBlock.of("cx.memory().readInt(ptr)")))
                    .build();
        }
        if (p instanceof MemoryPlan.VariantOf v) {
            b.addStatement("int d = $L", readBits(v.discriminantSize(), "ptr"));
            return b.add(variantLift(t, v.shape(), v.caseCount(),
                    c -> load(parts.get(c), at("ptr", v.payloadOffset())))).build();
        }
        throw unsupported(p);
    }

    /** An int expression reading {@code size} bytes of bits (zero-extended) at {@code ptr}. */
    private static String readBits(int size, String ptr) {
        switch (size) {
            case 0: return "0";
            case 1: return "cx.memory().readByte(" + ptr + ") & 0xff";
            case 2: return "cx.memory().readShort(" + ptr + ") & 0xffff";
            default: return "cx.memory().readInt(" + ptr + ")";
        }
    }

    /** {@code return new R(args)} for a record, {@code return TupleN.of(args)} for a tuple. */
    private CodeBlock construct(Type.Ref t, boolean tuple, List<CodeBlock> args) {
        if (tuple) {
            return tupleOf(t, args);
        }
        return CodeBlock.builder().addStatement("return new $T($L)", javaType(t), CodeBlock.join(args, ",$W")).build();
    }

    private CodeBlock fixedList(Type.Ref t, MemoryPlan.FixedList f, Type element) {
        int stride = f.element().size();
        Optional<TypeName> array = model.types().primitiveArrayElement(t);
        CodeBlock.Builder b = CodeBlock.builder();
        CodeBlock at = CodeBlock.of("ptr + k * $L", stride);
        if (array.isPresent()) {
            b.addStatement("$T[] out = new $T[$L]", array.get(), array.get(), f.length());
            b.beginControlFlow("for (int k = 0; k < $L; k++)", f.length());
            b.addStatement("out[k] = $L", loadArrayElement((MemoryPlan.Scalar) f.element(), at));
            b.endControlFlow().addStatement("return out");
        } else {
            b.addStatement("$T<$T> out = new $T<>($L)", List.class, javaType(element).box(), ArrayList.class,
                    f.length());
            b.beginControlFlow("for (int k = 0; k < $L; k++)", f.length());
            b.addStatement("out.add($L)", load(element, at));
            b.endControlFlow().addStatement("return $T.unmodifiableList(out)", java.util.Collections.class);
        }
        return b.build();
    }

    /**
     * The code that builds a variant-like value from its discriminant {@code d}, trapping on one
     * that names no case. {@code payload} gives the expression lifting case i's payload.
     */
    private CodeBlock variantLift(Type.Ref t, Shape shape, int cases, IntFunction<CodeBlock> payload) {
        CodeBlock.Builder b = CodeBlock.builder();
        List<Type> parts = parts(t);
        if (shape == Shape.ENUM) {
            // Every case maps by ordinal; only the range needs checking.
            return b.beginControlFlow("if (d < 0 || d >= $L)", cases)
                    .addStatement("throw new $T($T.Reason.INVALID_DISCRIMINANT, \"case \" + "
                            + "Integer.toUnsignedString(d) + \" of enum $L\")", WIT_TRAP, WIT_TRAP, describe(t))
                    .endControlFlow()
                    .addStatement("return $N[d]", enumValues(t))
                    .build();
        }
        b.beginControlFlow("switch (d)");
        if (shape == Shape.VARIANT) {
            List<ClassName> classes = model.symbols().caseClasses(t.id());
            for (int i = 0; i < cases; i++) {
                b.add("case $L:\n", i).indent();
                b.addStatement("return new $T($L)", classes.get(i), parts.get(i) != null ? payload.apply(i) : "");
                b.unindent();
            }
        } else if (shape == Shape.OPTION) {
            b.add("case 0:\n").indent().addStatement("return $T.empty()", Optional.class).unindent();
            b.add("case 1:\n").indent().addStatement("return $T.of($L)", Optional.class, payload.apply(1)).unindent();
        } else {
            b.add("case 0:\n").indent().addStatement("return $T.ok($L)", RESULT,
                    parts.get(0) != null ? payload.apply(0) : CodeBlock.of("$T.INSTANCE", UNIT)).unindent();
            b.add("case 1:\n").indent().addStatement("return $T.err($L)", RESULT,
                    parts.get(1) != null ? payload.apply(1) : CodeBlock.of("$T.INSTANCE", UNIT)).unindent();
        }
        b.add("default:\n").indent().addStatement("throw new $T($T.Reason.INVALID_DISCRIMINANT, \"case \" + "
                + "Integer.toUnsignedString(d) + \" of $L with $L cases\")", WIT_TRAP, WIT_TRAP, describe(t), cases)
                .unindent();
        b.endControlFlow();
        return b.build();
    }

    /** The resource a handle type (own/borrow) refers to. */
    private int handleResource(Type.Ref t) {
        return ((TypeDefKind.Handle) kind(t)).resource();
    }

    private CodeBlock liftHandle(Type.Ref t, AbiType.Handle h, CodeBlock handle) {
        int resourceId = handleResource(t);
        ClassName resource = model.symbols().typeClass(resourceId);
        String how = h.borrow() ? "liftBorrow" : "liftOwn";
        if (model.guestImplemented(resourceId)) {
            // The guest's handle stands for its own i32 representation; the host gets a wrapper calling it.
            return CodeBlock.of("new $T(cx.instance(), cx.encoding(), cx.$N($L, $L, $T.class), $L)", resource, how,
                    handle, resourceType(resourceId), Integer.class, !h.borrow());
        }
        return CodeBlock.of("cx.$N($L, $L, $T.class)", how, handle, resourceType(resourceId), resource);
    }

    /** A helper turning flag bits into an {@code EnumSet}. */
    private String flagsLift(Type.Ref t) {
        String key = "flagsLift:" + structure(t);
        String name = methods.get(key);
        if (name == null) {
            name = names.claim("flags" + stem(t));
            methods.put(key, name);
            TypeName element = model.symbols().typeClass(t.id());
            TypeName set = ParameterizedTypeName.get(ClassName.get(java.util.EnumSet.class), element);
            String values = enumValues(t);
            String finalName = name;
            pending.addLast(() -> type.addMethod(MethodSpec.methodBuilder(finalName).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .addJavadoc("The flags set in {@code bits}; bits above the last flag are ignored.\n")
                    .returns(set).addParameter(TypeName.INT, "bits")
                    .addStatement("$T s = $T.noneOf($T.class)", set, java.util.EnumSet.class, element)
                    .beginControlFlow("for (int k = 0; k < $N.length; k++)", values)
                    .beginControlFlow("if ((bits >>> k & 1) != 0)").addStatement("s.add($N[k])", values)
                    .endControlFlow().endControlFlow().addStatement("return s").build()));
        }
        return name;
    }

    private String enumValues(Type.Ref t) {
        String key = "values:" + structure(t);
        String name = constants.get(key);
        if (name == null) {
            ClassName e = model.symbols().typeClass(t.id());
            name = names.claim(JavaNames.upperSnake(stemWit(t)) + "_VALUES");
            constants.put(key, name);
            type.addField(FieldSpec.builder(ArrayTypeName.of(e), name, Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("$T.values()", e).build());
        }
        return name;
    }

    private String stemWit(Type.Ref t) {
        return model.resolve().type(t).name().orElse("type-" + t.id());
    }

    /** A helper lifting a list (or map) from its data pointer and length, checked first. */
    private String listLift(Type.Ref t) {
        String key = "listLift:" + structure(t);
        String name = methods.get(key);
        if (name == null) {
            name = names.claim("lift" + stem(t));
            methods.put(key, name);
            String finalName = name;
            pending.addLast(() -> type.addMethod(listLiftMethod(finalName, t)));
        }
        return name;
    }

    private MethodSpec listLiftMethod(String name, Type.Ref t) {
        MemoryPlan element = ((MemoryPlan.ListOf) memoryPlan(t)).element();
        List<Type> parts = parts(t);
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Lifts the data of a {@code $L}: length, alignment and bounds are checked and the call's"
                        + " lift budget charged first.\n", describe(t))
                .returns(javaType(t)).addParameter(CALL_CONTEXT, "cx").addParameter(TypeName.INT, "ptr")
                .addParameter(TypeName.INT, "length");
        Optional<TypeName> array = model.types().primitiveArrayElement(t);
        if (array.isPresent()) {
            // a bulk copy: the runtime checks and charges the same way
            return m.addStatement("return $T.$N(cx.memory(), ptr, length, cx.liftBudget())", ARRAYS,
                    arrayMethod("lift", array.get()))
                    .build();
        }
        int stride = element.size();
        m.addStatement("$T.checkList(cx.memory(), ptr, length, $L, $L, cx.liftBudget())", BOUNDS, stride,
                element.align());
        if (kind(t) instanceof TypeDefKind.MapOf) {
            // WIT.md: with duplicate keys, the last key's value is used. A LinkedHashMap keeps the
            // guest's order; a repeated key keeps the place where it came first.
            m.addJavadoc("The guest's order is kept; a key it repeats keeps its first place and its last value.\n");
            MemoryPlan.RecordOf entry = (MemoryPlan.RecordOf) element;
            m.addStatement("$T out = new $T<>()", javaType(t), java.util.LinkedHashMap.class);
            m.beginControlFlow("for (int k = 0; k < length; k++)");
            m.addStatement("int e = ptr + k * $L", stride);
            m.addStatement("out.put($L, $L)", load(parts.get(0), at("e", entry.offset(0))),
                    load(parts.get(1), at("e", entry.offset(1))));
            m.endControlFlow();
            return m.addStatement("return $T.unmodifiableMap(out)", java.util.Collections.class).build();
        }
        // Lifted into an array, then List.of: one copy, and a record holding the list takes it as
        // it is (List.copyOf of an immutable list) instead of copying it again.
        TypeName boxed = javaType(parts.get(0)).box();
        boolean generic = !(boxed instanceof ClassName); // Java has no arrays of parameterized types
        m.addStatement("$T[] out = new $T[length]", generic ? ClassName.OBJECT : boxed, generic ? ClassName.OBJECT : boxed);
        m.beginControlFlow("for (int k = 0; k < length; k++)");
        m.addStatement("out[k] = $L", load(parts.get(0), CodeBlock.of("ptr + k * $L", stride)));
        m.endControlFlow();
        return (generic ? m.addStatement("return $T.listOf(out)", CANON) : m.addStatement("return $T.of(out)", List.class))
                .build();
    }

    // ------------------------------------------------------------------ store: MemoryPlan -> writes

    private CodeBlock storeBody(Type.Ref t, MemoryPlan p) {
        CodeBlock.Builder b = CodeBlock.builder();
        List<Type> parts = parts(t);
        if (p instanceof MemoryPlan.RecordOf r) {
            List<CodeBlock> values = fieldReads(t, r.tuple(), r.fields().size());
            for (int i = 0; i < r.fields().size(); i++) {
                b.add(store(parts.get(i), at("ptr", r.offset(i)), values.get(i)));
            }
            return b.build();
        }
        if (p instanceof MemoryPlan.FlagsOf f) {
            return f.size() == 0 ? b.build() : b.addStatement(writeBits(f.size(), CodeBlock.of("$N(v)", flagsLower(t))))
                    .build();
        }
        if (p instanceof MemoryPlan.ListOf) {
            b.addStatement("long pl = $N(cx, v)", listLower(t));
            b.addStatement("cx.memory().writeInt(ptr, (int) pl)");
            return b.addStatement("cx.memory().writeInt(ptr + 4, (int) (pl >>> 32))").build();
        }
        if (p instanceof MemoryPlan.FixedList f) {
            boolean array = model.types().primitiveArrayElement(t).isPresent();
            b.addStatement("$T.checkFixedLength($L, $L)", CANON, array ? "v.length" : "v", f.length());
            b.beginControlFlow("for (int k = 0; k < $L; k++)", f.length());
            CodeBlock at = CodeBlock.of("ptr + k * $L", f.element().size());
            b.add(array ? storeArrayElement((MemoryPlan.Scalar) f.element(), at, CodeBlock.of("v[k]"))
                    : store(parts.get(0), at, CodeBlock.of("v.get(k)")));
            return b.endControlFlow().build();
        }
        if (p instanceof MemoryPlan.HandleOf h) {
            return b.addStatement("cx.memory().writeInt(ptr, $L)", lowerHandle(t, h.handle())).build();
        }
        if (p instanceof MemoryPlan.VariantOf v) {
            return variantLower(t, v.shape(), d -> CodeBlock.builder().addStatement(writeBits(v.discriminantSize(), d))
                    .build(), (c, value) -> store(parts.get(c), at("ptr", v.payloadOffset()), value));
        }
        throw unsupported(p);
    }

    /** A statement writing the low {@code size} bytes of int expression {@code bits} at {@code ptr}. */
    private static CodeBlock writeBits(int size, CodeBlock bits) {
        switch (size) {
            case 1: return CodeBlock.of("cx.memory().writeByte(ptr, (byte) $L)", bits);
            case 2: return CodeBlock.of("cx.memory().writeShort(ptr, (short) $L)", bits);
            default: return CodeBlock.of("cx.memory().writeInt(ptr, $L)", bits);
        }
    }

    private CodeBlock lowerHandle(Type.Ref t, AbiType.Handle h) {
        int resourceId = handleResource(t);
        if (model.guestImplemented(resourceId)) {
            // Lowered into the instance that implements it: a borrow is the representation itself.
            return CodeBlock.of(h.borrow() ? "v.borrowRep(cx)" : "v.moveInto(cx)");
        }
        return CodeBlock.of("cx.$N($L, v)", h.borrow() ? "lowerBorrow" : "lowerOwn", resourceType(resourceId));
    }

    /**
     * Dispatches on a variant-like value: writes its discriminant with {@code disc} and case i's
     * payload (if any) with {@code payload}.
     */
    private CodeBlock variantLower(Type.Ref t, Shape shape, Function<CodeBlock, CodeBlock> disc,
            BiFunction<Integer, CodeBlock, CodeBlock> payload) {
        CodeBlock.Builder b = CodeBlock.builder();
        List<Type> parts = parts(t);
        if (shape == Shape.ENUM) {
            return b.add(disc.apply(CodeBlock.of("v.ordinal()"))).build();
        }
        if (shape == Shape.OPTION) {
            b.beginControlFlow("if (v.isPresent())").add(disc.apply(CodeBlock.of("1")))
                    .add(payload.apply(1, CodeBlock.of("v.get()")))
                    .nextControlFlow("else").add(disc.apply(CodeBlock.of("0"))).endControlFlow();
            return b.build();
        }
        if (shape == Shape.RESULT) {
            List<TypeName> args = ((ParameterizedTypeName) javaType(t)).typeArguments();
            b.beginControlFlow("if (v instanceof $T.Ok)", RESULT).add(disc.apply(CodeBlock.of("0")));
            if (parts.get(0) != null) {
                b.add(payload.apply(0, CodeBlock.of("(($T) v).value()",
                        ParameterizedTypeName.get(RESULT.nestedClass("Ok"), args.get(0), args.get(1)))));
            }
            b.nextControlFlow("else").add(disc.apply(CodeBlock.of("1")));
            if (parts.get(1) != null) {
                b.add(payload.apply(1, CodeBlock.of("(($T) v).error()",
                        ParameterizedTypeName.get(RESULT.nestedClass("Err"), args.get(0), args.get(1)))));
            }
            return b.endControlFlow().build();
        }
        List<ClassName> classes = model.symbols().caseClasses(t.id());
        if (parts.size() == 1) {
            // A single case: the value is that case.
            b.addStatement("$T c0 = ($T) v", classes.get(0), classes.get(0)).add(disc.apply(CodeBlock.of("0")));
            if (parts.get(0) != null) {
                b.add(payload.apply(0, CodeBlock.of("c0.value()")));
            }
            return b.build();
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i == 0) {
                b.beginControlFlow("if (v instanceof $T c$L)", classes.get(i), i);
            } else if (i == parts.size() - 1) {
                b.nextControlFlow("else");
                b.addStatement("$T c$L = ($T) v", classes.get(i), i, classes.get(i));
            } else {
                b.nextControlFlow("else if (v instanceof $T c$L)", classes.get(i), i);
            }
            b.add(disc.apply(CodeBlock.of("$L", i)));
            if (parts.get(i) != null) {
                b.add(payload.apply(i, CodeBlock.of("c$L.value()", i)));
            }
        }
        return b.endControlFlow().build();
    }

    private String flagsLower(Type.Ref t) {
        String key = "flagsLower:" + structure(t);
        String name = methods.get(key);
        if (name == null) {
            name = names.claim("bitsOf" + stem(t));
            methods.put(key, name);
            TypeName element = model.symbols().typeClass(t.id());
            TypeName set = ParameterizedTypeName.get(ClassName.get(java.util.EnumSet.class), element);
            String finalName = name;
            pending.addLast(() -> type.addMethod(MethodSpec.methodBuilder(finalName).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .addJavadoc("The bits of a flags set: bit i for the i-th flag.\n")
                    .returns(TypeName.INT).addParameter(set, "v").addStatement("int bits = 0")
                    .beginControlFlow("for ($T f : v)", element).addStatement("bits |= 1 << f.ordinal()")
                    .endControlFlow().addStatement("return bits").build()));
        }
        return name;
    }

    /** A helper storing a list's (or map's) elements in a new block; returns ptr and length packed. */
    private String listLower(Type.Ref t) {
        String key = "listLower:" + structure(t);
        String name = methods.get(key);
        if (name == null) {
            name = names.claim("lower" + stem(t));
            methods.put(key, name);
            String finalName = name;
            pending.addLast(() -> type.addMethod(listLowerMethod(finalName, t)));
        }
        return name;
    }

    private MethodSpec listLowerMethod(String name, Type.Ref t) {
        MemoryPlan element = ((MemoryPlan.ListOf) memoryPlan(t)).element();
        List<Type> parts = parts(t);
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Copies a {@code $L} into a block from the guest's allocator; returns the pointer"
                        + " (low 32 bits) and length (high 32 bits).\n", describe(t))
                .returns(TypeName.LONG).addParameter(CALL_CONTEXT, "cx").addParameter(javaType(t), "v");
        Optional<TypeName> array = model.types().primitiveArrayElement(t);
        if (array.isPresent()) {
            return m.addStatement("return $T.$N(cx.memory(), cx.realloc(), v)", ARRAYS, arrayMethod("lower", array.get()))
                    .build();
        }
        int stride = element.size();
        if (kind(t) instanceof TypeDefKind.MapOf) {
            MemoryPlan.RecordOf entry = (MemoryPlan.RecordOf) element;
            m.addStatement("int ptr = $T.allocate(cx.realloc(), v.size(), $L, $L)", ARRAYS, stride, element.align());
            m.addStatement("int e = ptr");
            m.beginControlFlow("for ($T<$T, $T> entry : v.entrySet())", Map.Entry.class,
                    javaType(parts.get(0)).box(), javaType(parts.get(1)).box());
            m.addCode(store(parts.get(0), at("e", entry.offset(0)), CodeBlock.of("entry.getKey()")));
            m.addCode(store(parts.get(1), at("e", entry.offset(1)), CodeBlock.of("entry.getValue()")));
            m.addStatement("e += $L", stride);
            m.endControlFlow();
            return m.addStatement("return $T.pair(ptr, v.size())", ARRAYS).build();
        }
        m.addStatement("int n = v.size()");
        m.addStatement("int ptr = $T.allocate(cx.realloc(), n, $L, $L)", ARRAYS, stride, element.align());
        m.beginControlFlow("for (int k = 0; k < n; k++)");
        m.addCode(store(parts.get(0), CodeBlock.of("ptr + k * $L", stride), CodeBlock.of("v.get(k)")));
        m.endControlFlow();
        return m.addStatement("return $T.pair(ptr, n)", ARRAYS).build();
    }

    private static String arrayMethod(String direction, TypeName element) {
        String suffix;
        if (element.equals(TypeName.BYTE)) {
            suffix = "Bytes";
        } else if (element.equals(TypeName.SHORT)) {
            suffix = "Shorts";
        } else if (element.equals(TypeName.INT)) {
            suffix = "Ints";
        } else if (element.equals(TypeName.LONG)) {
            suffix = "Longs";
        } else if (element.equals(TypeName.FLOAT)) {
            suffix = "Floats";
        } else {
            suffix = "Doubles";
        }
        return direction + suffix;
    }

    // ------------------------------------------------------------------ flat: FlatPlan -> a[]/out[]

    /*
     * One liftFlat method serves a type wherever its values arrive: as its own flat values, or in a
     * variant's joined slots. The plan's only bit-changing bitcast is "a 32-bit value in an i64
     * slot: its low 32 bits", and every expression below reads a 32-bit value through an (int)
     * cast or a 0xffffffffL mask, so it holds in every slot. Lowering writes each value's raw bits
     * (32-bit values zero-extended), which is what every slot takes; the caller's fresh array holds
     * zero in the slots a case leaves unused.
     */

    private CodeBlock liftFlatBody(Type.Ref t, FlatPlan p) {
        CodeBlock.Builder b = CodeBlock.builder();
        List<Type> parts = parts(t);
        if (p instanceof FlatPlan.RecordOf r) {
            List<CodeBlock> args = new ArrayList<>();
            for (int k = 0; k < r.fields().size(); k++) {
                args.add(liftFlat(parts.get(k), at("i", r.start(k))));
            }
            return b.add(construct(t, r.tuple(), args)).build();
        }
        if (p instanceof FlatPlan.FlagsOf f) {
            return b.addStatement("return $N($L)", flagsLift(t), f.labels() == 0 ? "0" : "(int) a[i]").build();
        }
        if (p instanceof FlatPlan.ListOf) {
            return b.addStatement("return $N(cx, (int) a[i], (int) a[i + 1])", listLift(t)).build();
        }
        if (p instanceof FlatPlan.FixedList f) {
            List<CodeBlock> args = new ArrayList<>();
            Optional<TypeName> array = model.types().primitiveArrayElement(t);
            for (int n = 0; n < f.length(); n++) {
                CodeBlock at = at("i", f.start(n));
                args.add(array.isPresent() ? liftFlatArrayElement((FlatPlan.Scalar) f.element(n), array.get(), at)
                        : liftFlat(parts.get(0), at));
            }
            if (array.isPresent()) {
                return b.addStatement("return new $T[] {$L}", array.get(), CodeBlock.join(args, ",$W")).build();
            }
            return b.addStatement("return $T.of($L)", List.class, CodeBlock.join(args, ",$W")).build();
        }
        if (p instanceof FlatPlan.HandleOf h) {
            return b.addStatement("return $L", liftHandle(t, h.handle(), CodeBlock.of("(int) a[i]"))).build();
        }
        if (p instanceof FlatPlan.VariantOf v) {
            b.addStatement("int d = (int) a[i]");
            return b.add(variantLift(t, v.shape(), v.caseCount(), c -> liftFlat(parts.get(c), CodeBlock.of("i + 1"))))
                    .build();
        }
        throw unsupported(p);
    }

    private CodeBlock lowerFlatBody(Type.Ref t, FlatPlan p) {
        CodeBlock.Builder b = CodeBlock.builder();
        List<Type> parts = parts(t);
        if (p instanceof FlatPlan.RecordOf r) {
            List<CodeBlock> values = fieldReads(t, r.tuple(), r.fields().size());
            for (int k = 0; k < r.fields().size(); k++) {
                b.add(lowerFlat(parts.get(k), at("i", r.start(k)), values.get(k)));
            }
            return b.build();
        }
        if (p instanceof FlatPlan.FlagsOf f) {
            return f.labels() == 0 ? b.build() : b.addStatement("out[i] = $N(v) & 0xffffffffL", flagsLower(t)).build();
        }
        if (p instanceof FlatPlan.ListOf) {
            b.addStatement("long pl = $N(cx, v)", listLower(t));
            b.addStatement("out[i] = pl & 0xffffffffL");
            return b.addStatement("out[i + 1] = pl >>> 32").build();
        }
        if (p instanceof FlatPlan.FixedList f) {
            boolean array = model.types().primitiveArrayElement(t).isPresent();
            b.addStatement("$T.checkFixedLength($L, $L)", CANON, array ? "v.length" : "v", f.length());
            for (int n = 0; n < f.length(); n++) {
                CodeBlock at = at("i", f.start(n));
                b.add(array ? lowerFlatArrayElement((FlatPlan.Scalar) f.element(n), at, CodeBlock.of("v[$L]", n))
                        : lowerFlat(parts.get(0), at, CodeBlock.of("v.get($L)", n)));
            }
            return b.build();
        }
        if (p instanceof FlatPlan.HandleOf h) {
            return b.addStatement("out[i] = $L & 0xffffffffL", lowerHandle(t, h.handle())).build();
        }
        if (p instanceof FlatPlan.VariantOf v) {
            return variantLower(t, v.shape(), d -> CodeBlock.builder().addStatement("out[i] = $L", d).build(),
                    (c, value) -> lowerFlat(parts.get(c), CodeBlock.of("i + 1"), value));
        }
        throw unsupported(p);
    }

    // ------------------------------------------------------------------ leaf instructions, inline

    /** A scalar or string read at {@code addr}: the plan's leaf load, as an expression. */
    private static CodeBlock loadLeaf(MemoryPlan p, CodeBlock addr) {
        if (p instanceof MemoryPlan.Str) {
            return CodeBlock.of("$T.load(cx.memory(), $L, cx.encoding(), cx.liftBudget())", STRINGS, addr);
        }
        if (!(p instanceof MemoryPlan.Scalar s)) {
            throw unsupported(p);
        }
        switch (s.kind()) {
            case BOOL: return CodeBlock.of("cx.memory().readByte($L) != 0", addr);
            case S8: return CodeBlock.of("cx.memory().readByte($L)", addr);
            case U8: return CodeBlock.of("(cx.memory().readByte($L) & 0xff)", addr);
            case S16: return CodeBlock.of("cx.memory().readShort($L)", addr);
            case U16: return CodeBlock.of("(cx.memory().readShort($L) & 0xffff)", addr);
            case S32: return CodeBlock.of("cx.memory().readInt($L)", addr);
            case U32: return CodeBlock.of("(cx.memory().readInt($L) & 0xffffffffL)", addr);
            case S64: case U64: return CodeBlock.of("cx.memory().readLong($L)", addr);
            case F32: return CodeBlock.of("cx.memory().readFloat($L)", addr);
            case F64: return CodeBlock.of("cx.memory().readDouble($L)", addr);
            default: return CodeBlock.of("$T.checkChar(cx.memory().readInt($L))", CANON, addr);
        }
    }

    /** Statements writing scalar or string {@code v} at {@code addr}: the plan's leaf store. */
    private static CodeBlock storeLeaf(MemoryPlan p, CodeBlock addr, CodeBlock v) {
        if (p instanceof MemoryPlan.Str) {
            return CodeBlock.of("$T.store(cx.memory(), cx.realloc(), $L, cx.encoding(), $L);\n", STRINGS, v, addr);
        }
        if (!(p instanceof MemoryPlan.Scalar s)) {
            throw unsupported(p);
        }
        switch (s.kind()) {
            case BOOL: return CodeBlock.of("cx.memory().writeByte($L, (byte) ($L ? 1 : 0));\n", addr, v);
            case S8: return CodeBlock.of("cx.memory().writeByte($L, $L);\n", addr, v);
            case U8: return CodeBlock.of("cx.memory().writeByte($L, (byte) $T.checkU8($L));\n", addr, CANON, v);
            case S16: return CodeBlock.of("cx.memory().writeShort($L, $L);\n", addr, v);
            case U16: return CodeBlock.of("cx.memory().writeShort($L, (short) $T.checkU16($L));\n", addr, CANON, v);
            case S32: return CodeBlock.of("cx.memory().writeInt($L, $L);\n", addr, v);
            case U32: return CodeBlock.of("cx.memory().writeInt($L, $T.checkU32($L));\n", addr, CANON, v);
            case S64: case U64: return CodeBlock.of("cx.memory().writeLong($L, $L);\n", addr, v);
            case F32: return CodeBlock.of("cx.memory().writeFloat($L, $L);\n", addr, v);
            case F64: return CodeBlock.of("cx.memory().writeDouble($L, $L);\n", addr, v);
            default: return CodeBlock.of("cx.memory().writeInt($L, $T.checkCharForLowering($L));\n", addr, CANON, v);
        }
    }

    /** A scalar or string lifted from {@code a[i...]}: the plan's leaf flat lift, as an expression. */
    private static CodeBlock liftFlatLeaf(FlatPlan p, CodeBlock i) {
        if (p instanceof FlatPlan.Str) {
            return CodeBlock.of("$T.lift(cx.memory(), (int) a[$L], (int) a[$L + 1], cx.encoding(), cx.liftBudget())",
                    STRINGS, i, i);
        }
        if (!(p instanceof FlatPlan.Scalar s)) {
            throw unsupported(p);
        }
        switch (s.kind()) {
            case BOOL: return CodeBlock.of("(int) a[$L] != 0", i);
            case S8: return CodeBlock.of("(byte) a[$L]", i);
            case U8: return CodeBlock.of("((int) a[$L] & 0xff)", i);
            case S16: return CodeBlock.of("(short) a[$L]", i);
            case U16: return CodeBlock.of("((int) a[$L] & 0xffff)", i);
            case S32: return CodeBlock.of("(int) a[$L]", i);
            case U32: return CodeBlock.of("(a[$L] & 0xffffffffL)", i);
            case S64: case U64: return CodeBlock.of("a[$L]", i);
            case F32: return CodeBlock.of("Float.intBitsToFloat((int) a[$L])", i);
            case F64: return CodeBlock.of("Double.longBitsToDouble(a[$L])", i);
            default: return CodeBlock.of("$T.checkChar((int) a[$L])", CANON, i);
        }
    }

    /** Statements lowering scalar or string {@code v} into {@code out[i...]}: the plan's leaf flat lower. */
    private static CodeBlock lowerFlatLeaf(FlatPlan p, CodeBlock i, CodeBlock v) {
        if (p instanceof FlatPlan.Str) {
            return CodeBlock.of("$T.lowerFlat(cx.memory(), cx.realloc(), $L, cx.encoding(), out, $L);\n", STRINGS, v, i);
        }
        if (!(p instanceof FlatPlan.Scalar s)) {
            throw unsupported(p);
        }
        switch (s.kind()) {
            case BOOL: return CodeBlock.of("out[$L] = $L ? 1 : 0;\n", i, v);
            case S8: case S16: case S32: return CodeBlock.of("out[$L] = $L & 0xffffffffL;\n", i, v);
            case U8: return CodeBlock.of("out[$L] = $T.checkU8($L);\n", i, CANON, v);
            case U16: return CodeBlock.of("out[$L] = $T.checkU16($L);\n", i, CANON, v);
            case U32: return CodeBlock.of("out[$L] = $T.checkU32($L) & 0xffffffffL;\n", i, CANON, v);
            case S64: case U64: return CodeBlock.of("out[$L] = $L;\n", i, v);
            case F32: return CodeBlock.of("out[$L] = Float.floatToRawIntBits($L) & 0xffffffffL;\n", i, v);
            case F64: return CodeBlock.of("out[$L] = Double.doubleToRawLongBits($L);\n", i, v);
            default: return CodeBlock.of("out[$L] = $T.checkCharForLowering($L);\n", i, CANON, v);
        }
    }

    private static CodegenException unsupported(Object plan) {
        String kind = plan instanceof MemoryPlan.OpaqueOf o ? o.kind()
                : plan instanceof FlatPlan.OpaqueOf o ? o.kind() : plan.getClass().getSimpleName();
        return new CodegenException("`" + kind + "` needs the component model's async ABI, not supported yet");
    }

    // ------------------------------------------------------------------ elements of primitive arrays

    /*
     * A fixed-length list of integers is held in a primitive array of the integer's width
     * (list<u32, 2> in an int[]), with the raw bits of unsigned elements, exactly like a list<u32>:
     * element by element, the array's value is neither widened nor range-checked.
     */

    /** An expression of type {@code arrayElement} reading the raw bits of flat value {@code a[i]}. */
    private static CodeBlock liftFlatArrayElement(FlatPlan.Scalar element, TypeName arrayElement, CodeBlock i) {
        AbiType.Prim p = element.kind();
        if (arrayElement.equals(TypeName.LONG) || p == AbiType.Prim.F32 || p == AbiType.Prim.F64) {
            return liftFlatLeaf(element, i);
        }
        return CodeBlock.of("($T) a[$L]", arrayElement, i);
    }

    /** An expression reading the raw bits of an array element at {@code addr}. */
    private static CodeBlock loadArrayElement(MemoryPlan.Scalar element, CodeBlock addr) {
        switch (element.kind()) {
            case U8: return CodeBlock.of("cx.memory().readByte($L)", addr);
            case U16: return CodeBlock.of("cx.memory().readShort($L)", addr);
            case U32: return CodeBlock.of("cx.memory().readInt($L)", addr);
            default: return loadLeaf(element, addr);
        }
    }

    /** Statements writing the raw bits of array element {@code v} at {@code addr}. */
    private static CodeBlock storeArrayElement(MemoryPlan.Scalar element, CodeBlock addr, CodeBlock v) {
        switch (element.kind()) {
            case U8: return CodeBlock.of("cx.memory().writeByte($L, $L);\n", addr, v);
            case U16: return CodeBlock.of("cx.memory().writeShort($L, $L);\n", addr, v);
            case U32: return CodeBlock.of("cx.memory().writeInt($L, $L);\n", addr, v);
            default: return storeLeaf(element, addr, v);
        }
    }

    /** Statements lowering array element {@code v}: unsigned raw bits are zero-extended. */
    private static CodeBlock lowerFlatArrayElement(FlatPlan.Scalar element, CodeBlock i, CodeBlock v) {
        switch (element.kind()) {
            case U8: return CodeBlock.of("out[$L] = $L & 0xff;\n", i, v);
            case U16: return CodeBlock.of("out[$L] = $L & 0xffff;\n", i, v);
            case U32: return CodeBlock.of("out[$L] = $L & 0xffffffffL;\n", i, v);
            default: return lowerFlatLeaf(element, i, v);
        }
    }

    // ------------------------------------------------------------------ small helpers

    /** {@code return TupleN.of(args)}; the empty tuple is {@code Unit.INSTANCE}. */
    private CodeBlock tupleOf(Type.Ref t, List<CodeBlock> args) {
        if (args.isEmpty()) {
            return CodeBlock.builder().addStatement("return $T.INSTANCE", TypeMapper.UNIT).build();
        }
        return CodeBlock.builder().addStatement("return $T.of($L)", rawClass(javaType(t)), CodeBlock.join(args, ",$W"))
                .build();
    }

    /** {@code base + offset}, or just {@code base} for offset 0. */
    static CodeBlock at(String base, int offset) {
        return offset == 0 ? CodeBlock.of("$L", base) : CodeBlock.of("$L + $L", base, offset);
    }

    private static TypeName rawClass(TypeName t) {
        return t instanceof ParameterizedTypeName p ? p.rawType() : t;
    }

}
