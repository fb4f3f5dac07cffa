package dev.wasiotel.wit.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A WIT {@code variant}: a {@code sealed interface} with one nested value class per case (payload
 * component {@code value}, none for a case without payload) and one static factory per case
 * ({@code Status.error("boom")}, {@code Status.unset()}). The cases are the only permitted
 * subtypes (they are in the same file), so {@code instanceof} tells them apart.
 */
final class VariantEmitter {
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
                        + "}: one nested class per case."))
                .addAnnotation(GeneratedMarker.of(model.typeWitName(typeId), def.span()));
        for (int i = 0; i < variant.cases().size(); i++) {
            TypeDefKind.Case c = variant.cases().get(i);
            ClassName caseName = cases.get(i);
            String doc = Javadocs.text(c.docs());
            List<ValueClassEmitter.Component> components;
            TypeName payload = null;
            if (c.type().isPresent()) {
                WitSite site = new WitSite("case `" + c.name() + "` of variant " + model.typeWitName(typeId),
                        def.span());
                payload = model.types().javaType(c.type().get(), site);
                components = List.of(new ValueClassEmitter.Component("value", payload, "The payload."));
            } else {
                components = List.of();
            }
            String caseDoc = (doc.isEmpty() ? "" : doc + "\n\n") + "Case {@code " + c.name() + "}.\n";
            type.addType(ValueClassEmitter.build(caseName, components, true).addSuperinterface(name)
                    .addJavadoc("$L", caseDoc).build());
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
        return type.build();
    }
}
