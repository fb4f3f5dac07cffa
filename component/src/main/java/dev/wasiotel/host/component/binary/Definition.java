package dev.wasiotel.host.component.binary;

import java.util.List;

/**
 * One definition of a component, in binary order: what instantiation executes. Each carries the
 * byte offset where it starts, for error messages.
 */
public sealed interface Definition {

    /** Where this definition starts in the outermost binary. */
    int offset();

    /** An embedded core module. @param offset where @param start first byte @param end one past the last */
    record CoreModuleDef(int offset, int start, int end) implements Definition {
    }

    /** A core instantiation argument. @param name the import module name @param instance core instance index */
    record CoreArg(String name, int instance) {
    }

    /** An exported item of an instance built from exports. @param name name @param sort sort @param index index */
    record InlineExport(String name, Sort sort, int index) {
    }

    /** {@code (core instance (instantiate m (with ...)*))}. @param offset where @param module module index @param args arguments */
    record CoreInstantiate(int offset, int module, List<CoreArg> args) implements Definition {
    }

    /** {@code (core instance (export ...)*)}. @param offset where @param exports the exports */
    record CoreInstanceExports(int offset, List<InlineExport> exports) implements Definition {
    }

    /** A core type (only counted). @param offset where */
    record CoreTypeDefinition(int offset) implements Definition {
    }

    /** A nested component. @param offset where @param component its definitions */
    record NestedComponent(int offset, ComponentBinary component) implements Definition {
    }

    /** A component instantiation argument. @param name the import name @param sort sort @param index index */
    record Arg(String name, Sort sort, int index) {
    }

    /** {@code (instance (instantiate c (with ...)*))}. @param offset where @param component component index @param args arguments */
    record Instantiate(int offset, int component, List<Arg> args) implements Definition {
    }

    /** {@code (instance (export ...)*)}. @param offset where @param exports the exports */
    record InstanceExports(int offset, List<InlineExport> exports) implements Definition {
    }

    /** What an alias refers to. */
    sealed interface AliasTarget {
    }

    /** {@code (alias export i "name")}. @param instance instance index @param name export name */
    record ExportAlias(int instance, String name) implements AliasTarget {
    }

    /** {@code (alias core export i "name")}. @param instance core instance index @param name export name */
    record CoreExportAlias(int instance, String name) implements AliasTarget {
    }

    /** {@code (alias outer ct idx)}. @param count how many scopes out @param index index there */
    record OuterAlias(int count, int index) implements AliasTarget {
    }

    /** An alias. @param offset where @param sort the sort it adds to @param target what it refers to */
    record Alias(int offset, Sort sort, AliasTarget target) implements Definition {
    }

    /** A type definition. @param offset where @param type the type */
    record Type(int offset, TypeDef type) implements Definition {
    }

    /** {@code canon lift}. @param offset where @param coreFunc core function @param options options @param type function type index */
    record CanonLift(int offset, int coreFunc, CanonOptions options, int type) implements Definition {
    }

    /** {@code canon lower}. @param offset where @param func component function @param options options */
    record CanonLower(int offset, int func, CanonOptions options) implements Definition {
    }

    /** {@code canon resource.new}. @param offset where @param type resource type index */
    record ResourceNew(int offset, int type) implements Definition {
    }

    /** {@code canon resource.drop}. @param offset where @param type resource type index */
    record ResourceDrop(int offset, int type) implements Definition {
    }

    /** {@code canon resource.rep}. @param offset where @param type resource type index */
    record ResourceRep(int offset, int type) implements Definition {
    }

    /**
     * A canonical built-in of the async ABI, threads or error contexts ({@code task.return},
     * {@code waitable-set.new}, {@code stream.read}...): decoded, refused at instantiation.
     *
     * @param offset where
     * @param name its name in the text format, e.g. {@code task.return}
     */
    record AsyncBuiltin(int offset, String name) implements Definition {
    }

    /** An import. @param offset where @param externName its name and attributes @param type its type */
    record Import(int offset, ExternName externName, ExternType type) implements Definition {
        /** The name that identifies the import (without attributes). */
        public String name() {
            return externName.name();
        }
    }

    /**
     * An export. @param offset where @param externName its name and attributes @param sort sort
     * @param index index @param type the ascribed type, or null
     */
    record Export(int offset, ExternName externName, Sort sort, int index, ExternType type) implements Definition {
        /** The name that identifies the export (without attributes). */
        public String name() {
            return externName.name();
        }
    }
}
