package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.diag.SourceFile;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.syntax.Ast;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the parsed files of one package directory (or one file) into packages: the main package
 * made of every file's top-level items, plus one package per nested {@code package ... { }} block.
 */
public final class PackageGrouper {
    private PackageGrouper() {
    }

    /** A parsed file. @param file the source @param syntax its tree */
    public record ParsedFile(SourceFile file, Ast.WitFile syntax) {
    }

    /**
     * Groups {@code files} (at least one, in name order).
     *
     * @return the main package first, then the nested ones in source order
     */
    public static List<UnresolvedPackage> group(List<ParsedFile> files) throws WitParseException {
        Ast.PackageHeader header = null;
        Ast.PackageHeader docsHeader = null;
        List<UnresolvedPackage.FileItems> mainFiles = new ArrayList<>();
        List<UnresolvedPackage> nested = new ArrayList<>();
        for (ParsedFile parsed : files) {
            Ast.WitFile file = parsed.syntax();
            if (file.header().isPresent()) {
                Ast.PackageHeader h = file.header().get();
                if (header != null && !header.name().name().equals(h.name().name())) {
                    throw new WitParseException(h.name().span(), "package identifier `" + h.name().name()
                            + "` does not match previous package name of `" + header.name().name() + "`");
                }
                header = h;
                if (h.docs().contents().isPresent()) {
                    if (docsHeader != null) {
                        throw new WitParseException(h.docsSpan(), "found doc comments on multiple 'package' items");
                    }
                    docsHeader = h;
                }
            }
            List<Ast.DeclItem> items = new ArrayList<>();
            for (Ast.DeclItem item : file.items()) {
                if (item instanceof Ast.NestedPackage p) {
                    nested.add(nestedPackage(parsed.file(), p));
                } else {
                    items.add(item);
                }
            }
            mainFiles.add(new UnresolvedPackage.FileItems(parsed.file(), items));
        }
        if (header == null) {
            throw new WitParseException(Span.startOf(files.get(0).file()),
                    "no `package` header was found in any WIT file for this package");
        }
        Docs docs = docsHeader == null ? Docs.NONE : docsHeader.docs();
        List<UnresolvedPackage> all = new ArrayList<>();
        all.add(new UnresolvedPackage(header.name().name(), header.name().span(), docs, mainFiles));
        all.addAll(nested);
        return all;
    }

    private static UnresolvedPackage nestedPackage(SourceFile file, Ast.NestedPackage p) throws WitParseException {
        for (Ast.DeclItem inner : p.items()) {
            if (inner instanceof Ast.NestedPackage deeper) {
                throw new WitParseException(deeper.header().name().span(),
                        "nested packages must be placed at the top-level");
            }
        }
        Ast.PackageRef name = p.header().name();
        return new UnresolvedPackage(name.name(), name.span(), p.header().docs(),
                List.of(new UnresolvedPackage.FileItems(file, p.items())));
    }
}
