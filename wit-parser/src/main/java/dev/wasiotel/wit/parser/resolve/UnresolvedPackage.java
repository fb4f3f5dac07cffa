package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.diag.SourceFile;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.syntax.Ast;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One package as parsed, before resolution: its name and the top-level items of each of its
 * files (kept per file, because top-level {@code use} names are scoped to their file).
 *
 * @param name the package name
 * @param nameSpan where the name is declared
 * @param docs the package docs
 * @param files the files, each with its items
 */
public record UnresolvedPackage(PackageName name, Span nameSpan, Docs docs, List<FileItems> files) {

    /** The items of one file. @param file the source @param items its top-level items */
    public record FileItems(SourceFile file, List<Ast.DeclItem> items) {
    }

    /** The other packages this one names in {@code use}, import/export paths and includes. */
    public Set<PackageName> foreignDeps() {
        Set<PackageName> deps = new LinkedHashSet<>();
        for (FileItems f : files) {
            for (Ast.DeclItem item : f.items()) {
                collect(item, deps);
            }
        }
        return deps;
    }

    /** The spans where {@code dep} is named, the first one first (for cycle and not-found errors). */
    public Span firstReference(PackageName dep) {
        List<Span> spans = new ArrayList<>();
        for (FileItems f : files) {
            for (Ast.DeclItem item : f.items()) {
                AstPaths.forEachPath(item, path -> {
                    if (path instanceof Ast.ForeignPath fp && fp.pkg().name().equals(dep)) {
                        spans.add(fp.pkg().span());
                    }
                });
            }
        }
        return spans.isEmpty() ? nameSpan : spans.get(0);
    }

    private static void collect(Ast.DeclItem item, Set<PackageName> deps) {
        AstPaths.forEachPath(item, path -> {
            if (path instanceof Ast.ForeignPath fp) {
                deps.add(fp.pkg().name());
            }
        });
    }
}
