package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.syntax.Ast;
import java.util.List;
import java.util.function.Consumer;

/** Visits every use-path of a top-level item: uses, import/export paths and includes. */
final class AstPaths {
    private AstPaths() {
    }

    static void forEachPath(Ast.DeclItem item, Consumer<Ast.UsePath> visitor) {
        if (item instanceof Ast.ToplevelUse u) {
            visitor.accept(u.path());
        } else if (item instanceof Ast.InterfaceDecl i) {
            interfaceItems(i.items(), visitor);
        } else if (item instanceof Ast.WorldDecl w) {
            for (Ast.WorldItem wi : w.items()) {
                if (wi instanceof Ast.Use u) {
                    visitor.accept(u.from());
                } else if (wi instanceof Ast.Include inc) {
                    visitor.accept(inc.from());
                } else if (wi instanceof Ast.Import imp) {
                    extern(imp.extern(), visitor);
                } else if (wi instanceof Ast.Export exp) {
                    extern(exp.extern(), visitor);
                }
            }
        } else if (item instanceof Ast.NestedPackage p) {
            for (Ast.DeclItem inner : p.items()) {
                forEachPath(inner, visitor);
            }
        }
    }

    static void extern(Ast.Extern extern, Consumer<Ast.UsePath> visitor) {
        if (extern instanceof Ast.ExternPath p) {
            visitor.accept(p.path());
        } else if (extern instanceof Ast.ExternNamedPath n) {
            visitor.accept(n.path());
        } else if (extern instanceof Ast.ExternInterface i) {
            interfaceItems(i.items(), visitor);
        }
    }

    private static void interfaceItems(List<Ast.InterfaceItem> items, Consumer<Ast.UsePath> visitor) {
        for (Ast.InterfaceItem ii : items) {
            if (ii instanceof Ast.Use u) {
                visitor.accept(u.from());
            }
        }
    }
}
