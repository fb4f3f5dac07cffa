package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * {@code <World>Linker}: a whole world's host implementations in one call. {@code addToHost}
 * provides every interface the world imports on an {@code ImportRegistry} (a component host's
 * builder; wasmtime's {@code add_to_linker}), {@code functions} returns every host function as a
 * list (for a core-module host, which links by module and name). Each comes in two forms: one
 * implementation per interface for every instance, or one {@code PerInstance} factory per interface
 * that the generated hosts ask, on each call, for the calling instance's implementation.
 */
final class WorldLinkerEmitter {
    private static final String RT = TypeMapper.RUNTIME_PACKAGE;
    private static final ClassName HOST_FUNCTION_DEF = ClassName.get(RT, "HostFunctionDef");
    private static final ClassName PER_INSTANCE = ClassName.get(RT, "PerInstance");
    private static final ClassName IMPORT_REGISTRY = ClassName.get(RT, "ImportRegistry");
    private static final ClassName STRING_ENCODING = ClassName.get(TypeMapper.ABI_PACKAGE, "StringEncoding");

    /**
     * One implementation the linker takes: a generated host class, served under one import name.
     *
     * @param host the generated host class
     * @param api the Java interface the host implements
     * @param module the name the world imports the interface under ({@code "$root"} for world-level functions)
     * @param named whether the host serves several import names (its methods then take the name)
     */
    record Host(ClassName host, ClassName api, String module, boolean named) {
    }

    private final BindingModel model;

    WorldLinkerEmitter(BindingModel model) {
        this.model = model;
    }

    /**
     * The linker of the world.
     *
     * @param hosts the imported interfaces' hosts, in the world's order
     * @param exportedResourceHosts the guest classes whose {@code resourceFunctions()} a core guest
     *     imports for the resources it implements (a component host makes those itself)
     */
    JavaFile emit(List<Host> hosts, List<ClassName> exportedResourceHosts) {
        String world = JavaNames.upperCamel(model.scope().world().name());
        ClassName name = ClassName.get(model.symbols().worldPackage(), world + "Linker");
        List<String> params = parameterNames(hosts);
        TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Links world {@code $L}: the host functions of every interface it imports.\n",
                        model.worldWitName())
                .addAnnotation(GeneratedMarker.of(model.worldWitName(), model.scope().world().span()))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        if (!hosts.isEmpty()) {
            type.addMethod(addToHost(hosts, params)).addMethod(addToHostPerInstance(hosts, params));
        }
        type.addMethod(functions(hosts, params)).addMethod(functionsPerInstance(hosts, params, exportedResourceHosts));
        return ContainerEmitter.file(name.packageName(), type.build());
    }

    /** One parameter name per host: a plain import name names it, else the interface's own name. */
    private static List<String> parameterNames(List<Host> hosts) {
        NameScope scope = new NameScope("encoding", "defs", "host", "R");
        List<String> names = new ArrayList<>();
        for (Host host : hosts) {
            String simple = Optional.of(host.module()).filter(n -> host.named() && !n.contains(":"))
                    .map(JavaNames::lowerCamel).orElse(host.api().simpleName());
            String decapitalized = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
            names.add(scope.claim(javax.lang.model.SourceVersion.isKeyword(decapitalized)
                    ? decapitalized + "_" : decapitalized));
        }
        return names;
    }

    private String paramDoc(Host host, String param, boolean perInstance) {
        String imported = host.named() ? " imported as {@code " + host.module() + "}" : "";
        return "@param " + param + " the host's {@link " + host.api().canonicalName() + "}" + imported
                + (perInstance ? " for the calling instance" : "") + "\n";
    }

    private MethodSpec addToHost(List<Host> hosts, List<String> params) {
        TypeVariableName r = TypeVariableName.get("R", IMPORT_REGISTRY);
        MethodSpec.Builder m = MethodSpec.methodBuilder("addToHost").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addTypeVariable(r).returns(r).addParameter(r, "host");
        StringBuilder doc = new StringBuilder("Provides every interface world {@code " + model.worldWitName()
                + "} imports on {@code host}, each served by one implementation for every instance.\n\n"
                + "@param <R> the registry's type, returned for chaining\n@param host where to provide them,"
                + " e.g. a component host's builder\n");
        List<CodeBlock> args = new ArrayList<>();
        args.add(CodeBlock.of("host"));
        for (int i = 0; i < hosts.size(); i++) {
            m.addParameter(hosts.get(i).api(), params.get(i));
            args.add(CodeBlock.of("$T.shared($N)", PER_INSTANCE, params.get(i)));
            doc.append(paramDoc(hosts.get(i), params.get(i), false));
        }
        return m.addJavadoc("$L", doc + "@return {@code host}\n@throws IllegalArgumentException if {@code host}"
                        + " already has one of the interfaces\n")
                .addStatement("return addToHostPerInstance($L)", CodeBlock.join(args, ",$W")).build();
    }

    private MethodSpec addToHostPerInstance(List<Host> hosts, List<String> params) {
        TypeVariableName r = TypeVariableName.get("R", IMPORT_REGISTRY);
        MethodSpec.Builder m = MethodSpec.methodBuilder("addToHostPerInstance")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC).addTypeVariable(r).returns(r).addParameter(r, "host");
        StringBuilder doc = new StringBuilder("Provides every interface world {@code " + model.worldWitName()
                + "} imports on {@code host}, each call served by the calling instance's implementation.\n\n"
                + "@param <R> the registry's type, returned for chaining\n@param host where to provide them,"
                + " e.g. a component host's builder\n");
        for (int i = 0; i < hosts.size(); i++) {
            Host host = hosts.get(i);
            String param = params.get(i);
            m.addParameter(perInstance(host.api()), param);
            doc.append(paramDoc(host, param, true));
            if (host.named()) {
                m.addStatement("host.provide($S, encoding -> $T.functionsPerInstance($S, $N, encoding))",
                        host.module(), host.host(), host.module(), param);
            } else {
                m.addStatement("host.provide($S, encoding -> $T.functionsPerInstance($N, encoding))",
                        host.module(), host.host(), param);
            }
        }
        return m.addJavadoc("$L", doc + "@return {@code host}\n@throws IllegalArgumentException if {@code host}"
                        + " already has one of the interfaces\n")
                .addStatement("return host").build();
    }

    private MethodSpec functions(List<Host> hosts, List<String> params) {
        TypeName defsType = ParameterizedTypeName.get(ClassName.get(List.class), HOST_FUNCTION_DEF);
        MethodSpec.Builder m = MethodSpec.methodBuilder("functions").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(defsType);
        StringBuilder doc = new StringBuilder("All host functions of world {@code " + model.worldWitName()
                + "}, ready to link into a guest, served by one implementation per interface for every instance.\n\n");
        List<CodeBlock> args = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            m.addParameter(hosts.get(i).api(), params.get(i));
            args.add(CodeBlock.of("$T.shared($N)", PER_INSTANCE, params.get(i)));
            doc.append(paramDoc(hosts.get(i), params.get(i), false));
        }
        args.add(CodeBlock.of("encoding"));
        return m.addParameter(STRING_ENCODING, "encoding")
                .addJavadoc("$L", doc + "@param encoding the guest's string encoding\n@return one definition per core import\n")
                .addStatement("return functionsPerInstance($L)", CodeBlock.join(args, ",$W")).build();
    }

    private MethodSpec functionsPerInstance(List<Host> hosts, List<String> params, List<ClassName> exportedResourceHosts) {
        TypeName defsType = ParameterizedTypeName.get(ClassName.get(List.class), HOST_FUNCTION_DEF);
        MethodSpec.Builder m = MethodSpec.methodBuilder("functionsPerInstance")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(defsType)
                .addStatement("$T<$T> defs = new $T<>()", List.class, HOST_FUNCTION_DEF, ArrayList.class);
        StringBuilder doc = new StringBuilder("All host functions of world {@code " + model.worldWitName()
                + "}, ready to link into a guest, each call served by the calling instance's implementation.\n\n");
        for (int i = 0; i < hosts.size(); i++) {
            Host host = hosts.get(i);
            String param = params.get(i);
            m.addParameter(perInstance(host.api()), param);
            doc.append(paramDoc(host, param, true));
            if (host.named()) {
                m.addStatement("defs.addAll($T.functionsPerInstance($S, $N, encoding))", host.host(), host.module(), param);
            } else {
                m.addStatement("defs.addAll($T.functionsPerInstance($N, encoding))", host.host(), param);
            }
        }
        for (ClassName guest : exportedResourceHosts) {
            m.addStatement("defs.addAll($T.resourceFunctions())", guest);
        }
        return m.addParameter(STRING_ENCODING, "encoding")
                .addJavadoc("$L", doc + "@param encoding the guest's string encoding\n@return one definition per core import\n")
                .addStatement("return $T.copyOf(defs)", List.class).build();
    }

    /** {@code PerInstance<? extends Api>}: an implementation of {@code api} for the calling instance. */
    private static TypeName perInstance(ClassName api) {
        return ParameterizedTypeName.get(PER_INSTANCE, WildcardTypeName.subtypeOf(api));
    }
}
