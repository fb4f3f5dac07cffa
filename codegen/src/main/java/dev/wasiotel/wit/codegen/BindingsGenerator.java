package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.parser.model.Resolve;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the Java types and interfaces of a WIT world with JavaPoet.
 *
 * <p>For world {@code w} it writes, per WIT interface the world imports or exports (after
 * elaboration this includes every interface they depend on): a class per {@code record}, {@code
 * variant}, {@code enum}, {@code flags} and {@code resource} in the interface's Java package, and
 * one Java interface with a method per freestanding function (plus resource constructors and
 * static functions). The world's own types go to the world's package, with {@code <W>Imports} and
 * {@code <W>Exports} for the functions the world imports and exports directly. Names and packages
 * are explained in {@link JavaSymbols} and {@link JavaNames}; types in {@link TypeMapper}.
 *
 * <p>Files that exist already in a dependency ({@link GeneratorOptions#reused()}) are left out; the
 * rest refers to them where they are.
 *
 * <p>The output is deterministic: it depends only on the model and the options, and the files are
 * sorted by their qualified class name.
 */
public final class BindingsGenerator {
    private BindingsGenerator() {
    }

    /**
     * Generates the bindings of world {@code worldId}.
     *
     * @param resolve the model
     * @param worldId index into {@link Resolve#worlds()}
     * @param options generator options
     * @return the Java files, sorted by qualified class name
     * @throws CodegenException if the world uses what is not supported yet ({@code future},
     *     {@code stream}, {@code error-context})
     */
    public static List<JavaFile> generate(Resolve resolve, int worldId, GeneratorOptions options) {
        return generate(BindingModel.of(resolve, worldId, options));
    }

    /**
     * Generates the bindings a planned model describes.
     *
     * @param model the plan
     * @return the Java files, sorted by qualified class name
     */
    public static List<JavaFile> generate(BindingModel model) {
        return generate(model, canon -> { });
    }

    /**
     * Generates the bindings, letting {@code moreCodecs} ask {@code <World>Canon} for codecs no
     * function needs (a test hook: the canonical-ABI vectors run every type through every
     * direction of the generated code, also {@code liftFlat}/{@code lowerFlat} of types whose
     * functions spill).
     */
    static List<JavaFile> generate(BindingModel model, java.util.function.Consumer<CanonEmitter> moreCodecs) {
        ReusedBindings reused = new ReusedBindings(model);
        reused.checkClosed();
        ContainerEmitter emitter = new ContainerEmitter(model);
        List<JavaFile> files = new ArrayList<>();
        for (WorldScope.InterfaceUse use : model.scope().interfaces()) {
            files.addAll(emitter.emitInterface(use.interfaceId()));
        }
        files.addAll(emitter.emitWorld());
        CanonEmitter canon = new CanonEmitter(model);
        files.addAll(new GlueEmitter(model, canon).emit());
        moreCodecs.accept(canon);
        if (!canon.isEmpty()) {
            files.add(ContainerEmitter.file(canon.className().packageName(), canon.build()));
        }
        model.options().encoding().ifPresent(e -> files.add(WorldInfoEmitter.emit(model, e)));
        files.removeIf(reused::exists);
        files.sort(Comparator.comparing(BindingsGenerator::qualifiedName));
        return files;
    }

    private static String qualifiedName(JavaFile file) {
        String simple = file.typeSpec().name();
        return file.packageName().isEmpty() ? simple : file.packageName() + "." + simple;
    }
}
