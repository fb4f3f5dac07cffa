package dev.wasiotel.host.component.binary;

import dev.wasiotel.host.component.binary.Definition.Alias;
import dev.wasiotel.host.component.binary.Definition.AliasTarget;
import dev.wasiotel.host.component.binary.TypeDef.Case;
import dev.wasiotel.host.component.binary.TypeDef.Decl;
import dev.wasiotel.host.component.binary.TypeDef.Labeled;
import dev.wasiotel.wit.abi.StringEncoding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes the Component Model binary format (component-model {@code Binary.md}, version 0x0d):
 * every section that wasm-tools, jco and componentize-js emit, with the encodings of current
 * toolchains: names with attributes (0x02: {@code implements}, {@code versionsuffix}, {@code
 * external-id}), {@code map} (0x63), fixed-length lists (0x67) and {@code async} function types
 * (0x43, decoded here and refused by the instantiator where a function of that type is imported or
 * lifted). Decoding checks the syntax; index validity is checked when the definitions are
 * executed. The async ABI's canonical options and built-ins (and those of threads and error
 * contexts) are decoded and refused at instantiation; value definitions are rejected as
 * unsupported. Every count and length is checked against the bytes that remain
 * before anything is allocated, and nesting is bounded, so any input ends in a result or a
 * {@link ComponentFormatException} naming the offset.
 */
public final class ComponentDecoder {
    /** How deeply components and types may nest. */
    public static final int MAX_NESTING = 64;

    private static final int SECTION_CUSTOM = 0;
    private static final int SECTION_CORE_MODULE = 1;
    private static final int SECTION_CORE_INSTANCE = 2;
    private static final int SECTION_CORE_TYPE = 3;
    private static final int SECTION_COMPONENT = 4;
    private static final int SECTION_INSTANCE = 5;
    private static final int SECTION_ALIAS = 6;
    private static final int SECTION_TYPE = 7;
    private static final int SECTION_CANON = 8;
    private static final int SECTION_START = 9;
    private static final int SECTION_IMPORT = 10;
    private static final int SECTION_EXPORT = 11;
    private static final int SECTION_VALUE = 12;

    /** The attribute kinds of the 0x02 name encoding, by their code. */
    private static final String[] ATTRIBUTES = {"implements", "versionsuffix", "external-id"};
    /** A canonical version ({@code canonversion}): what precedes a version suffix. */
    private static final Pattern CANON_VERSION =
            Pattern.compile("[1-9][0-9]*|0\\.[1-9][0-9]*|0\\.0\\.[1-9][0-9]*|0\\.0\\.0");

    private ComponentDecoder() {
    }

    /** Whether {@code bytes} start like a component (rather than a core module). */
    public static boolean isComponent(byte[] bytes) {
        return bytes.length >= 8 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm'
                && bytes[6] == 1 && bytes[7] == 0;
    }

    /**
     * Decodes a component binary.
     *
     * @throws ComponentFormatException if it is malformed or uses an unsupported feature
     */
    public static ComponentBinary decode(byte[] bytes) {
        return component(new ByteReader(bytes, 0, bytes.length), 0);
    }

    private static ComponentBinary component(ByteReader r, int depth) {
        if (depth > MAX_NESTING) {
            throw r.error("components nest more than " + MAX_NESTING + " deep");
        }
        int start = r.position();
        preamble(r);
        List<Definition> defs = new ArrayList<>();
        while (!r.atEnd()) {
            int sectionStart = r.position();
            int id = r.u8("a section id");
            int size = r.u32("section size");
            ByteReader s = r.sub(size, "section " + id);
            switch (id) {
                case SECTION_CUSTOM:
                    s.name("custom section name");
                    s.skip(s.remaining());
                    break;
                case SECTION_CORE_MODULE:
                    coreModule(s, defs);
                    break;
                case SECTION_CORE_INSTANCE:
                    vec(s, "core instances", 2, () -> defs.add(coreInstance(s)));
                    break;
                case SECTION_CORE_TYPE:
                    vec(s, "core types", 1, () -> {
                        int at = s.position();
                        coreType(s, depth);
                        defs.add(new Definition.CoreTypeDefinition(at));
                    });
                    break;
                case SECTION_COMPONENT:
                    defs.add(new Definition.NestedComponent(s.position(), component(s, depth + 1)));
                    break;
                case SECTION_INSTANCE:
                    vec(s, "instances", 2, () -> defs.add(instance(s)));
                    break;
                case SECTION_ALIAS:
                    vec(s, "aliases", 3, () -> {
                        int at = s.position();
                        Sort sort = sort(s);
                        defs.add(new Alias(at, sort, aliasTarget(s)));
                    });
                    break;
                case SECTION_TYPE:
                    vec(s, "types", 1, () -> {
                        int at = s.position();
                        defs.add(new Definition.Type(at, defType(s, depth)));
                    });
                    break;
                case SECTION_CANON:
                    // at least one byte each: built-ins such as waitable-set.new have no immediates
                    vec(s, "canonical definitions", 1, () -> defs.add(canon(s)));
                    break;
                case SECTION_IMPORT:
                    vec(s, "imports", 3, () -> {
                        int at = s.position();
                        ExternName name = externName(s);
                        ExternType type = externType(s);
                        checkImplements(s, at, name, type.sort());
                        defs.add(new Definition.Import(at, name, type));
                    });
                    break;
                case SECTION_EXPORT:
                    vec(s, "exports", 4, () -> defs.add(export(s)));
                    break;
                case SECTION_START:
                    throw r.error(sectionStart, "the start section (component start functions) is not supported");
                case SECTION_VALUE:
                    throw r.error(sectionStart, "the value section is not supported");
                default:
                    throw r.error(sectionStart, "unknown section id " + id + ", expected 0 to 12");
            }
            if (!s.atEnd()) {
                throw s.error("section " + id + " has " + s.remaining() + " bytes left after its content");
            }
        }
        return new ComponentBinary(r.bytes(), start, defs);
    }

