package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayList;
import java.util.List;

/** The types an anonymous type is built from, in order (for structural keys). */
final class TypeRefsView {
    private TypeRefsView() {
    }

    static List<Type> of(TypeDefKind kind) {
        List<Type> out = new ArrayList<>();
        if (kind instanceof TypeDefKind.ListOf l) {
            out.add(l.element());
        } else if (kind instanceof TypeDefKind.FixedList l) {
            out.add(l.element());
        } else if (kind instanceof TypeDefKind.Option o) {
            out.add(o.type());
        } else if (kind instanceof TypeDefKind.Result r) {
            r.ok().ifPresent(out::add);
            r.err().ifPresent(out::add);
        } else if (kind instanceof TypeDefKind.Tuple t) {
            out.addAll(t.types());
        } else if (kind instanceof TypeDefKind.MapOf m) {
            out.add(m.key());
            out.add(m.value());
        } else if (kind instanceof TypeDefKind.Alias a) {
            out.add(a.target());
        }
        return out;
    }
}
