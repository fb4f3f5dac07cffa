package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayList;
import java.util.List;

/** A WIT {@code record}: a Java {@code record} ({@link RecordSpecs}) with camelCase components. */
final class RecordEmitter {
    private final BindingModel model;

    RecordEmitter(BindingModel model) {
        this.model = model;
    }

    TypeSpec emit(int typeId) {
        TypeDef def = model.resolve().types().get(typeId);
        TypeDefKind.Record record = (TypeDefKind.Record) def.kind();
        ClassName name = model.symbols().typeClass(typeId);
        List<String> names = model.symbols().fieldNames(typeId);
        List<RecordSpecs.Component> components = new ArrayList<>();
        for (int i = 0; i < record.fields().size(); i++) {
            TypeDefKind.Field field = record.fields().get(i);
            WitSite site = new WitSite("field `" + field.name() + "` of record " + model.typeWitName(typeId),
                    def.span());
            components.add(new RecordSpecs.Component(names.get(i),
                    model.types().javaType(field.type(), site), Javadocs.text(field.docs())));
        }
        return RecordSpecs.build(name, components,
                        Javadocs.block(def.docs(), "WIT record {@code " + def.name().orElse("") + "}."), false)
                .addAnnotation(GeneratedMarker.of(model.typeWitName(typeId), def.span()))
                .build();
    }
}
