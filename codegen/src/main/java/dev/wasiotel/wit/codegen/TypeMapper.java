package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.WitPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Java type that stands for a WIT type (DESIGN.md &#167;3).
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>WIT</th><th>Java</th></tr>
 *   <tr><td>{@code bool s8 s16 s32 s64 f32 f64}</td><td>{@code boolean byte short int long float double}</td></tr>
 *   <tr><td>{@code u8 u16} / {@code u32} / {@code u64}</td><td>{@code int} / {@code long} / {@code long}
 *       (two's complement: values above {@code Long.MAX_VALUE} are negative)</td></tr>
 *   <tr><td>{@code char}</td><td>{@code int} (a Unicode scalar value)</td></tr>
 *   <tr><td>{@code string}</td><td>{@link String}</td></tr>
 *   <tr><td>{@code list<u8>}, {@code list<s8>}</td><td>{@code byte[]}; likewise {@code short[]},
 *       {@code int[]}, {@code long[]} for 16, 32, 64-bit integers, and {@code float[]}, {@code
 *       double[]}. Unsigned elements keep their raw bits: a {@code list<u8>} byte {@code 0xff} is
 *       {@code -1}, mask with {@code & 0xff}.</td></tr>
 *   <tr><td>{@code list<T>}, {@code list<T, N>}</td><td>{@code List<T>} (boxed)</td></tr>
 *   <tr><td>{@code map<K, V>}</td><td>{@code Map<K, V>}: the canonical ABI of {@code list<tuple<K, V>>};
 *       lifted into an unmodifiable {@code LinkedHashMap} in the guest's order, where a repeated key
 *       keeps its first place and its last value (WIT.md: "the last key's value is used")</td></tr>
 *   <tr><td>{@code option<T>}</td><td>{@code Optional<T>}</td></tr>
 *   <tr><td>{@code result<T, E>}</td><td>{@code Result<T, E>}, {@code Unit} for a missing side</td></tr>
 *   <tr><td>{@code tuple<T1..Tn>}</td><td>{@code Tuple1..Tuple16}; {@code tuple<>} is {@code Unit}</td></tr>
 *   <tr><td>record, variant, enum, resource</td><td>the generated class or interface</td></tr>
 *   <tr><td>flags</td><td>{@code EnumSet<F>} of the generated enum {@code F}</td></tr>
 *   <tr><td>{@code own<r>}, {@code borrow<r>}</td><td>the Java interface of resource {@code r}</td></tr>
 *   <tr><td>aliases</td><td>what they name</td></tr>
 *   <tr><td>{@code future}, {@code stream}, {@code error-context}</td><td>{@link CodegenException}</td></tr>
 * </table>
 */
public final class TypeMapper {
    /** The package of the runtime types generated code uses. */
    public static final String RUNTIME_PACKAGE = "dev.wasiotel.wit.runtime";
    /** The package of the canonical ABI model generated code uses (module {@code abi}). */
    public static final String ABI_PACKAGE = "dev.wasiotel.wit.abi";
    /** {@code dev.wasiotel.wit.runtime.Result}. */
    public static final ClassName RESULT = ClassName.get(RUNTIME_PACKAGE, "Result");
    /** {@code dev.wasiotel.wit.runtime.Unit}. */
    public static final ClassName UNIT = ClassName.get(RUNTIME_PACKAGE, "Unit");
    /** The largest tuple the runtime has a class for. */
    public static final int MAX_TUPLE = 16;

    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName MAP = ClassName.get("java.util", "Map");
    private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
    private static final ClassName ENUM_SET = ClassName.get("java.util", "EnumSet");

    private final Resolve resolve;
    private final JavaSymbols symbols;
    private final WitPrinter printer;

    /**
     * A mapper for the generation {@code symbols} names.
     *
     * @param symbols the names of the generated classes
     */
    public TypeMapper(JavaSymbols symbols) {
        this.resolve = symbols.scope().resolve();
        this.symbols = symbols;
        this.printer = new WitPrinter(resolve);
    }

    /** The runtime class {@code TupleN}. */
    public static ClassName tupleClass(int arity) {
        return ClassName.get(RUNTIME_PACKAGE, "Tuple" + arity);
    }

    /**
     * The Java type of {@code type}, primitive where WIT's is.
     *
     * @param type the WIT type
     * @param site where it is used, for the error message
     * @return its Java type
     * @throws CodegenException for {@code future}, {@code stream}, {@code error-context}, tuples
     *     longer than {@link #MAX_TUPLE} and flags without flags
     */
    public TypeName javaType(Type type, WitSite site) {
        if (type instanceof Type.Primitive p) {
            return primitive(p, site);
        }
        int id = ((Type.Ref) type).id();
        TypeDef def = resolve.types().get(id);
        TypeDefKind kind = def.kind();
        if (kind instanceof TypeDefKind.Alias a) {
            return javaType(a.target(), site);
        }
        if (kind instanceof TypeDefKind.Flags f) {
            if (f.flags().isEmpty()) {
                throw unsupported(type, site, "a flags type without flags (the component model requires"
                        + " at least one flag, and a Java enum set needs constants)");
            }
            return ParameterizedTypeName.get(ENUM_SET, symbols.typeClass(id));
        }
        if (JavaSymbols.generatesClass(kind)) {
            return symbols.typeClass(id);
        }
        if (kind instanceof TypeDefKind.Handle h) {
            return symbols.typeClass(h.resource());
        }
        if (kind instanceof TypeDefKind.ListOf l) {
            return list(l.element(), site);
        }
        if (kind instanceof TypeDefKind.FixedList fl) {
            return list(fl.element(), site);
        }
        if (kind instanceof TypeDefKind.Option o) {
            return ParameterizedTypeName.get(OPTIONAL, boxedType(o.type(), site));
        }
        if (kind instanceof TypeDefKind.Result r) {
            return ParameterizedTypeName.get(RESULT, side(r.ok(), site), side(r.err(), site));
        }
        if (kind instanceof TypeDefKind.Tuple t) {
            return tuple(type, t, site);
        }
        if (kind instanceof TypeDefKind.MapOf m) {
            return ParameterizedTypeName.get(MAP, boxedType(m.key(), site), boxedType(m.value(), site));
        }
        // future and stream
        throw unsupported(type, site, "future, stream and error-context need the component model's"
                + " async ABI");
    }

    /**
     * The Java type of {@code type} as a type argument: primitives boxed, arrays as they are.
     *
     * @param type the WIT type
     * @param site where it is used
     * @return a reference type
     */
    public TypeName boxedType(Type type, WitSite site) {
        return javaType(type, site).box();
    }

    /**
     * If {@code type} (after aliases) is a list that maps to a primitive array, that array's
     * element type ({@code byte} for {@code list<u8>}); empty otherwise.
     */
    public Optional<TypeName> primitiveArrayElement(Type type) {
        Type t = resolve.dealias(type);
        if (!(t instanceof Type.Ref ref)) {
            return Optional.empty();
        }
        TypeDefKind kind = resolve.types().get(ref.id()).kind();
        Type element;
        if (kind instanceof TypeDefKind.ListOf l) {
            element = l.element();
        } else if (kind instanceof TypeDefKind.FixedList fl) {
            element = fl.element();
        } else {
            return Optional.empty();
        }
        return arrayElement(resolve.dealias(element));
    }

    private TypeName list(Type element, WitSite site) {
        Optional<TypeName> array = arrayElement(resolve.dealias(element));
        if (array.isPresent()) {
            return ArrayTypeName.of(array.get());
        }
        return ParameterizedTypeName.get(LIST, boxedType(element, site));
    }

    private static Optional<TypeName> arrayElement(Type element) {
        if (!(element instanceof Type.Primitive p)) {
            return Optional.empty();
        }
        switch (p) {
            case U8:
            case S8:
                return Optional.of(TypeName.BYTE);
            case U16:
            case S16:
                return Optional.of(TypeName.SHORT);
            case U32:
            case S32:
                return Optional.of(TypeName.INT);
            case U64:
            case S64:
                return Optional.of(TypeName.LONG);
            case F32:
                return Optional.of(TypeName.FLOAT);
            case F64:
                return Optional.of(TypeName.DOUBLE);
            default:
                return Optional.empty();
        }
    }

    private TypeName side(Optional<Type> payload, WitSite site) {
        return payload.isPresent() ? boxedType(payload.get(), site) : UNIT;
    }

    private TypeName tuple(Type type, TypeDefKind.Tuple t, WitSite site) {
        int n = t.types().size();
        if (n == 0) {
            return UNIT;
        }
        if (n > MAX_TUPLE) {
            throw unsupported(type, site, "tuples have at most " + MAX_TUPLE + " elements in Java");
        }
        List<TypeName> args = new ArrayList<>();
        for (Type element : t.types()) {
            args.add(boxedType(element, site));
        }
        return ParameterizedTypeName.get(tupleClass(n), args.toArray(new TypeName[0]));
    }

    private TypeName primitive(Type.Primitive p, WitSite site) {
        switch (p) {
            case BOOL:
                return TypeName.BOOLEAN;
            case S8:
                return TypeName.BYTE;
            case S16:
                return TypeName.SHORT;
            case U8:
            case U16:
            case S32:
            case CHAR:
                return TypeName.INT;
            case U32:
            case S64:
            case U64:
                return TypeName.LONG;
            case F32:
                return TypeName.FLOAT;
            case F64:
                return TypeName.DOUBLE;
            case STRING:
                return ClassName.get(String.class);
            default:
                throw unsupported(p, site, "future, stream and error-context need the component"
                        + " model's async ABI");
        }
    }

    /** The WIT text of a type; a named future or stream is written out ({@code future<string>}). */
    private String spell(Type type) {
        if (type instanceof Type.Ref ref) {
            TypeDefKind kind = resolve.types().get(ref.id()).kind();
            if (kind instanceof TypeDefKind.Future f) {
                return f.payload().isPresent() ? "future<" + printer.typeName(f.payload().get()) + ">" : "future";
            }
            if (kind instanceof TypeDefKind.Stream st) {
                return st.payload().isPresent() ? "stream<" + printer.typeName(st.payload().get()) + ">" : "stream";
            }
        }
        return printer.typeName(type);
    }

    /*
     * The location is the site's: the function, field or type being generated. The span of an
     * anonymous type (stream<u8> in a signature) is no help, as the resolver keeps one definition
     * of structurally equal anonymous types, written wherever the first of them was, possibly in
     * another package.
     */
    private CodegenException unsupported(Type type, WitSite site, String why) {
        return unsupported("`" + spell(type) + "`", site, why);
    }

    /**
     * The refusal of what generation does not support yet, in one form: {@code `what` in <site> at
     * file:line:col is not supported yet: why}.
     *
     * @param what the construct, quoted as written in WIT
     * @param site where it is used
     * @param why the reason
     * @return the exception to throw
     */
    static CodegenException unsupported(String what, WitSite site, String why) {
        Span where = site.span();
        return new CodegenException(what + " in " + site.description() + " at "
                + (where == null ? "<unknown>" : where.location()) + " is not supported yet: " + why);
    }
}