    private static void preamble(ByteReader r) {
        int at = r.position();
        if (r.remaining() < 8) {
            throw r.error("unexpected end of input, expected the 8-byte component preamble");
        }
        if (r.u8("magic") != 0 || r.u8("magic") != 'a' || r.u8("magic") != 's' || r.u8("magic") != 'm') {
            throw r.error(at, "bad magic number, expected \\0asm");
        }
        int version = r.u8("version") | r.u8("version") << 8;
        int layer = r.u8("layer") | r.u8("layer") << 8;
        if (layer == 0) {
            throw r.error(at + 4, "this is a core module, not a component");
        }
        if (layer != 1) {
            throw r.error(at + 6, "unknown layer " + layer + ", expected 1 (component)");
        }
        if (version != 0x0d) {
            throw r.error(at + 4, "unsupported component binary version 0x" + Integer.toHexString(version)
                    + ", expected 0xd");
        }
    }

    private static void coreModule(ByteReader s, List<Definition> defs) {
        int at = s.position();
        if (s.remaining() < 8 || s.bytes()[at] != 0 || s.bytes()[at + 1] != 'a' || s.bytes()[at + 2] != 's'
                || s.bytes()[at + 3] != 'm' || s.bytes()[at + 6] != 0 || s.bytes()[at + 7] != 0) {
            throw s.error("a core module section must hold a core module (\\0asm, layer 0)");
        }
        defs.add(new Definition.CoreModuleDef(at, at, s.end()));
        s.skip(s.remaining());
    }

    private static Definition coreInstance(ByteReader s) {
        int at = s.position();
        int tag = s.u8("core instance kind");
        if (tag == 0x00) {
            int module = s.index("core module index");
            List<Definition.CoreArg> args = new ArrayList<>();
            vec(s, "instantiation arguments", 3, () -> {
                String name = s.name("argument name");
                int sortAt = s.position();
                if (s.u8("argument sort") != 0x12) {
                    throw s.error(sortAt, "a core instantiation argument must be an instance (0x12)");
                }
                args.add(new Definition.CoreArg(name, s.index("core instance index")));
            });
            return new Definition.CoreInstantiate(at, module, args);
        }
        if (tag == 0x01) {
            List<Definition.InlineExport> exports = new ArrayList<>();
            vec(s, "core instance exports", 3, () -> {
                String name = s.name("export name");
                Sort sort = coreSort(s);
                exports.add(new Definition.InlineExport(name, sort, s.index("index")));
            });
            return new Definition.CoreInstanceExports(at, exports);
        }
        throw s.error(at, "unknown core instance kind 0x" + Integer.toHexString(tag) + ", expected 0x00 or 0x01");
    }

    private static Definition instance(ByteReader s) {
        int at = s.position();
        int tag = s.u8("instance kind");
        if (tag == 0x00) {
            int component = s.index("component index");
            List<Definition.Arg> args = new ArrayList<>();
            vec(s, "instantiation arguments", 3, () -> {
                String name = s.name("argument name");
                Sort sort = sort(s);
                args.add(new Definition.Arg(name, sort, s.index("index")));
            });
            return new Definition.Instantiate(at, component, args);
        }
        if (tag == 0x01) {
            List<Definition.InlineExport> exports = new ArrayList<>();
            vec(s, "instance exports", 3, () -> {
                String name = externName(s).name();
                Sort sort = sort(s);
                exports.add(new Definition.InlineExport(name, sort, s.index("index")));
            });
            return new Definition.InstanceExports(at, exports);
        }
        throw s.error(at, "unknown instance kind 0x" + Integer.toHexString(tag) + ", expected 0x00 or 0x01");
    }

