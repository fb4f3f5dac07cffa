package dev.wasiotel.wit.codegen;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Writes an immutable value class with the API of a Java {@code record}: a canonical constructor,
 * one accessor per component ({@code name()}), and value-based {@code equals}, {@code hashCode} and
 * {@code toString} ({@code Name[a=1, b=x]}).
 *
 * <p>Why not a {@code record}: JavaPoet 1.13 cannot emit records (its {@code TypeSpec.Kind} has no
 * record kind). The class is {@code final}, its fields are {@code private final}, so it behaves as a
 * record does, except that array components are compared, hashed and printed by content. When the
 * project moves to a JavaPoet that can write records, only this class needs to change.
 *
 * <p>The constructor rejects null for every reference component ({@link Objects#requireNonNull}),
 * copies lists with {@link List#copyOf}, flags sets with {@link EnumSet#copyOf(EnumSet)} and maps into an unmodifiable {@link LinkedHashMap} (keeping
 * insertion order). Arrays are not copied: the caller hands them over.
 */
final class ValueClassEmitter {
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName MAP = ClassName.get(Map.class);
    private static final ClassName ENUM_SET = ClassName.get(EnumSet.class);

    /**
     * One component.
     *
     * @param name the Java name (field, accessor and constructor parameter)
     * @param type its Java type
     * @param doc escaped Javadoc text, possibly empty
     */
    record Component(String name, TypeName type, String doc) {
    }

    private ValueClassEmitter() {
    }

    /**
     * A builder for the value class, without annotations or javadoc of its own.
     *
     * @param name the class
     * @param components the components in order
     * @param nested whether the class is nested (then it is also {@code static})
     * @return the builder, to which callers may add more
     */
    static TypeSpec.Builder build(ClassName name, List<Component> components, boolean nested) {
        TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC);
        if (nested) {
            type.addModifiers(Modifier.STATIC);
        }
        type.addModifiers(Modifier.FINAL);
        for (Component c : components) {
            type.addField(FieldSpec.builder(c.type(), c.name(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        type.addMethod(constructor(components));
        for (Component c : components) {
            MethodSpec.Builder accessor = MethodSpec.methodBuilder(c.name()).addModifiers(Modifier.PUBLIC)
                    .returns(c.type()).addStatement("return $N", c.name());
            accessor.addJavadoc("$L", c.doc().isEmpty() ? "The {@code " + c.name() + "} component.\n"
                    : c.doc() + "\n");
            type.addMethod(accessor.build());
        }
        type.addMethod(equalsMethod(name, components));
        type.addMethod(hashCodeMethod(name, components));
        type.addMethod(toStringMethod(name, components));
        return type;
    }

    private static MethodSpec constructor(List<Component> components) {
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        StringBuilder doc = new StringBuilder("Creates a value from its components.\n");
        if (!components.isEmpty()) {
            doc.append('\n');
        }
        for (Component c : components) {
            ctor.addParameter(c.type(), c.name());
            doc.append("@param ").append(c.name()).append(' ')
                    .append(c.doc().isEmpty() ? "the {@code " + c.name() + "} component" : c.doc()).append('\n');
            ctor.addCode(assignment(c));
        }
        if (components.stream().anyMatch(c -> !c.type().isPrimitive())) {
            doc.append("@throws NullPointerException if a component is null\n");
        }
        return ctor.addJavadoc("$L", doc.toString()).build();
    }

    private static CodeBlock assignment(Component c) {
        TypeName t = c.type();
        String n = c.name();
        if (t.isPrimitive()) {
            return CodeBlock.of("this.$N = $N;\n", n, n);
        }
        CodeBlock checked = CodeBlock.of("$T.requireNonNull($N, $S)", Objects.class, n, n);
        if (isParameterized(t, LIST)) {
            return CodeBlock.of("this.$N = $T.copyOf($L);\n", n, List.class, checked);
        }
        if (isParameterized(t, ENUM_SET)) {
            return CodeBlock.of("this.$N = $T.copyOf($L);\n", n, EnumSet.class, checked);
        }
        if (isParameterized(t, MAP)) {
            return CodeBlock.of("this.$N = $T.unmodifiableMap(new $T<>($L));\n", n, Collections.class,
                    LinkedHashMap.class, checked);
        }
        return CodeBlock.of("this.$N = $L;\n", n, checked);
    }

    private static boolean isParameterized(TypeName t, ClassName raw) {
        return t instanceof ParameterizedTypeName p && p.rawType.equals(raw);
    }

    private static MethodSpec equalsMethod(ClassName name, List<Component> components) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("equals").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN).addParameter(Object.class, "o");
        m.beginControlFlow("if (this == o)").addStatement("return true").endControlFlow();
        m.beginControlFlow("if (!(o instanceof $T))", name).addStatement("return false").endControlFlow();
        if (components.isEmpty()) {
            return m.addStatement("return true").build();
        }
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

    private static MethodSpec hashCodeMethod(ClassName name, List<Component> components) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.INT);
        int seed = name.simpleName().hashCode();
        if (components.isEmpty()) {
            return m.addStatement("return $L", seed).build();
        }
        m.addStatement("int h = $L", seed);
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
        if (components.isEmpty()) {
            return m.addStatement("return $S", name.simpleName() + "[]").build();
        }
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
