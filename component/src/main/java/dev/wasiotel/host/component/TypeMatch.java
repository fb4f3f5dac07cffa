package dev.wasiotel.host.component;

import dev.wasiotel.host.component.ResolvedType.FuncType;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.WitFunctionType;
import java.util.List;
import java.util.Optional;

/**
 * Checks the type with which a component imports a function against the WIT type of the host
 * function that serves it, as the component model's validation does: function and value types
 * have no subtyping, so parameter names, parameter types and the result must be equal, and value
 * types are equal when their structure is, including the names of record fields, variant and enum
 * cases and flags, in order. (What subtyping remains is at the level of instances, which {@link
 * Instantiator} applies: a host interface may have more functions than the component imports.)
 *
 * <p>Resource handles are equal when {@code own}/{@code borrow} agree, the resource names agree
 * and both resources belong to the same host interface: a resource the component imports with
 * interface {@code X} is the host's resource of the same name in the host interface that serves
 * {@code X} (which is how the instantiator binds it), and a resource named in a host function's
 * type belongs to the host interface that serves its {@link AbiType.Handle#owner() owner} (or the
 * function's own interface). A resource that no host interface serves, such as one the component
 * defines itself, matches nothing. {@code future}, {@code stream} and {@code error-context} are
 * compared by kind only, as their payloads are not modelled yet.
 */
final class TypeMatch {
    /** How long a type's description in a message may grow before it is cut. */
    private static final int MAX_DESCRIPTION = 80;

    private final HostInterfaces host;
    private final HostInterface self;

    /**
     * @param host the host's interfaces, which resolve the owners of resources
     * @param self the host interface that serves the function, which also serves its import
     */
    private TypeMatch(HostInterfaces host, HostInterface self) {
        this.host = host;
        this.self = self;
    }

    /**
     * The first difference between the component's type of a function and the host's, as a
     * message (e.g. {@code result: the component has `enum {low, high}`, the host has `u8`}), or
     * null when they are equal.
     *
     * @param component the type the component imports the function with
     * @param hostType the host function's WIT type
     * @param host the host's interfaces
     * @param self the host interface serving the function
     */
    static String firstDifference(FuncType component, WitFunctionType hostType, HostInterfaces host,
            HostInterface self) {
        return new TypeMatch(host, self).function(component, hostType);
    }

    private String function(FuncType c, WitFunctionType h) {
        int n = Math.min(c.params().size(), h.params().size());
        for (int i = 0; i < n; i++) {
            String cn = c.paramNames().get(i);
            WitFunctionType.Param hp = h.params().get(i);
            if (!cn.equals(hp.name())) {
                return "parameter " + i + ": the component has `" + cn + ": " + describe(c.params().get(i))
                        + "`, the host has `" + hp.name() + ": " + describe(hp.type()) + "`";
            }
            String d = value(c.params().get(i), hp.type(), "parameter `" + cn + "`");
            if (d != null) {
                return d;
            }
        }
        if (c.params().size() > n) {
            return "parameter " + n + ": the component has `" + c.paramNames().get(n) + ": "
                    + describe(c.params().get(n)) + "`, the host has " + count(n, "parameter");
        }
        if (h.params().size() > n) {
            WitFunctionType.Param hp = h.params().get(n);
            return "parameter " + n + ": the component has " + count(n, "parameter") + ", the host has `" + hp.name() + ": "
                    + describe(hp.type()) + "`";
        }
        return optional(c.result(), h.result(), "result");
    }

    private String optional(Optional<AbiType> c, Optional<AbiType> h, String path) {
        if (c.isPresent() && h.isPresent()) {
            return value(c.get(), h.get(), path);
        }
        if (c.isPresent() != h.isPresent()) {
            return path + ": the component has " + c.map(t -> "`" + describe(t) + "`").orElse("none") + ", the host has "
                    + h.map(t -> "`" + describe(t) + "`").orElse("none");
        }
        return null;
    }