    private static Sort coreSort(ByteReader s) {
        int at = s.position();
        int b = s.u8("core sort");
        switch (b) {
            case 0x00: return Sort.CORE_FUNC;
            case 0x01: return Sort.CORE_TABLE;
            case 0x02: return Sort.CORE_MEMORY;
            case 0x03: return Sort.CORE_GLOBAL;
            case 0x04: return Sort.CORE_TAG;
            case 0x10: return Sort.CORE_TYPE;
            case 0x11: return Sort.CORE_MODULE;
            case 0x12: return Sort.CORE_INSTANCE;
            default:
                throw s.error(at, "unknown core sort 0x" + Integer.toHexString(b));
        }
    }

    private static Sort sort(ByteReader s) {
        int at = s.position();
        int b = s.u8("sort");
        switch (b) {
            case 0x00: return coreSort(s);
            case 0x01: return Sort.FUNC;
            case 0x02: return Sort.VALUE;
            case 0x03: return Sort.TYPE;
            case 0x04: return Sort.COMPONENT;
            case 0x05: return Sort.INSTANCE;
            default:
                throw s.error(at, "unknown sort 0x" + Integer.toHexString(b) + ", expected 0x00 to 0x05");
        }
    }

    private static AliasTarget aliasTarget(ByteReader s) {
        int at = s.position();
        int tag = s.u8("alias kind");
        switch (tag) {
            case 0x00: {
                int instance = s.index("instance index");
                return new Definition.ExportAlias(instance, s.name("export name"));
            }
            case 0x01: {
                int instance = s.index("core instance index");
                return new Definition.CoreExportAlias(instance, s.name("export name"));
            }
            case 0x02: {
                int count = s.index("outer count");
                return new Definition.OuterAlias(count, s.index("outer index"));
            }
            default:
                throw s.error(at, "unknown alias kind 0x" + Integer.toHexString(tag) + ", expected 0x00 to 0x02");
        }
    }

    /**
     * An {@code externname} with its {@code nameattributes} prefix: {@code 0x00} or {@code 0x01} and
     * the name, or {@code 0x02}, the name and its attributes ({@code implements}, {@code
     * versionsuffix}, {@code external-id}), each at most once.
     */
    private static ExternName externName(ByteReader s) {
        int at = s.position();
        int tag = s.u8("name kind");
        if (tag != 0x00 && tag != 0x01 && tag != 0x02) {
            throw s.error(at, "unknown name kind 0x" + Integer.toHexString(tag) + ", expected 0x00 to 0x02");
        }
        String name = s.name("name");
        if (tag != 0x02) {
            return ExternName.of(name);
        }
        String[] attributes = new String[3];
        vec(s, "name attributes", 2, () -> {
            int attrAt = s.position();
            int kind = s.u8("attribute kind");
            if (kind > 0x02) {
                throw s.error(attrAt, "unknown name attribute 0x" + Integer.toHexString(kind)
                        + " of \"" + name + "\", expected 0x00 (implements), 0x01 (versionsuffix) or 0x02 (external-id)");
            }
            String value = s.name(ATTRIBUTES[kind]);
            if (attributes[kind] != null) {
                throw s.error(attrAt, "name \"" + name + "\" has the " + ATTRIBUTES[kind] + " attribute twice");
            }
            attributes[kind] = value;
        });
        if (attributes[0] != null && !isInterfaceName(attributes[0])) {
            throw s.error(at, "the implements attribute of \"" + name + "\" must name an interface"
                    + " (namespace:package/interface), not \"" + attributes[0] + "\"");
        }
        if (attributes[1] != null) {
            checkVersionSuffix(s, at, name, attributes[1]);
        }
        return new ExternName(name, Optional.ofNullable(attributes[0]), Optional.ofNullable(attributes[1]),
                Optional.ofNullable(attributes[2]));
    }

    private static boolean isInterfaceName(String name) {
        int colon = name.indexOf(':');
        int slash = name.indexOf('/');
        return colon > 0 && slash > colon + 1 && slash < name.length() - 1;
    }

