package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Resolve;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * One WIT function as an abstract Java method: typed parameters (a method's {@code self} left out),
 * the mapped result or {@code void}, and the WIT docs as Javadoc.
 */
final class FunctionEmitter {
    private final BindingModel model;

    FunctionEmitter(BindingModel model) {
        this.model = model;
    }

    /**
     * The method for {@code function}.
     *
     * @param function the WIT function
     * @param javaName its Java name
     * @param ownerWitName the interface or world it belongs to, for docs and errors
     * @return an abstract public method
     */
    MethodSpec emit(Function function, String javaName, String ownerWitName) {
        WitSite site = new WitSite("function `" + function.name() + "` of " + ownerWitName, function.span());
        if (function.kind().async()) {
            // Guests import and export async functions under other names ([async-lower]f,
            // [async-lift]f) with another calling convention: the sync ABI would misread them.
            throw TypeMapper.unsupported("`async func`", site, "async functions need the component model's async"
                    + " ABI");
        }
        MethodSpec.Builder method = MethodSpec.methodBuilder(javaName).addModifiers(Modifier.PUBLIC,
                Modifier.ABSTRACT);
        List<Function.Param> params = JavaSymbols.javaParams(function);
        List<String> names = model.symbols().paramNames(function);
        for (int i = 0; i < params.size(); i++) {
            method.addParameter(model.types().javaType(params.get(i).type(), site), names.get(i));
        }
        if (function.result().isPresent()) {
            method.returns(model.types().javaType(function.result().get(), site));
        } else {
            method.returns(TypeName.VOID);
        }
        method.addJavadoc(Javadocs.block(function.docs(), origin(function)));
        return method.build();
    }

    private String origin(Function function) {
        Resolve resolve = model.resolve();
        FunctionKind kind = function.kind();
        if (kind instanceof FunctionKind.Constructor c) {
            return "The constructor of WIT resource {@code " + resourceName(resolve, c.resource()) + "}.";
        }
        if (kind instanceof FunctionKind.Static s) {
            return "Static function {@code " + function.itemName() + "} of WIT resource {@code "
                    + resourceName(resolve, s.resource()) + "}.";
        }
        return "WIT function {@code " + function.itemName() + "}.";
    }

    private static String resourceName(Resolve resolve, int typeId) {
        return resolve.types().get(typeId).name().orElse("resource");
    }
}
