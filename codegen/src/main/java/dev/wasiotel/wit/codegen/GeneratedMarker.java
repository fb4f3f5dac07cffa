package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import dev.wasiotel.wit.parser.diag.Span;

/**
 * The {@code @javax.annotation.processing.Generated} annotation on every top-level generated type:
 * {@code @Generated(value = "dev.wasiotel.wit.codegen", comments = "from WIT <item> (<file>)")}.
 * Only the file's name (not its directory) is written, so output does not depend on where the WIT
 * was read from.
 */
final class GeneratedMarker {
    /** The annotation type. */
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    /** The {@code value} of the annotation: the generator. */
    static final String GENERATOR = "dev.wasiotel.wit.codegen";

    private GeneratedMarker() {
    }

    /**
     * The annotation for a type made from WIT item {@code witItem} written at {@code span}.
     *
     * @param witItem a qualified WIT name, such as {@code wasi:otel/tracing@0.2.0-rc.2#span-data}
     * @param span where the item is written, or null
     * @return the annotation
     */
    static AnnotationSpec of(String witItem, Span span) {
        String comment = "from WIT " + witItem + (span == null ? "" : " (" + fileName(span.file().name()) + ")");
        return AnnotationSpec.builder(GENERATED)
                .addMember("value", "$S", GENERATOR)
                .addMember("comments", "$S", comment)
                .build();
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
