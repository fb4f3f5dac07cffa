package dev.wasiotel.wit.processor;

import com.google.auto.service.AutoService;
import dev.wasiotel.wit.codegen.BindingsIndex;
import dev.wasiotel.wit.codegen.BindingsRequest;
import dev.wasiotel.wit.codegen.CodegenException;
import dev.wasiotel.wit.codegen.GenerateBindings;
import dev.wasiotel.wit.codegen.GeneratedFile;
import dev.wasiotel.wit.codegen.WorldSpec;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Generates the bindings of the WIT world named by {@code @WitWorld} on a class, during {@code
 * javac}: the Java sources through the {@link Filer} (so they are compiled in the same run and
 * usable from hand-written code), and the {@link BindingsIndex} resources into the class output, so
 * projects depending on this one reuse the bindings instead of generating them again.
 *
 * <p>Every generated file names the annotated class as its originating element. The processor is
 * declared to Gradle as <em>aggregating</em>, not isolating: what it writes depends on more than
 * the annotated class — on WIT files and on index resources of the class path — which an isolating
 * processor must not read.
 *
 * <p>Two annotated classes in one compilation: the second reuses what the first generated for the
 * interfaces they share (unless its {@code reuse} is off), as it would from a dependency.
 *
 * <p>Errors (bad WIT, an unknown world, WIT the generator cannot express) are reported as compiler
 * errors on the annotation, with the WIT {@code file:line:col} and the source line with a caret.
 *
 * <p>The annotation is read by name ({@link WitWorldValues}): the processor does not depend on
 * {@code runtime}, which holds it.
 */
@AutoService(Processor.class)
@SupportedOptions(WitLocator.OPTION)
public final class WitWorldProcessor extends AbstractProcessor {
    private static final String ANNOTATION = WitWorldValues.ANNOTATION;

    private final ClassLoader witClassPath;
    /** Index entries written in this compilation: a later {@code @WitWorld} reuses those bindings. */
    private final Map<String, String> written = new HashMap<>();

    /** The processor javac loads: WIT under {@code META-INF/wit/} is read from its own class loader. */
    public WitWorldProcessor() {
        this.witClassPath = null;
    }

    /** A processor that reads {@code META-INF/wit/} from {@code witClassPath} (for tests). */
    WitWorldProcessor(ClassLoader witClassPath) {
        this.witClassPath = witClassPath;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ANNOTATION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            if (!annotation.getQualifiedName().contentEquals(ANNOTATION)) {
                continue;
            }
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (element instanceof TypeElement type) {
                    generate(type);
                }
            }
        }
        return true;
    }

    private void generate(TypeElement type) {
        AnnotationMirror mirror = mirrorOf(type);
        WitWorldValues annotation = WitWorldValues.of(mirror, processingEnv.getElementUtils());
        Filer filer = processingEnv.getFiler();
        WorldSpec world;
        try {
            world = WorldSpec.parse(annotation.value());
        } catch (IllegalArgumentException e) {
            error(type, mirror, "value", e.getMessage());
            return;
        }
        if (!annotation.javaPackage().isEmpty() && !SourceVersion.isName(annotation.javaPackage())) {
            error(type, mirror, "javaPackage", "not a valid Java package name: `" + annotation.javaPackage() + "`");
            return;
        }
        WitLocator locator = new WitLocator(filer, processingEnv.getOptions().get(WitLocator.OPTION),
                witClassPath != null ? witClassPath : getClass().getClassLoader());
        try (WitLocator.Located wit = locator.locate(annotation.wit(), world)) {
            String base = annotation.javaPackage().isEmpty()
                    ? processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString()
                    : annotation.javaPackage();
            BindingsRequest request = new BindingsRequest(wit.path(), wit.deps(), world, base,
                    (annotation.legacyFloatNames() ? WitOptions.DEFAULTS.withLegacyFloatNames() : WitOptions.DEFAULTS)
                            .withFeatures(Set.copyOf(annotation.features())), Optional.of(annotation.encoding()));
            BindingsIndex.ResourceReader classPath = new FilerIndexReader(filer);
            BindingsIndex.ResourceReader existing = !annotation.reuse() ? path -> Optional.empty()
                    : path -> written.containsKey(path) ? Optional.of(written.get(path)) : classPath.read(path);
            List<GeneratedFile> files = GenerateBindings.generateFiles(request, existing);
            write(filer, files, type);
        } catch (WitParseException e) {
            error(type, mirror, "value", "bad WIT: " + e.getMessage());
        } catch (WitLocator.NotFound e) {
            error(type, mirror, annotation.wit().isEmpty() ? "value" : "wit", e.getMessage());
        } catch (CodegenException e) {
            error(type, mirror, "value", "cannot generate bindings: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            error(type, mirror, "value", e.getMessage());
        } catch (IOException e) {
            error(type, mirror, "value", "cannot read or write bindings: " + e);
        }
    }

    private void write(Filer filer, List<GeneratedFile> files, TypeElement origin) throws IOException {
        for (GeneratedFile f : files) {
            if (f.kind() == GeneratedFile.Kind.RESOURCE && written.putIfAbsent(f.name(), f.content()) != null) {
                // an earlier @WitWorld (with reuse off here) indexed this interface already: the first one stays
                continue;
            }
            FileObject out = f.kind() == GeneratedFile.Kind.SOURCE
                    ? filer.createSourceFile(f.name(), origin)
                    : filer.createResource(StandardLocation.CLASS_OUTPUT, "", f.name(), origin);
            try (Writer w = out.openWriter()) {
                w.write(f.content());
            }
        }
    }

    private static AnnotationMirror mirrorOf(TypeElement type) {
        for (AnnotationMirror m : type.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION)) {
                return m;
            }
        }
        throw new IllegalStateException("no @WitWorld on " + type);
    }

    /** Reports on the annotation, pointing at element {@code member} if it is written out. */
    private void error(Element element, AnnotationMirror mirror, String member, String message) {
        AnnotationValue value = null;
        for (var e : mirror.getElementValues().entrySet()) {
            ExecutableElement key = e.getKey();
            if (key.getSimpleName().contentEquals(member)) {
                value = e.getValue();
            }
        }
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element, mirror, value);
    }
}
