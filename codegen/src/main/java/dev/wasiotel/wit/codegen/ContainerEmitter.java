package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits what one container (a WIT interface, or the world itself) defines: a class per named
 * record, variant, enum, flags and resource, and the Java interface of its functions. Other named
 * types (aliases, {@code type x = list<u8>}, ...) produce no class, but are still mapped once so
 * that an unsupported type among them is reported.
 */
final class ContainerEmitter {
    private final BindingModel model;
    private final FunctionEmitter functions;

    ContainerEmitter(BindingModel model) {
        this.model = model;
        this.functions = new FunctionEmitter(model);
    }

    /** Everything WIT interface {@code interfaceId} defines. */
    List<JavaFile> emitInterface(int interfaceId) {
        Interface iface = model.iface(interfaceId);
        String witName = model.interfaceWitName(interfaceId);
        List<Function> all = new ArrayList<>(iface.functions().values());
        Map<String, String> names = new HashMap<>();
        for (Function f : all) {
            names.put(f.name(), model.symbols().methodName(interfaceId, f));
        }
        String pkg = model.symbols().interfacePackage(interfaceId);
        List<JavaFile> out = new ArrayList<>(emitTypes(pkg, iface.types().values(), all, names, witName));
        boolean exported = model.scope().use(interfaceId).map(WorldScope.InterfaceUse::exported).orElse(false);
        boolean imported = model.scope().use(interfaceId).map(WorldScope.InterfaceUse::imported).orElse(true);
        String role = imported && exported ? "imported (the host implements it) and exported (the guest does)"
                : exported ? "exported: the guest implements it, the host calls it"
                : "imported: the host implements it";
        out.add(file(pkg, functionsInterface(model.symbols().interfaceClass(interfaceId), iface.docs(),
                "WIT interface {@code " + witName + "}, " + role + ".", nonMethods(all), names, witName,
                iface.span())));
        return out;
    }

    /** The world's own types and its imported and exported functions. */
    List<JavaFile> emitWorld() {
        WorldScope scope = model.scope();
        String witName = model.worldWitName();
        String pkg = model.symbols().worldPackage();
        Map<String, String> importNames = new HashMap<>();
        for (Function f : scope.importedFunctions()) {
            importNames.put(f.name(), model.symbols().worldMethodName(false, f));
        }
        List<JavaFile> out = new ArrayList<>(emitTypes(pkg, scope.worldTypes(), scope.importedFunctions(),
                importNames, witName));
        List<Function> imported = nonMethods(scope.importedFunctions());
        if (!imported.isEmpty()) {
            out.add(file(pkg, functionsInterface(model.symbols().worldImportsClass(), scope.world().docs(),
                    "Functions world {@code " + witName + "} imports: the host implements them.", imported,
                    importNames, witName, scope.world().span())));
        }
        Map<String, String> exportNames = new HashMap<>();
        for (Function f : scope.exportedFunctions()) {
            exportNames.put(f.name(), model.symbols().worldMethodName(true, f));
        }
        List<Function> exported = nonMethods(scope.exportedFunctions());
        if (!exported.isEmpty()) {
            out.add(file(pkg, functionsInterface(model.symbols().worldExportsClass(), Docs.NONE,
                    "Functions world {@code " + witName + "} exports: the guest implements them, the host calls"
                            + " them.", exported, exportNames, witName, scope.world().span())));
        }
        return out;
    }

    private List<JavaFile> emitTypes(String pkg, Collection<Integer> typeIds, List<Function> containerFunctions,
            Map<String, String> names, String ownerWitName) {
        List<JavaFile> out = new ArrayList<>();
        for (int typeId : typeIds) {
            TypeDef def = model.resolve().types().get(typeId);
            TypeDefKind kind = def.kind();
            TypeSpec spec;
            if (kind instanceof TypeDefKind.Record) {
                spec = new RecordEmitter(model).emit(typeId);
            } else if (kind instanceof TypeDefKind.Variant) {
                spec = new VariantEmitter(model).emit(typeId);
            } else if (kind instanceof TypeDefKind.Enum || kind instanceof TypeDefKind.Flags) {
                spec = new EnumEmitter(model).emit(typeId);
            } else if (kind instanceof TypeDefKind.Resource && model.guestImplemented(typeId)) {
                continue; // a class calling the guest: the glue emits it (GlueEmitter)
            } else if (kind instanceof TypeDefKind.Resource) {
                spec = new ResourceEmitter(model).emit(typeId, methodsOf(typeId, containerFunctions), names,
                        ownerWitName);
            } else {
                WitSite site = new WitSite("type `" + def.name().orElse("?") + "` of " + ownerWitName, def.span());
                model.types().javaType(new Type.Ref(typeId), site);
                continue;
            }
            out.add(file(pkg, spec));
        }
        return out;
    }

    private static List<Function> methodsOf(int resourceId, List<Function> functions) {
        List<Function> out = new ArrayList<>();
        for (Function f : functions) {
            if (f.kind() instanceof FunctionKind.Method m && m.resource() == resourceId) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<Function> nonMethods(List<Function> functions) {
        List<Function> out = new ArrayList<>();
        for (Function f : functions) {
            if (!(f.kind() instanceof FunctionKind.Method)) {
                out.add(f);
            }
        }
        return out;
    }

    private TypeSpec functionsInterface(ClassName name, Docs docs, String summary, List<Function> members,
            Map<String, String> names, String ownerWitName, Span span) {
        TypeSpec.Builder type = TypeSpec.interfaceBuilder(name).addModifiers(Modifier.PUBLIC)
                .addJavadoc(Javadocs.block(docs, summary))
                .addAnnotation(GeneratedMarker.of(ownerWitName, span));
        for (Function f : members) {
            type.addMethod(functions.emit(f, names.get(f.name()), ownerWitName));
        }
        return type.build();
    }

    static JavaFile file(String pkg, TypeSpec spec) {
        return JavaFile.builder(pkg, spec).indent("    ").skipJavaLangImports(false).build();
    }
}
