package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Builds the Java {@code record}s that carry WIT values (records and variant cases). This is the
 * one place that decides what a generated value type looks like.
 *
 * <p>The record's Javadoc is the caller's text followed by one {@code @param} per component. When
 * a component is not primitive, a compact canonical constructor rejects null
 * ({@link Objects#requireNonNull}, message = component name) and stores immutable copies of
 * collections: lists with {@link List#copyOf}, flags sets with {@link EnumSet#copyOf(EnumSet)}, maps
 * as an unmodifiable {@link LinkedHashMap} copy (keeping insertion order). Arrays are not copied:
 * the caller hands them over.
 *
 * <p>Array components ({@code byte[]} for {@code list<u8>} and the like): a plain record would
 * compare, hash and print them by identity. So a record with an array component overrides
 * {@code equals}, {@code hashCode} and {@code toString} to use {@link Arrays#equals},
 * {@link Arrays#hashCode} and {@link Arrays#toString} for those components (other components as a
 * record does: {@code ==} / {@link Float#compare} / {@link Double#compare} for primitives,
 * {@code equals} for references), keeping the record format {@code Name[a=1, b=[1, 2]]}. Records
 * without array components rely on the implicit methods.
 */
final class RecordSpecs {
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName MAP = ClassName.get(Map.class);
    private static final ClassName ENUM_SET = ClassName.get(EnumSet.class);

    /**
     * One component.
     *
     * @param name the Java name (component, accessor and constructor parameter)
     * @param type its Java type
     * @param doc escaped Javadoc text, possibly empty
     */
    record Component(String name, TypeName type, String doc) {
    }

    private RecordSpecs() {
    }

    /**
     * A builder for a public record, with its Javadoc but without annotations.
     *
     * @param name the record
     * @param components the components in order
     * @param doc the record's Javadoc text before the {@code @param} tags, ending in a newline
     * @param nested whether the record is nested (then it is also {@code static}, which JavaPoet
     *     requires for a member of an interface; the modifier is implicit and not written there)
     * @return the builder, to which callers may add more (annotations, superinterfaces, methods)
     */
    static TypeSpec.Builder build(ClassName name, List<Component> components, CodeBlock doc, boolean nested) {
        TypeSpec.Builder type = TypeSpec.recordBuilder(name).addModifiers(Modifier.PUBLIC)
                .addJavadoc(javadoc(components, doc));
        if (nested) {
            type.addModifiers(Modifier.STATIC);
        }
        if (components.isEmpty()) {
            return type;
        }
        type.recordConstructor(compactConstructor(components));
        if (components.stream().anyMatch(c -> c.type() instanceof ArrayTypeName)) {
            type.addMethod(equalsMethod(name, components));
            type.addMethod(hashCodeMethod(components));
            type.addMethod(toStringMethod(name, components));
        }
        return type;
    }

    private static CodeBlock javadoc(List<Component> components, CodeBlock doc) {
        CodeBlock.Builder out = doc.toBuilder();
        if (!components.isEmpty() && !doc.isEmpty()) {
            out.add("\n");
        }
        for (Component c : components) {
            out.add("@param $L $L\n", c.name(),
                    c.doc().isEmpty() ? "the {@code " + c.name() + "} component" : c.doc());
        }
        return out.build();
    }

    /**
     * The canonical constructor. Its parameters are the record components; its body (checks and
     * copies) is only written when there is something to check, as a compact constructor.
     */
    private static MethodSpec compactConstructor(List<Component> components) {
        MethodSpec.Builder ctor = MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Checks the components and makes collection components unmodifiable copies.\n\n"
                        + "@throws NullPointerException if a component is null\n");
        for (Component c : components) {
            ctor.addParameter(c.type(), c.name());
            if (!c.type().isPrimitive()) {
                ctor.addStatement(check(c));
            }
        }
        return ctor.build();
    }

    private static CodeBlock check(Component c) {
        TypeName t = c.type();
        String n = c.name();
        CodeBlock checked = CodeBlock.of("$T.requireNonNull($N, $S)", Objects.class, n, n);
        if (isParameterized(t, LIST)) {
            return CodeBlock.of("$N = $T.copyOf($L)", n, List.class, checked);
        }
        if (isParameterized(t, ENUM_SET)) {
            return CodeBlock.of("$N = $T.copyOf($L)", n, EnumSet.class, checked);
        }
        if (isParameterized(t, MAP)) {
            return CodeBlock.of("$N = $T.unmodifiableMap(new $T<>($L))", n, Collections.class,
                    LinkedHashMap.class, checked);
        }
        return checked;
    }

    private static boolean isParameterized(TypeName t, ClassName raw) {
        return t instanceof ParameterizedTypeName p && p.rawType().equals(raw);
    }

    private static MethodSpec equalsMethod(ClassName name, List<Component> components) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("equals").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN).addParameter(Object.class, "o");
        m.beginControlFlow("if (this == o)").addStatement("return true").endControlFlow();
        m.beginControlFlow("if (!(o instanceof $T))", name).addStatement("return false").endControlFlow();
        m.addStatement("$T that = ($T) o", name, name);
        CodeBlock.Builder cond = CodeBlock.builder();
        for (int i = 0; i < components.size(); i++) {
            if (i > 0) {
                cond.add("\n&& ");
            }
            cond.add(equalsTerm(components.get(i)));
        }
        return m.addStatement("return $L", cond.build()).build();
    }

    private static CodeBlock equalsTerm(Component c) {
        TypeName t = c.type();
        String n = c.name();
        if (t.equals(TypeName.FLOAT)) {
            return CodeBlock.of("$T.compare(this.$N, that.$N) == 0", Float.class, n, n);
        }
        if (t.equals(TypeName.DOUBLE)) {
            return CodeBlock.of("$T.compare(this.$N, that.$N) == 0", Double.class, n, n);
        }
        if (t.isPrimitive()) {
            return CodeBlock.of("this.$N == that.$N", n, n);
        }
        if (t instanceof ArrayTypeName) {
            return CodeBlock.of("$T.equals(this.$N, that.$N)", Arrays.class, n, n);
        }
        return CodeBlock.of("this.$N.equals(that.$N)", n, n);
    }

    private static MethodSpec hashCodeMethod(List<Component> components) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.INT);
        m.addStatement("int h = 0");
        for (Component c : components) {
            m.addStatement("h = 31 * h + $L", hashTerm(c));
        }
        return m.addStatement("return h").build();
    }

    private static CodeBlock hashTerm(Component c) {
        TypeName t = c.type();
        String n = c.name();
        if (t.isPrimitive()) {
            return CodeBlock.of("$T.hashCode(this.$N)", t.box(), n);
        }
        if (t instanceof ArrayTypeName) {
            return CodeBlock.of("$T.hashCode(this.$N)", Arrays.class, n);
        }
        return CodeBlock.of("this.$N.hashCode()", n);
    }

    private static MethodSpec toStringMethod(ClassName name, List<Component> components) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("toString").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(String.class);
        CodeBlock.Builder expr = CodeBlock.builder();
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            String label = (i == 0 ? name.simpleName() + "[" : ", ") + c.name() + "=";
            expr.add(i == 0 ? "$S" : "\n+ $S", label);
            if (c.type() instanceof ArrayTypeName) {
                expr.add(" + $T.toString(this.$N)", Arrays.class, c.name());
            } else {
                expr.add(" + this.$N", c.name());
            }
        }
        expr.add(" + $S", "]");
        return m.addStatement("return $L", expr.build()).build();
    }
}
