package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The type references inside a {@link TypeDefKind}: listing them, and rebuilding with new ones. */
final class TypeRefs {
    private TypeRefs() {
    }

    /** Every type a kind refers to directly (a handle's resource counts as a reference). */
    static List<Type> of(TypeDefKind kind) {
        return kind.references();
    }

    /** The same kind with every direct type reference passed through {@code f}. */
    static TypeDefKind map(TypeDefKind kind, UnaryOperator<Type> f) {
        if (kind instanceof TypeDefKind.Alias a) {
            return new TypeDefKind.Alias(f.apply(a.target()));
        }
        if (kind instanceof TypeDefKind.Record r) {
            List<TypeDefKind.Field> fields = new ArrayList<>();
            for (TypeDefKind.Field field : r.fields()) {
                fields.add(new TypeDefKind.Field(field.name(), f.apply(field.type()), field.docs()));
            }
            return new TypeDefKind.Record(List.copyOf(fields));
        }
        if (kind instanceof TypeDefKind.Handle h) {
            Type mapped = f.apply(new Type.Ref(h.resource()));
            return new TypeDefKind.Handle(h.borrow(), ((Type.Ref) mapped).id());
        }
        if (kind instanceof TypeDefKind.Tuple t) {
            List<Type> types = new ArrayList<>();
            for (Type e : t.types()) {
                types.add(f.apply(e));
            }
            return new TypeDefKind.Tuple(List.copyOf(types));
        }
        if (kind instanceof TypeDefKind.Variant v) {
            List<TypeDefKind.Case> cases = new ArrayList<>();
            for (TypeDefKind.Case c : v.cases()) {
                cases.add(new TypeDefKind.Case(c.name(), c.type().map(f), c.docs()));
            }
            return new TypeDefKind.Variant(List.copyOf(cases));
        }
        if (kind instanceof TypeDefKind.Option o) {
            return new TypeDefKind.Option(f.apply(o.type()));
        }
        if (kind instanceof TypeDefKind.Result r) {
            return new TypeDefKind.Result(r.ok().map(f), r.err().map(f));
        }
        if (kind instanceof TypeDefKind.ListOf l) {
            return new TypeDefKind.ListOf(f.apply(l.element()));
        }
        if (kind instanceof TypeDefKind.FixedList l) {
            return new TypeDefKind.FixedList(f.apply(l.element()), l.size());
        }
        if (kind instanceof TypeDefKind.MapOf m) {
            return new TypeDefKind.MapOf(f.apply(m.key()), f.apply(m.value()));
        }
        if (kind instanceof TypeDefKind.Future fu) {
            return new TypeDefKind.Future(fu.payload().map(f));
        }
        if (kind instanceof TypeDefKind.Stream s) {
            return new TypeDefKind.Stream(s.payload().map(f));
        }
        // Resource, Flags, Enum: no references.
        return kind;
    }
}
