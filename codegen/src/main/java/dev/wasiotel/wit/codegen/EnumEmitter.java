package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A WIT {@code enum} or {@code flags}: a Java {@code enum} whose constants keep WIT's order (the
 * ordinal is the discriminant, or the bit number for flags). A flags value is an {@code
 * EnumSet} of the enum.
 */
final class EnumEmitter {
    private final BindingModel model;

    EnumEmitter(BindingModel model) {
        this.model = model;
    }

    TypeSpec emit(int typeId) {
        TypeDef def = model.resolve().types().get(typeId);
        ClassName name = model.symbols().typeClass(typeId);
        List<String> constants = model.symbols().enumConstants(typeId);
        List<Docs> docs = new ArrayList<>();
        String summary;
        if (def.kind() instanceof TypeDefKind.Enum e) {
            for (TypeDefKind.EnumCase c : e.cases()) {
                docs.add(c.docs());
            }
            summary = "WIT enum {@code " + def.name().orElse("") + "}.";
        } else {
            TypeDefKind.Flags flags = (TypeDefKind.Flags) def.kind();
            if (flags.flags().isEmpty()) {
                // the same check (and message) as for a use of the type
                WitSite site = new WitSite("flags " + model.typeWitName(typeId), def.span());
                model.types().javaType(new dev.wasiotel.wit.parser.model.Type.Ref(typeId), site);
            }
            for (TypeDefKind.Flag f : flags.flags()) {
                docs.add(f.docs());
            }
            summary = "WIT flags {@code " + def.name().orElse("") + "}: a value is an {@link java.util.EnumSet}"
                    + " of these constants.";
        }
        TypeSpec.Builder type = TypeSpec.enumBuilder(name).addModifiers(Modifier.PUBLIC)
                .addJavadoc(Javadocs.block(def.docs(), summary))
                .addAnnotation(GeneratedMarker.of(model.typeWitName(typeId), def.span()));
        for (int i = 0; i < constants.size(); i++) {
            TypeSpec.Builder constant = TypeSpec.anonymousClassBuilder("");
            String doc = Javadocs.text(docs.get(i));
            if (!doc.isEmpty()) {
                constant.addJavadoc("$L\n", doc);
            }
            type.addEnumConstant(constants.get(i), constant.build());
        }
        return type.build();
    }
}
