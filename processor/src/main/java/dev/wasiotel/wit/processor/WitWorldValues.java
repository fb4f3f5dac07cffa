package dev.wasiotel.wit.processor;

import dev.wasiotel.wit.abi.StringEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The elements of one {@code @WitWorld} annotation, read through its {@link AnnotationMirror} by
 * name (defaults included), so that the processor needs neither the annotation class nor the
 * {@code runtime} module that holds it on its own class path.
 *
 * @param value the world
 * @param wit where the WIT package is; empty for the default
 * @param javaPackage the base Java package; empty for the annotated class's package
 * @param features the active {@code @unstable} features
 * @param encoding the guests' string encoding
 * @param reuse whether bindings found on the class path are reused
 * @param legacyFloatNames whether {@code float32}/{@code float64} are read as {@code f32}/{@code f64}
 */
record WitWorldValues(String value, String wit, String javaPackage, List<String> features,
        StringEncoding encoding, boolean reuse, boolean legacyFloatNames) {

    /** The qualified name of the annotation (in module {@code runtime}). */
    static final String ANNOTATION = "dev.wasiotel.wit.runtime.WitWorld";

    /** Reads {@code mirror}, an {@code @WitWorld}, with the defaults of the elements not written. */
    static WitWorldValues of(AnnotationMirror mirror, Elements elements) {
        Map<? extends ExecutableElement, ? extends AnnotationValue> values = elements.getElementValuesWithDefaults(mirror);
        return new WitWorldValues(
                (String) get(values, "value"),
                (String) get(values, "wit"),
                (String) get(values, "javaPackage"),
                strings(get(values, "features")),
                StringEncoding.valueOf(((VariableElement) get(values, "encoding")).getSimpleName().toString()),
                (Boolean) get(values, "reuse"),
                (Boolean) get(values, "legacyFloatNames"));
    }

    private static Object get(Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
        for (var e : values.entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue().getValue();
            }
        }
        throw new IllegalStateException("@WitWorld has no element " + name + ": processor and runtime differ in version");
    }

    private static List<String> strings(Object array) {
        List<String> out = new ArrayList<>();
        for (Object v : (List<?>) array) {
            out.add((String) ((AnnotationValue) v).getValue());
        }
        return List.copyOf(out);
    }
}
