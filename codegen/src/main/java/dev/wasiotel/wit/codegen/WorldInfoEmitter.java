package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.abi.StringEncoding;
import javax.lang.model.element.Modifier;

/**
 * {@code <World>Bindings}: what a generation was made from and for — the world's WIT name and the
 * string encoding the build declared for its guests — so a host passes the declared encoding to
 * {@code <World>Linker.functions(..., <World>Bindings.ENCODING)} instead of repeating it.
 */
final class WorldInfoEmitter {
    private static final ClassName STRING_ENCODING = ClassName.get(TypeMapper.ABI_PACKAGE, "StringEncoding");

    private WorldInfoEmitter() {
    }

    /** The class for this generation, declaring {@code encoding}. */
    static JavaFile emit(BindingModel model, StringEncoding encoding) {
        ClassName name = model.symbols().worldBindingsClass();
        TypeSpec type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("How the bindings of world {@code $L} were generated.\n", model.worldWitName())
                .addAnnotation(GeneratedMarker.of(model.worldWitName(), model.scope().world().span()))
                .addField(FieldSpec.builder(String.class, "WORLD", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The qualified WIT name of the world.\n")
                        .initializer("$S", model.worldWitName()).build())
                .addField(FieldSpec.builder(STRING_ENCODING, "ENCODING", Modifier.PUBLIC, Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc("The string encoding declared for the guests of these bindings.\n")
                        .initializer("$T.$N", STRING_ENCODING, encoding.name()).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .build();
        return ContainerEmitter.file(name.packageName(), type);
    }
}
