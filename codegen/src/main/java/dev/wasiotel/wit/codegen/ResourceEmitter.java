package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.TypeDef;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * A WIT {@code resource}: a Java interface with the resource's methods ({@code self} is the
 * receiver), extending {@link AutoCloseable}. Its {@code close()} does nothing by default and throws
 * no checked exception; the runtime calls it when the guest drops its handle ({@code
 * [resource-drop]}). The resource's constructor and static functions are methods of the Java
 * interface of the WIT interface (or world) that defines the resource.
 */
final class ResourceEmitter {
    private final BindingModel model;
    private final FunctionEmitter functions;

    ResourceEmitter(BindingModel model) {
        this.model = model;
        this.functions = new FunctionEmitter(model);
    }

    /**
     * The interface of resource {@code typeId}.
     *
     * @param typeId the resource
     * @param methods its {@code [method]} functions, in WIT order
     * @param javaNames Java names by canonical function name
     * @param ownerWitName the interface or world that defines it
     * @return the interface
     */
    TypeSpec emit(int typeId, List<Function> methods, Map<String, String> javaNames, String ownerWitName) {
        TypeDef def = model.resolve().types().get(typeId);
        ClassName name = model.symbols().typeClass(typeId);
        TypeSpec.Builder type = TypeSpec.interfaceBuilder(name).addModifiers(Modifier.PUBLIC)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc(Javadocs.block(def.docs(), "WIT resource {@code " + def.name().orElse("")
                        + "}. {@link #close()} runs when the guest drops its handle."))
                .addAnnotation(GeneratedMarker.of(model.typeWitName(typeId), def.span()));
        for (Function f : methods) {
            type.addMethod(functions.emit(f, javaNames.get(f.name()), ownerWitName));
        }
        type.addMethod(MethodSpec.methodBuilder("close").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
                .addJavadoc("Releases the resource when the guest drops its handle ({@code [resource-drop]});"
                        + " does nothing unless overridden.\n")
                .build());
        return type.build();
    }
}