    /**
     * A version suffix follows a canonical version ({@code 1}, {@code 0.2}, {@code 0.0.3}): the two
     * together make a {@code MAJOR.MINOR.PATCH} version with optional pre-release and build parts.
     */
    private static void checkVersionSuffix(ByteReader s, int at, String name, String suffix) {
        int version = name.lastIndexOf('@');
        if (version < 0 || !CANON_VERSION.matcher(name.substring(version + 1)).matches()) {
            throw s.error(at, "the version suffix \"" + suffix + "\" needs a name with a canonical version"
                    + " (such as @1 or @0.2), not \"" + name + "\"");
        }
        String full = name.substring(version + 1) + suffix;
        if (!isSemver(full)) {
            throw s.error(at, "the version suffix \"" + suffix + "\" of \"" + name + "\" makes \"" + full
                    + "\", which is not a semantic version");
        }
    }

    /**
     * Whether {@code v} is {@code MAJOR.MINOR.PATCH} (no leading zeros) with an optional {@code
     * -pre.release} and {@code +build}: dot-separated non-empty identifiers of [0-9A-Za-z-]. Written
     * out rather than as a regular expression, whose repeated groups recurse once per repetition.
     */
    static boolean isSemver(String v) {
        int plus = v.indexOf('+');
        String main = plus < 0 ? v : v.substring(0, plus);
        if (plus >= 0 && !identifiers(v.substring(plus + 1))) {
            return false;
        }
        int dash = main.indexOf('-');
        String core = dash < 0 ? main : main.substring(0, dash);
        if (dash >= 0 && !identifiers(main.substring(dash + 1))) {
            return false;
        }
        String[] parts = core.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 1 && p.charAt(0) == '0' || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean identifiers(String s) {
        for (String id : s.split("\\.", -1)) {
            if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code implements} describes an instance with a plain name (component-model validation). */
    private static void checkImplements(ByteReader s, int at, ExternName name, Sort sort) {
        if (name.implementsName().isPresent() && (sort != Sort.INSTANCE || name.name().indexOf(':') >= 0)) {
            throw s.error(at, "\"" + name.name() + "\" has the implements attribute, which only an instance with a"
                    + " plain name (no namespace) may have");
        }
    }

    private static Definition export(ByteReader s) {
        int at = s.position();
        ExternName name = externName(s);
        Sort sort = sort(s);
        checkImplements(s, at, name, sort);
        int index = s.index("index");
        ExternType type = null;
        int optAt = s.position();
        int present = s.u8("optional export type");
        if (present == 0x01) {
            type = externType(s);
        } else if (present != 0x00) {
            throw s.error(optAt, "expected 0x00 or 0x01 for the optional export type");
        }
        return new Definition.Export(at, name, sort, index, type);
    }

    private static ExternType externType(ByteReader s) {
        int at = s.position();
        int tag = s.u8("extern type");
        switch (tag) {
            case 0x00: {
                int sub = s.u8("core module type");
                if (sub != 0x11) {
                    throw s.error(at + 1, "expected 0x11 (core module) after 0x00 in an extern type");
                }
                return new ExternType.CoreModule(s.index("core type index"));
            }
            case 0x01:
                return new ExternType.Func(s.index("type index"));
            case 0x02:
                throw s.error(at, "value imports and exports are not supported");
            case 0x03: {
                int boundAt = s.position();
                int bound = s.u8("type bound");
                if (bound == 0x00) {
                    return new ExternType.TypeEq(s.index("type index"));
                }
                if (bound == 0x01) {
                    return new ExternType.SubResource();
                }
                throw s.error(boundAt, "unknown type bound 0x" + Integer.toHexString(bound));
            }
            case 0x04:
                return new ExternType.Component(s.index("type index"));
            case 0x05:
                return new ExternType.Instance(s.index("type index"));
            default:
                throw s.error(at, "unknown extern type 0x" + Integer.toHexString(tag) + ", expected 0x00 to 0x05");
        }
    }

    // ------------------------------------------------------------------ types

    private static TypeDef defType(ByteReader s, int depth) {
        if (depth > MAX_NESTING) {
            throw s.error("types nest more than " + MAX_NESTING + " deep");
        }
        int at = s.position();
        int tag = s.u8("type");
        switch (tag) {
            case 0x40: {
                List<Labeled> params = labeled(s, "parameters");
                return new TypeDef.FuncT(params, resultList(s));
            }
            case 0x43: {
                // decoded; refused where a function of this type is imported or lifted
                List<Labeled> params = labeled(s, "parameters");
                return new TypeDef.FuncT(params, resultList(s), true);
            }
            case 0x41: {
                List<Decl> decls = new ArrayList<>();
                vec(s, "component type declarations", 2, () -> {
                    int declAt = s.position();
                    if (s.peek("declaration") == 0x03) {
                        s.u8("declaration");
                        ExternName name = externName(s);
                        ExternType type = externType(s);
                        checkImplements(s, declAt + 1, name, type.sort());
                        decls.add(new TypeDef.ImportDecl(name, type));
                    } else {
                        decls.add(instanceDecl(s, depth, declAt));
                    }
                });
                return new TypeDef.ComponentT(decls);
            }
            case 0x42: {
                List<Decl> decls = new ArrayList<>();
                vec(s, "instance type declarations", 2, () -> decls.add(instanceDecl(s, depth, s.position())));
                return new TypeDef.InstanceT(decls);
            }
            case 0x3f: {
                int repAt = s.position();
                if (s.u8("resource representation") != 0x7f) {
                    throw s.error(repAt, "a resource's representation must be i32 (0x7f)");
                }
                int dtor = -1;
                int optAt = s.position();
                int present = s.u8("optional destructor");
                if (present == 0x01) {
                    dtor = s.index("destructor core function index");
                } else if (present != 0x00) {
                    throw s.error(optAt, "expected 0x00 or 0x01 for the optional destructor");
                }
                return new TypeDef.ResourceT(dtor);
            }
            case 0x3e:
                throw s.error(at, "async resource types are not supported");
            default:
                return defValType(s, tag, at);
        }
    }

    private static Decl instanceDecl(ByteReader s, int depth, int at) {
        int tag = s.u8("declaration");
        switch (tag) {
            case 0x00:
                coreType(s, depth + 1);
                return new TypeDef.CoreTypeDecl();
            case 0x01:
                return new TypeDef.TypeDecl(defType(s, depth + 1));
            case 0x02: {
                Sort sort = sort(s);
                return new TypeDef.AliasDecl(sort, aliasTarget(s));
            }
            case 0x04: {
                int nameAt = s.position();
                ExternName name = externName(s);
                ExternType type = externType(s);
                checkImplements(s, nameAt, name, type.sort());
                return new TypeDef.ExportDecl(name, type);
            }
            default:
                throw s.error(at, "unknown declaration 0x" + Integer.toHexString(tag) + ", expected 0x00 to 0x04");
        }
    }

    private static TypeDef defValType(ByteReader s, int tag, int at) {
        PrimType prim = PrimType.ofCode(tag);
        if (prim != null) {
            return new TypeDef.Prim(prim);
        }
        switch (tag) {
            case 0x72: {
                List<Labeled> fields = labeled(s, "record fields");
                if (fields.isEmpty()) {
                    throw s.error(at, "a record must have at least one field");
                }
                return new TypeDef.RecordT(fields);
            }
            case 0x71: {
                List<Case> cases = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                vec(s, "variant cases", 3, () -> {
                    int caseAt = s.position();
                    String name = s.name("case name");
                    if (!seen.add(name)) {
                        throw s.error(caseAt, "duplicate case \"" + name + "\"");
                    }
                    Optional<ValTypeRef> payload = optionalValType(s);
                    int endAt = s.position();
                    if (s.u8("case terminator") != 0x00) {
                        throw s.error(endAt, "expected 0x00 after a variant case (refinements are not supported)");
                    }
                    cases.add(new Case(name, payload));
                });
                if (cases.isEmpty()) {
                    throw s.error(at, "a variant must have at least one case");
                }
                return new TypeDef.VariantT(cases);
            }
            case 0x70:
                return new TypeDef.ListT(valType(s));
            case 0x67: {
                ValTypeRef element = valType(s);
                int lenAt = s.position();
                int length = s.index("fixed list length");
                if (length == 0) {
                    throw s.error(lenAt, "a fixed-length list must have a length above 0");
                }
                return new TypeDef.FixedListT(element, length);
            }
            case 0x6f: {
                List<ValTypeRef> types = new ArrayList<>();
                vec(s, "tuple types", 1, () -> types.add(valType(s)));
                if (types.isEmpty()) {
                    throw s.error(at, "a tuple must have at least one type");
                }
                return new TypeDef.TupleT(types);
            }
            case 0x6e: {
                List<String> labels = labels(s, "flags");
                if (labels.isEmpty() || labels.size() > 32) {
                    throw s.error(at, "flags must have 1 to 32 labels, not " + labels.size());
                }
                return new TypeDef.FlagsT(labels);
            }
            case 0x6d: {
                List<String> labels = labels(s, "enum cases");
                if (labels.isEmpty()) {
                    throw s.error(at, "an enum must have at least one case");
                }
                return new TypeDef.EnumT(labels);
            }
            case 0x6b:
                return new TypeDef.OptionT(valType(s));
            case 0x6a: {
                Optional<ValTypeRef> ok = optionalValType(s);
                return new TypeDef.ResultT(ok, optionalValType(s));
            }
            case 0x69:
                return new TypeDef.OwnT(s.index("resource type index"));
            case 0x68:
                return new TypeDef.BorrowT(s.index("resource type index"));
            case 0x66:
                optionalValType(s);
                return new TypeDef.UnsupportedT("stream");
            case 0x65:
                optionalValType(s);
                return new TypeDef.UnsupportedT("future");
            case 0x63: {
                ValTypeRef key = valType(s);
                if (key instanceof ValTypeRef.Primitive p && !isKeyType(p.type())) {
                    throw s.error(at + 1, "a map key must be bool, an integer, char or string, not "
                            + p.type().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                return new TypeDef.MapT(key, valType(s));
            }
            default:
                throw s.error(at, "unknown type 0x" + Integer.toHexString(tag));
        }
    }

    /** Whether a map may have keys of {@code type} ({@code keytype} in component-model {@code Explainer.md}). */
    public static boolean isKeyType(PrimType type) {
        return type != PrimType.F32 && type != PrimType.F64 && type != PrimType.ERROR_CONTEXT;
    }

    private static Optional<ValTypeRef> resultList(ByteReader s) {
        int at = s.position();
        int tag = s.u8("result list");
        if (tag == 0x00) {
            return Optional.of(valType(s));
        }
        if (tag == 0x01) {
            int countAt = s.position();
            int n = s.u32("count of named results");
            if (n != 0) {
                throw s.error(countAt, "named function results are not supported");
            }
            return Optional.empty();
        }
        throw s.error(at, "unknown result list 0x" + Integer.toHexString(tag) + ", expected 0x00 or 0x01");
    }

    private static List<Labeled> labeled(ByteReader s, String what) {
        List<Labeled> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        vec(s, what, 2, () -> {
            int at = s.position();
            String name = s.name("label");
            if (!seen.add(name)) {
                throw s.error(at, "duplicate label \"" + name + "\" in " + what);
            }
            out.add(new Labeled(name, valType(s)));
        });
        return out;
    }

    private static List<String> labels(ByteReader s, String what) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        vec(s, what, 1, () -> {
            int at = s.position();
            String name = s.name("label");
            if (!seen.add(name)) {
                throw s.error(at, "duplicate label \"" + name + "\" in " + what);
            }
            out.add(name);
        });
        return out;
    }

    private static Optional<ValTypeRef> optionalValType(ByteReader s) {
        int at = s.position();
        int present = s.u8("optional type");
        if (present == 0x00) {
            return Optional.empty();
        }
        if (present == 0x01) {
            return Optional.of(valType(s));
        }
        throw s.error(at, "expected 0x00 or 0x01 for an optional type");
    }

    private static ValTypeRef valType(ByteReader s) {
        int at = s.position();
        long v = s.s33("value type");
        if (v >= 0) {
            if (v > Integer.MAX_VALUE) {
                throw s.error(at, "type index " + v + " is out of range");
            }
            return new ValTypeRef.Indexed((int) v);
        }
        PrimType prim = PrimType.ofCode((int) (v & 0x7f));
        if (prim == null || v < -0x40) {
            throw s.error(at, "unknown value type " + v);
        }
        return new ValTypeRef.Primitive(prim);
    }

    // ------------------------------------------------------------------ core types (skipped)

    private static void coreType(ByteReader s, int depth) {
        if (depth > MAX_NESTING) {
            throw s.error("core types nest more than " + MAX_NESTING + " deep");
        }
        int at = s.position();
        int tag = s.u8("core type");
        switch (tag) {
            case 0x60:
                coreFuncType(s);
                return;
            case 0x50:
                vec(s, "module type declarations", 2, () -> {
                    int declAt = s.position();
                    int decl = s.u8("module type declaration");
                    switch (decl) {
                        case 0x00:
                            s.name("import module");
                            s.name("import name");
                            coreExternType(s);
                            break;
                        case 0x01:
                            coreType(s, depth + 1);
                            break;
                        case 0x02: {
                            int aliasAt = s.position();
                            if (s.u8("alias sort") != 0x10 || s.u8("alias kind") != 0x01) {
                                throw s.error(aliasAt, "a module type alias must be an outer type alias (0x10 0x01)");
                            }
                            s.index("outer count");
                            s.index("outer index");
                            break;
                        }
                        case 0x03:
                            s.name("export name");
                            coreExternType(s);
                            break;
                        default:
                            throw s.error(declAt, "unknown module type declaration 0x" + Integer.toHexString(decl));
                    }
                });
                return;
            default:
                throw s.error(at, "unsupported core type 0x" + Integer.toHexString(tag)
                        + ", expected a function type (0x60) or module type (0x50)");
        }
    }

    private static void coreFuncType(ByteReader s) {
        vec(s, "core parameter types", 1, () -> coreValType(s));
        vec(s, "core result types", 1, () -> coreValType(s));
    }

    private static void coreValType(ByteReader s) {
        int at = s.position();
        int b = s.u8("core value type");
        if (b == 0x7f || b == 0x7e || b == 0x7d || b == 0x7c || b == 0x7b || b == 0x70 || b == 0x6f) {
            return;
        }
        throw s.error(at, "unsupported core value type 0x" + Integer.toHexString(b));
    }

    private static void coreExternType(ByteReader s) {
        int at = s.position();
        int tag = s.u8("core extern type");
        switch (tag) {
            case 0x00:
                s.index("core type index");
                return;
            case 0x01: {
                int refAt = s.position();
                int ref = s.u8("table element type");
                if (ref != 0x70 && ref != 0x6f) {
                    throw s.error(refAt, "unsupported table element type 0x" + Integer.toHexString(ref));
                }
                limits(s);
                return;
            }
            case 0x02:
                limits(s);
                return;
            case 0x03:
                coreValType(s);
                int mutAt = s.position();
                if (s.u8("global mutability") > 1) {
                    throw s.error(mutAt, "global mutability must be 0x00 or 0x01");
                }
                return;
            case 0x04:
                if (s.u8("tag attribute") != 0) {
                    throw s.error(at + 1, "tag attribute must be 0x00");
                }
                s.index("core type index");
                return;
            default:
                throw s.error(at, "unknown core extern type 0x" + Integer.toHexString(tag));
        }
    }

    private static void limits(ByteReader s) {
        int at = s.position();
        int flags = s.u8("limits flags");
        if (flags > 0x07) {
            throw s.error(at, "unknown limits flags 0x" + Integer.toHexString(flags));
        }
        boolean is64 = (flags & 0x04) != 0;
        leb(s, is64);
        if ((flags & 0x01) != 0) {
            leb(s, is64);
        }
    }

    private static void leb(ByteReader s, boolean is64) {
        if (!is64) {
            s.u32("limit");
            return;
        }
        int at = s.position();
        for (int i = 0; i < 10; i++) {
            if ((s.u8("limit") & 0x80) == 0) {
                return;
            }
        }
        throw s.error(at, "the LEB128 limit is longer than 10 bytes");
    }

    // ------------------------------------------------------------------ canon

    private static Definition canon(ByteReader s) {
        int at = s.position();
        int tag = s.u8("canonical definition");
        switch (tag) {
            case 0x00: {
                expectFuncSort(s);
                int coreFunc = s.index("core function index");
                CanonOptions options = options(s);
                return new Definition.CanonLift(at, coreFunc, options, s.index("type index"));
            }
            case 0x01: {
                expectFuncSort(s);
                int func = s.index("function index");
                return new Definition.CanonLower(at, func, options(s));
            }
            case 0x02:
                return new Definition.ResourceNew(at, s.index("resource type index"));
            case 0x03:
                return new Definition.ResourceDrop(at, s.index("resource type index"));
            case 0x04:
                return new Definition.ResourceRep(at, s.index("resource type index"));
            default:
                return asyncBuiltin(s, at, tag);
        }
    }

    /**
     * The canonical built-ins of the async ABI, threads and error contexts (component-model {@code
     * Binary.md}, {@code canon}): their immediates are read, and they are refused at instantiation.
     */
    private static Definition asyncBuiltin(ByteReader s, int at, int tag) {
        String name;
        switch (tag) {
            case 0x24: name = "backpressure.inc"; break;
            case 0x25: name = "backpressure.dec"; break;
            case 0x09:
                name = "task.return";
                resultList(s);
                options(s);
                break;
            case 0x05: name = "task.cancel"; break;
            case 0x0a:
            case 0x0b:
                name = tag == 0x0a ? "context.get" : "context.set";
                coreValType(s);
                s.u32("context slot");
                break;
            case 0x06: name = "subtask.cancel"; flag(s, "async"); break;
            case 0x0d: name = "subtask.drop"; break;
            case 0x0e: name = "stream.new"; s.index("type index"); break;
            case 0x0f:
            case 0x10:
                name = tag == 0x0f ? "stream.read" : "stream.write";
                s.index("type index");
                options(s);
                break;
            case 0x11:
            case 0x12:
                name = tag == 0x11 ? "stream.cancel-read" : "stream.cancel-write";
                s.index("type index");
                flag(s, "async");
                break;
            case 0x13: name = "stream.drop-readable"; s.index("type index"); break;
            case 0x14: name = "stream.drop-writable"; s.index("type index"); break;
            case 0x15: name = "future.new"; s.index("type index"); break;
            case 0x16:
            case 0x17:
                name = tag == 0x16 ? "future.read" : "future.write";
                s.index("type index");
                options(s);
                break;
            case 0x18:
            case 0x19:
                name = tag == 0x18 ? "future.cancel-read" : "future.cancel-write";
                s.index("type index");
                flag(s, "async");
                break;
            case 0x1a: name = "future.drop-readable"; s.index("type index"); break;
            case 0x1b: name = "future.drop-writable"; s.index("type index"); break;
            case 0x1c: name = "error-context.new"; options(s); break;
            case 0x1d: name = "error-context.debug-message"; options(s); break;
            case 0x1e: name = "error-context.drop"; break;
            case 0x1f: name = "waitable-set.new"; break;
            case 0x20:
            case 0x21:
                name = tag == 0x20 ? "waitable-set.wait" : "waitable-set.poll";
                flag(s, "cancellable");
                s.index("memory index");
                break;
            case 0x22: name = "waitable-set.drop"; break;
            case 0x23: name = "waitable.join"; break;
            case 0x26: name = "thread.index"; break;
            case 0x27:
                name = "thread.new-indirect";
                s.index("core type index");
                s.index("table index");
                break;
            case 0x28: name = "thread.resume-later"; break;
            case 0x29: name = "thread.suspend"; flag(s, "cancellable"); break;
            case 0x0c: name = "thread.yield"; flag(s, "cancellable"); break;
            case 0x2a: name = "thread.suspend-then-resume"; flag(s, "cancellable"); break;
            case 0x2b: name = "thread.yield-then-resume"; flag(s, "cancellable"); break;
            case 0x2c: name = "thread.suspend-then-promote"; flag(s, "cancellable"); break;
            case 0x2d: name = "thread.yield-then-promote"; flag(s, "cancellable"); break;
            case 0x40:
                name = "thread.spawn-ref";
                flag(s, "shared");
                s.index("core type index");
                break;
            case 0x41:
                name = "thread.spawn-indirect";
                flag(s, "shared");
                s.index("core type index");
                s.index("table index");
                break;
            case 0x42: name = "thread.available-parallelism"; flag(s, "shared"); break;
            default:
                throw s.error(at, "unknown canonical definition 0x" + Integer.toHexString(tag));
        }
        return new Definition.AsyncBuiltin(at, name);
    }

    /** A 0x00/0x01 flag immediate such as {@code async?} or {@code cancel?}. */
    private static void flag(ByteReader s, String what) {
        int at = s.position();
        if (s.u8(what + " flag") > 1) {
            throw s.error(at, "expected 0x00 or 0x01 for the " + what + " flag");
        }
    }

    private static void expectFuncSort(ByteReader s) {
        int at = s.position();
        if (s.u8("function sort") != 0x00) {
            throw s.error(at, "expected 0x00 (the func sort) in a canonical definition");
        }
    }

    private static CanonOptions options(ByteReader s) {
        StringEncoding[] encoding = {null};
        int[] memory = {-1};
        int[] realloc = {-1};
        int[] postReturn = {-1};
        boolean[] async = {false};
        int[] callback = {-1};
        vec(s, "canonical options", 1, () -> {
            int at = s.position();
            int tag = s.u8("canonical option");
            switch (tag) {
                case 0x00:
                case 0x01:
                case 0x02:
                    if (encoding[0] != null) {
                        throw s.error(at, "the string encoding is given twice");
                    }
                    encoding[0] = tag == 0 ? StringEncoding.UTF8 : tag == 1 ? StringEncoding.UTF16 : StringEncoding.LATIN1_UTF16;
                    break;
                case 0x03:
                    memory[0] = once(s, at, memory[0], s.index("memory index"), "memory");
                    break;
                case 0x04:
                    realloc[0] = once(s, at, realloc[0], s.index("realloc function index"), "realloc");
                    break;
                case 0x05:
                    postReturn[0] = once(s, at, postReturn[0], s.index("post-return function index"), "post-return");
                    break;
                case 0x06:
                    if (async[0]) {
                        throw s.error(at, "the async option is given twice");
                    }
                    async[0] = true;
                    break;
                case 0x07:
                    callback[0] = once(s, at, callback[0], s.index("callback function index"), "callback");
                    break;
                default:
                    throw s.error(at, "unknown canonical option 0x" + Integer.toHexString(tag));
            }
        });
        return new CanonOptions(encoding[0] == null ? StringEncoding.UTF8 : encoding[0], memory[0], realloc[0],
                postReturn[0], async[0], callback[0]);
    }

    private static int once(ByteReader s, int at, int previous, int value, String what) {
        if (previous != -1) {
            throw s.error(at, "the " + what + " option is given twice");
        }
        return value;
    }

    /** Reads a vector of {@code what}, each element at least {@code minSize} bytes. */
    private static void vec(ByteReader s, String what, int minSize, Runnable element) {
        int n = s.count(what, minSize);
        for (int i = 0; i < n; i++) {
            element.run();
        }
    }
}
