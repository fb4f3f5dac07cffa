package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeOwner;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The interfaces of one generation whose bindings exist already ({@link GeneratorOptions#reused()}):
 * which generated files they make redundant, and a check that reuse is closed.
 *
 * <p>Closed means: a reused interface refers only to types of interfaces that are reused too. The
 * existing classes were compiled against the dependency's classes for those types; classes
 * generated anew here would be different types, and the code would not compile.
 */
final class ReusedBindings {
    private final BindingModel model;
    private final Map<Integer, ExistingInterface> byInterface = new HashMap<>();

    ReusedBindings(BindingModel model) {
        this.model = model;
        Resolve resolve = model.resolve();
        for (WorldScope.InterfaceUse use : model.scope().interfaces()) {
            Optional<String> name = resolve.qualifiedName(use.interfaceId());
            if (name.isPresent() && model.options().reused().containsKey(name.get())) {
                byInterface.put(use.interfaceId(), model.options().reused().get(name.get()));
            }
        }
    }

    /**
     * Checks that every reused interface uses only types of reused interfaces.
     *
     * @throws CodegenException naming both interfaces otherwise
     */
    void checkClosed() {
        Resolve resolve = model.resolve();
        for (int id : byInterface.keySet()) {
            Interface iface = resolve.interfaces().get(id);
            Deque<Type> pending = new ArrayDeque<>();
            for (int typeId : iface.types().values()) {
                pending.addAll(resolve.types().get(typeId).kind().references());
            }
            for (Function f : iface.functions().values()) {
                for (Function.Param p : f.params()) {
                    pending.add(p.type());
                }
                f.result().ifPresent(pending::add);
            }
            Set<Integer> seen = new HashSet<>();
            while (!pending.isEmpty()) {
                if (!(pending.poll() instanceof Type.Ref ref) || !seen.add(ref.id())) {
                    continue;
                }
                TypeDef def = resolve.types().get(ref.id());
                if (def.owner() instanceof TypeOwner.OfInterface oi) {
                    if (oi.id() != id && !byInterface.containsKey(oi.id())) {
                        throw new CodegenException("the bindings of " + model.interfaceWitName(id)
                                + " are reused from Java package `" + byInterface.get(id).javaPackage()
                                + "`, but it uses type `" + def.name().orElse("?") + "` of "
                                + model.interfaceWitName(oi.id()) + ", whose bindings are not reused;"
                                + " reuse that interface's bindings too");
                    }
                } else {
                    pending.addAll(def.kind().references());
                }
            }
        }
    }

    /** Whether {@code file} exists already in a reused package, so is not generated again. */
    boolean exists(JavaFile file) {
        for (ExistingInterface e : byInterface.values()) {
            if (e.javaPackage().equals(file.packageName()) && e.classes().contains(file.typeSpec().name())) {
                return true;
            }
        }
        return false;
    }
}
