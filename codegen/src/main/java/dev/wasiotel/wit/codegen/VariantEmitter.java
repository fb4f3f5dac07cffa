package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A WIT {@code variant}: a {@code sealed interface} that {@code permits} one nested {@code record}
 * per case ({@link RecordSpecs}; payload component {@code value}, no component for a case without
 * payload) and one static factory per case ({@code Status.error("boom")}, {@code Status.unset()}).
 * The cases are the only permitted subtypes, so {@code instanceof} tells them apart.
 *
 * <p>The {@code permits} clause names the cases when the declaration line fits in
 * {@value #PERMITS_LINE_LIMIT} columns. JavaPoet writes the clause on one line, which for a large
 * variant (wasi:http {@code error-code} has 39 cases) would be over a thousand characters long; then
 * the clause is left out, which means the same thing: a sealed type without {@code permits} permits
 * exactly the subtypes declared in its compilation unit (JLS 9.1.4), here the nested case records.
 */
final class VariantEmitter {
    /** The longest declaration line with a {@code permits} clause; a longer one is written without it. */
    static final int PERMITS_LINE_LIMIT = 100;

    private final BindingModel model;

    VariantEmitter(BindingModel model) {
        this.model = model;
    }

    TypeSpec emit(int typeId) {
        TypeDef def = model.resolve().types().get(typeId);
        TypeDefKind.Variant variant = (TypeDefKind.Variant) def.kind();
        ClassName name = model.symbols().typeClass(typeId);
        List<ClassName> cases = model.symbols().caseClasses(typeId);
        List<String> factories = model.symbols().caseFactories(typeId);
        TypeSpec.Builder type = TypeSpec.interfaceBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.SEALED)
                .addJavadoc(Javadocs.block(def.docs(), "WIT variant {@code " + def.name().orElse("")
                        + "}: one nested record per case."))
                .addAnnotation(GeneratedMarker.of(model.typeWitName(typeId), def.span()));
        for (int i = 0; i < variant.cases().size(); i++) {
            TypeDefKind.Case c = variant.cases().get(i);
            ClassName caseName = cases.get(i);
            String doc = Javadocs.text(c.docs());
            List<RecordSpecs.Component> components;
            TypeName payload = null;
            if (c.type().isPresent()) {
                WitSite site = new WitSite("case `" + c.name() + "` of variant " + model.typeWitName(typeId),
                        def.span());
                payload = model.types().javaType(c.type().get(), site);
                components = List.of(new RecordSpecs.Component("value", payload, "The payload."));
            } else {
                components = List.of();
            }
            String caseDoc = (doc.isEmpty() ? "" : doc + "\n\n") + "Case {@code " + c.name() + "}.\n";
            type.addType(RecordSpecs.build(caseName, components, CodeBlock.of("$L", caseDoc), true)
                    .addSuperinterface(name).build());
            MethodSpec.Builder factory = MethodSpec.methodBuilder(factories.get(i))
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(name)
                    .addJavadoc("$L", "Case {@code " + c.name() + "}" + (payload == null ? "" : " with a payload")
                            + ".\n\n" + (payload == null ? "" : "@param value the payload\n")
                            + "@return the value\n");
            if (payload == null) {
                factory.addStatement("return new $T()", caseName);
            } else {
                factory.addParameter(payload, "value").addStatement("return new $T(value)", caseName);
            }
            type.addMethod(factory.build());
        }
        if (permitsLineLength(name, cases) <= PERMITS_LINE_LIMIT) {
            type.addPermittedSubclasses(cases);
        }
        return type.build();
    }

    /** The length of the declaration line {@code public sealed interface X permits X.A, X.B} plus brace. */
    private static int permitsLineLength(ClassName name, List<ClassName> cases) {
        StringBuilder line = new StringBuilder("public sealed interface ").append(name.simpleName()).append(" permits");
        for (int i = 0; i < cases.size(); i++) {
            line.append(i == 0 ? " " : ", ").append(name.simpleName()).append('.').append(cases.get(i).simpleName());
        }
        return line.append(" {").length();
    }
}
