package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayList;
import java.util.List;

/** The types a type definition refers to directly: one level of the type graph. */
final class TypeWalk {
    private TypeWalk() {
    }

    /** The directly referenced types of {@code kind}, in order. */
    static List<Type> children(TypeDefKind kind) {
        List<Type> out = new ArrayList<>();
        if (kind instanceof TypeDefKind.Alias a) {
            out.add(a.target());
        } else if (kind instanceof TypeDefKind.Record r) {
            for (TypeDefKind.Field f : r.fields()) {
                out.add(f.type());
            }
        } else if (kind instanceof TypeDefKind.Handle h) {
            out.add(new Type.Ref(h.resource()));
        } else if (kind instanceof TypeDefKind.Tuple t) {
            out.addAll(t.types());
        } else if (kind instanceof TypeDefKind.Variant v) {
            for (TypeDefKind.Case c : v.cases()) {
                c.type().ifPresent(out::add);
            }
        } else if (kind instanceof TypeDefKind.Option o) {
            out.add(o.type());
        } else if (kind instanceof TypeDefKind.Result r) {
            r.ok().ifPresent(out::add);
            r.err().ifPresent(out::add);
        } else if (kind instanceof TypeDefKind.ListOf l) {
            out.add(l.element());
        } else if (kind instanceof TypeDefKind.FixedList fl) {
            out.add(fl.element());
        } else if (kind instanceof TypeDefKind.MapOf m) {
            out.add(m.key());
            out.add(m.value());
        } else if (kind instanceof TypeDefKind.Future f) {
            f.payload().ifPresent(out::add);
        } else if (kind instanceof TypeDefKind.Stream s) {
            s.payload().ifPresent(out::add);
        }
        return out;
    }
}