    private String value(AbiType c, AbiType h, String path) {
        if (c.getClass() != h.getClass() || c instanceof AbiType.Prim) {
            return c.equals(h) ? null : mismatch(path, c, h);
        }
        if (c instanceof AbiType.ListOf cl) {
            return value(cl.element(), ((AbiType.ListOf) h).element(), path + " element");
        }
        if (c instanceof AbiType.FixedList cl) {
            AbiType.FixedList hl = (AbiType.FixedList) h;
            return cl.length() != hl.length() ? mismatch(path, c, h) : value(cl.element(), hl.element(), path + " element");
        }
        if (c instanceof AbiType.Record cr) {
            return fields(cr.fields(), ((AbiType.Record) h).fields(), path);
        }
        if (c instanceof AbiType.Tuple ct) {
            List<AbiType> hs = ((AbiType.Tuple) h).types();
            if (ct.types().size() != hs.size()) {
                return mismatch(path, c, h);
            }
            for (int i = 0; i < hs.size(); i++) {
                String d = value(ct.types().get(i), hs.get(i), path + " element " + i);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (c instanceof AbiType.Variant cv) {
            return cases(cv.cases(), ((AbiType.Variant) h).cases(), path);
        }
        if (c instanceof AbiType.Enum ce) {
            return labels(ce.labels(), ((AbiType.Enum) h).labels(), path, "case");
        }
        if (c instanceof AbiType.Flags cf) {
            return labels(cf.labels(), ((AbiType.Flags) h).labels(), path, "flag");
        }
        if (c instanceof AbiType.Option co) {
            return value(co.payload(), ((AbiType.Option) h).payload(), path + " payload");
        }
        if (c instanceof AbiType.Result cr) {
            AbiType.Result hr = (AbiType.Result) h;
            String d = optional(cr.ok(), hr.ok(), path + " ok");
            return d != null ? d : optional(cr.err(), hr.err(), path + " error");
        }
        if (c instanceof AbiType.Handle ch) {
            return handle(ch, (AbiType.Handle) h, path);
        }
        return c.equals(h) ? null : mismatch(path, c, h);
    }

    private String fields(List<AbiType.Field> c, List<AbiType.Field> h, String path) {
        int n = Math.min(c.size(), h.size());
        for (int i = 0; i < n; i++) {
            AbiType.Field cf = c.get(i);
            AbiType.Field hf = h.get(i);
            if (!cf.name().equals(hf.name())) {
                return path + " field " + i + ": the component has `" + cf.name() + ": " + describe(cf.type())
                        + "`, the host has `" + hf.name() + ": " + describe(hf.type()) + "`";
            }
            String d = value(cf.type(), hf.type(), path + " field `" + cf.name() + "`");
            if (d != null) {
                return d;
            }
        }
        return c.size() == h.size() ? null : path + ": the component has " + count(c.size(), "field")
                + ", the host has " + h.size();
    }

    private String cases(List<AbiType.Case> c, List<AbiType.Case> h, String path) {
        int n = Math.min(c.size(), h.size());
        for (int i = 0; i < n; i++) {
            AbiType.Case cc = c.get(i);
            AbiType.Case hc = h.get(i);
            if (!cc.name().equals(hc.name())) {
                return path + " case " + i + ": the component has `" + caseText(cc) + "`, the host has `" + caseText(hc)
                        + "`";
            }
            String d = optional(cc.payload(), hc.payload(), path + " case `" + cc.name() + "`");
            if (d != null) {
                return d;
            }
        }
        return c.size() == h.size() ? null : path + ": the component has " + count(c.size(), "case")
                + ", the host has " + h.size();
    }

    private static String labels(List<String> c, List<String> h, String path, String what) {
        int n = Math.min(c.size(), h.size());
        for (int i = 0; i < n; i++) {
            if (!c.get(i).equals(h.get(i))) {
                return path + " " + what + " " + i + ": the component has `" + c.get(i) + "`, the host has `" + h.get(i)
                        + "`";
            }
        }
        return c.size() == h.size() ? null : path + ": the component has " + count(c.size(), what)
                + ", the host has " + h.size();
    }

    private String handle(AbiType.Handle c, AbiType.Handle h, String path) {
        if (c.borrow() != h.borrow() || !c.resource().equals(h.resource())) {
            return mismatch(path, c, h);
        }
        HostInterface cs = c.owner() == null ? self : host.find(c.owner());
        HostInterface hs = h.owner() == null ? self : host.find(h.owner());
        if (cs != null && cs == hs) {
            return null;
        }
        return path + ": the component has `" + describe(c) + "` of " + ownerText(c.owner(), cs)
                + ", the host has `" + describe(h) + "` of " + ownerText(h.owner(), hs);
    }

    private String ownerText(String owner, HostInterface servedBy) {
        String name = owner != null ? owner : self == null ? "this interface" : self.name();
        return servedBy == null ? name + " (which the host does not serve)" : name;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String mismatch(String path, AbiType c, AbiType h) {
        return path + ": the component has `" + describe(c) + "`, the host has `" + describe(h) + "`";
    }

    private static String caseText(AbiType.Case c) {
        return c.payload().map(p -> c.name() + "(" + describe(p) + ")").orElse(c.name());
    }

    /** A short WIT-like description of a type, for messages: names of fields and cases, not their types. */
    static String describe(AbiType type) {
        StringBuilder sb = new StringBuilder();
        describe(type, sb);
        if (sb.length() > MAX_DESCRIPTION) {
            sb.setLength(MAX_DESCRIPTION);
            sb.append('…');
        }
        return sb.toString();
    }

    private static void describe(AbiType t, StringBuilder sb) {
        if (sb.length() > MAX_DESCRIPTION) {
            return;
        }
        if (t instanceof AbiType.Prim p) {
            sb.append(p.name().toLowerCase(java.util.Locale.ROOT));
        } else if (t instanceof AbiType.ListOf l) {
            sb.append("list<");
            describe(l.element(), sb);
            sb.append('>');
        } else if (t instanceof AbiType.FixedList l) {
            sb.append("list<");
            describe(l.element(), sb);
            sb.append(", ").append(l.length()).append('>');
        } else if (t instanceof AbiType.Record r) {
            sb.append("record ");
            names(r.fields().stream().map(AbiType.Field::name).toList(), sb);
        } else if (t instanceof AbiType.Tuple tu) {
            sb.append("tuple<");
            for (int i = 0; i < tu.types().size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                describe(tu.types().get(i), sb);
            }
            sb.append('>');
        } else if (t instanceof AbiType.Variant v) {
            sb.append("variant ");
            names(v.cases().stream().map(AbiType.Case::name).toList(), sb);
        } else if (t instanceof AbiType.Enum e) {
            sb.append("enum ");
            names(e.labels(), sb);
        } else if (t instanceof AbiType.Flags f) {
            sb.append("flags ");
            names(f.labels(), sb);
        } else if (t instanceof AbiType.Option o) {
            sb.append("option<");
            describe(o.payload(), sb);
            sb.append('>');
        } else if (t instanceof AbiType.Result r) {
            sb.append("result");
            if (r.ok().isPresent() || r.err().isPresent()) {
                sb.append('<');
                if (r.ok().isPresent()) {
                    describe(r.ok().get(), sb);
                } else {
                    sb.append('_');
                }
                if (r.err().isPresent()) {
                    sb.append(", ");
                    describe(r.err().get(), sb);
                }
                sb.append('>');
            }
        } else if (t instanceof AbiType.Handle h) {
            sb.append(h.borrow() ? "borrow<" : "own<").append(h.resource()).append('>');
        } else if (t instanceof AbiType.Opaque o) {
            sb.append(o.kind());
        }
    }

    /** {@code {a, b, c}}, stopping once the description is long enough to be cut anyway. */
    private static void names(List<String> names, StringBuilder sb) {
        sb.append('{');
        for (int i = 0; i < names.size() && sb.length() <= MAX_DESCRIPTION; i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i));
        }
        sb.append('}');
    }
}
