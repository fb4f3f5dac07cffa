package dev.wasiotel.wit.parser.syntax;

import dev.wasiotel.wit.parser.diag.SourceFile;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.grammar.WitLexer;
import dev.wasiotel.wit.parser.grammar.WitParser;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.model.Type.Primitive;
import dev.wasiotel.wit.parser.model.Version;
import dev.wasiotel.wit.parser.syntax.Ast.Attribute;
import dev.wasiotel.wit.parser.syntax.Ast.DeclItem;
import dev.wasiotel.wit.parser.syntax.Ast.Extern;
import dev.wasiotel.wit.parser.syntax.Ast.Id;
import dev.wasiotel.wit.parser.syntax.Ast.InterfaceItem;
import dev.wasiotel.wit.parser.syntax.Ast.PackageHeader;
import dev.wasiotel.wit.parser.syntax.Ast.PackageRef;
import dev.wasiotel.wit.parser.syntax.Ast.TypeExpr;
import dev.wasiotel.wit.parser.syntax.Ast.UsePath;
import dev.wasiotel.wit.parser.syntax.Ast.WorldItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Turns the text of one WIT file into its {@link Ast.WitFile}: lexing and parsing with the ANTLR
 * grammar, then validating what the grammar leaves loose (kebab-case names, versions, attributes,
 * nesting) with precise messages.
 */
public final class SyntaxParser {
    /** The lexer channel doc comments go to (see Wit.g4). */
    private static final int DOC_CHANNEL = WitLexer.DOC_CHANNEL;
    /** Deeper nesting of {@code <...>} is rejected, as the reference parser does. */
    private static final int MAX_TYPE_DEPTH = 100;
    /** Bound on all bracket nesting, which also bounds recursion in the parser. */
    private static final int MAX_BRACKET_DEPTH = 300;
    /** Deeper nesting of {@code package { }} blocks is rejected. */
    private static final int MAX_PACKAGE_DEPTH = 100;

    private final SourceFile file;
    private final boolean legacyFloatNames;
    private final int[] utf16Offsets;
    private CommonTokenStream tokens;
    private CodePointCharStream chars;

    private SyntaxParser(SourceFile file, boolean legacyFloatNames) {
        this.file = file;
        this.legacyFloatNames = legacyFloatNames;
        this.utf16Offsets = codePointToUtf16(file.text());
    }

    /**
     * Parses one file.
     *
     * @param file the source
     * @param legacyFloatNames read {@code float32}/{@code float64} as {@code f32}/{@code f64}
     */
    public static Ast.WitFile parse(SourceFile file, boolean legacyFloatNames) throws WitParseException {
        return new SyntaxParser(file, legacyFloatNames).run();
    }

    private Ast.WitFile run() throws WitParseException {
        rejectForbiddenCharacters();
        chars = CharStreams.fromString(file.text(), file.name());
        WitLexer lexer = new WitLexer(chars);
        lexer.removeErrorListeners();
        tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkTokens();
        WitParser parser = new WitParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new FailFastErrorStrategy());
        WitParser.WitFileContext tree;
        try {
            tree = parser.witFile();
        } catch (FailFastErrorStrategy.SyntaxFailure failure) {
            throw new WitParseException(span(failure.token), failure.getMessage());
        }
        return witFile(tree);
    }

    // ------------------------------------------------------------------ checks before parsing

    private void rejectForbiddenCharacters() throws WitParseException {
        String text = file.text();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (Character.isISOControl(c)) {
                throw new WitParseException(new Span(file, i, i + 1),
                        String.format("control character U+%04X is not allowed", (int) c));
            }
            if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                throw new WitParseException(new Span(file, i, i + 1),
                        String.format("bidirectional override character U+%04X is not allowed", (int) c));
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                throw new WitParseException(new Span(file, i, i + 1), "unpaired surrogate in source text");
            }
        }
    }

    /** Reports bad tokens and excessive nesting before the parser (and its recursion) runs. */
    private void checkTokens() throws WitParseException {
        int angle = 0;
        int brackets = 0;
        for (Token t : tokens.getTokens()) {
            switch (t.getType()) {
                case WitParser.UNTERMINATED_COMMENT:
                    throw new WitParseException(span(t), "unterminated block comment");
                case WitLexer.ERROR_CHAR:
                    throw new WitParseException(span(t), "unexpected character '" + t.getText() + "'");
                case WitLexer.STRING_LITERAL:
                    break;
                case WitLexer.LT:
                    angle++;
                    brackets++;
                    if (angle >= MAX_TYPE_DEPTH) {
                        throw new WitParseException(span(t), "type nesting too deep");
                    }
                    break;
                case WitLexer.LBRACE:
                case WitLexer.LPAREN:
                    brackets++;
                    break;
                case WitLexer.GT:
                    angle = Math.max(0, angle - 1);
                    brackets = Math.max(0, brackets - 1);
                    break;
                case WitLexer.RBRACE:
                case WitLexer.RPAREN:
                    brackets = Math.max(0, brackets - 1);
                    break;
                default:
                    break;
            }
            if (brackets > MAX_BRACKET_DEPTH) {
                throw new WitParseException(span(t), "nesting too deep");
            }
        }
    }

    // ------------------------------------------------------------------ files and packages

    private Ast.WitFile witFile(WitParser.WitFileContext ctx) throws WitParseException {
        Optional<PackageHeader> header = Optional.empty();
        if (ctx.packageHeader() != null) {
            header = Optional.of(packageHeader(ctx.packageHeader(), ctx.packageHeader().packageName()));
        }
        return new Ast.WitFile(header, declItems(ctx.declItem(), 0));
    }

    private PackageHeader packageHeader(ParserRuleContext item, WitParser.PackageNameContext name)
            throws WitParseException {
        List<Token> docTokens = docTokens(item);
        Span docsSpan = docTokens.isEmpty() ? span(item.getStart()) : span(docTokens.get(0));
        return new PackageHeader(packageName(name), docs(docTokens), docsSpan);
    }

    private PackageRef packageName(WitParser.PackageNameContext ctx) throws WitParseException {
        Id namespace = id(ctx.id(0));
        Id name = id(ctx.id(1));
        Optional<Version> version = ctx.version() == null ? Optional.empty() : Optional.of(version(ctx.version()));
        return new PackageRef(new PackageName(namespace.name(), name.name(), version), span(ctx));
    }

    private List<DeclItem> declItems(List<WitParser.DeclItemContext> items, int depth) throws WitParseException {
        List<DeclItem> out = new ArrayList<>();
        for (WitParser.DeclItemContext item : items) {
            out.add(declItem(item, depth));
        }
        return out;
    }

    private DeclItem declItem(WitParser.DeclItemContext ctx, int depth) throws WitParseException {
        List<Attribute> attributes = attributes(ctx.attribute());
        if (ctx.interfaceDecl() != null) {
            WitParser.InterfaceDeclContext i = ctx.interfaceDecl();
            return new Ast.InterfaceDecl(docs(ctx), attributes, id(i.id()), interfaceItems(i.interfaceBody()));
        }
        if (ctx.worldDecl() != null) {
            WitParser.WorldDeclContext w = ctx.worldDecl();
            List<WorldItem> items = new ArrayList<>();
            for (WitParser.WorldItemContext item : w.worldItem()) {
                items.add(worldItem(item));
            }
            return new Ast.WorldDecl(docs(ctx), attributes, id(w.id()), items);
        }
        if (ctx.toplevelUse() != null) {
            WitParser.ToplevelUseContext u = ctx.toplevelUse();
            return new Ast.ToplevelUse(attributes, usePath(u.usePath()),
                    u.id() == null ? Optional.empty() : Optional.of(id(u.id())), span(u));
        }
        WitParser.NestedPackageContext p = ctx.nestedPackage();
        if (!attributes.isEmpty()) {
            throw new WitParseException(span(p), "cannot place attributes on nested packages");
        }
        if (depth + 1 >= MAX_PACKAGE_DEPTH) {
            throw new WitParseException(span(p), "package nesting too deep");
        }
        return new Ast.NestedPackage(attributes, packageHeader(ctx, p.packageName()),
                declItems(p.declItem(), depth + 1));
    }

    private UsePath usePath(WitParser.UsePathContext ctx) throws WitParseException {
        if (ctx.id().size() == 1) {
            return new Ast.LocalPath(id(ctx.id(0)));
        }
        Id namespace = id(ctx.id(0));
        Id pkg = id(ctx.id(1));
        Id name = id(ctx.id(2));
        Optional<Version> version = ctx.version() == null ? Optional.empty() : Optional.of(version(ctx.version()));
        Span pkgSpan = new Span(file, namespace.span().start(), pkg.span().end());
        return new Ast.ForeignPath(new PackageRef(new PackageName(namespace.name(), pkg.name(), version), pkgSpan),
                name);
    }

    // ------------------------------------------------------------------ interfaces

    private List<InterfaceItem> interfaceItems(WitParser.InterfaceBodyContext body) throws WitParseException {
        List<InterfaceItem> items = new ArrayList<>();
        for (WitParser.InterfaceItemContext item : body.interfaceItem()) {
            List<Attribute> attributes = attributes(item.attribute());
            if (item.typeDefItem() != null) {
                items.add(typeDef(item, attributes, item.typeDefItem()));
            } else if (item.useItem() != null) {
                items.add(use(attributes, item.useItem()));
            } else {
                WitParser.NamedFuncContext f = item.namedFunc();
                items.add(new Ast.NamedFunc(docs(item), attributes, id(f.id()), func(f.funcType())));
            }
        }
        return items;
    }

    private Ast.Use use(List<Attribute> attributes, WitParser.UseItemContext ctx) throws WitParseException {
        List<Ast.UseName> names = new ArrayList<>();
        for (WitParser.UseNameContext n : ctx.useName()) {
            names.add(new Ast.UseName(id(n.id(0)), n.id().size() > 1 ? Optional.of(id(n.id(1))) : Optional.empty()));
        }
        return new Ast.Use(attributes, usePath(ctx.usePath()), names);
    }

    private Ast.Func func(WitParser.FuncTypeContext ctx) throws WitParseException {
        Optional<TypeExpr> result = ctx.type() == null ? Optional.empty() : Optional.of(type(ctx.type()));
        return new Ast.Func(ctx.ASYNC() != null, params(ctx.paramList()), result, span(ctx.FUNC().getSymbol()));
    }

    private List<Ast.Param> params(WitParser.ParamListContext ctx) throws WitParseException {
        List<Ast.Param> params = new ArrayList<>();
        for (WitParser.ParamContext p : ctx.param()) {
            params.add(new Ast.Param(id(p.id()), type(p.type())));
        }
        return params;
    }

    // ------------------------------------------------------------------ worlds

    private WorldItem worldItem(WitParser.WorldItemContext ctx) throws WitParseException {
        List<Attribute> attributes = attributes(ctx.attribute());
        if (ctx.importItem() != null) {
            return new Ast.Import(docs(ctx), attributes, extern(ctx.importItem().externKind()));
        }
        if (ctx.exportItem() != null) {
            return new Ast.Export(docs(ctx), attributes, extern(ctx.exportItem().externKind()));
        }
        if (ctx.useItem() != null) {
            return use(attributes, ctx.useItem());
        }
        if (ctx.typeDefItem() != null) {
            return typeDef(ctx, attributes, ctx.typeDefItem());
        }
        WitParser.IncludeItemContext inc = ctx.includeItem();
        List<Ast.IncludeName> names = new ArrayList<>();
        for (WitParser.IncludeNameContext n : inc.includeName()) {
            names.add(new Ast.IncludeName(id(n.id(0)), id(n.id(1))));
        }
        return new Ast.Include(attributes, usePath(inc.usePath()), names);
    }

    private Extern extern(WitParser.ExternKindContext ctx) throws WitParseException {
        if (ctx instanceof WitParser.ExternFuncContext f) {
            return new Ast.ExternFunc(id(f.id()), func(f.funcType()));
        }
        if (ctx instanceof WitParser.ExternInterfaceContext i) {
            return new Ast.ExternInterface(id(i.id()), interfaceItems(i.interfaceBody()));
        }
        if (ctx instanceof WitParser.ExternPathContext p) {
            return new Ast.ExternPath(usePath(p.usePath()));
        }
        WitParser.ExternNamedPathContext n = (WitParser.ExternNamedPathContext) ctx;
        return new Ast.ExternNamedPath(id(n.id()), usePath(n.usePath()));
    }

    // ------------------------------------------------------------------ type definitions

    private Ast.TypeDef typeDef(ParserRuleContext item, List<Attribute> attributes, WitParser.TypeDefItemContext ctx)
            throws WitParseException {
        Docs docs = docs(item);
        if (ctx instanceof WitParser.AliasDefContext a) {
            return new Ast.TypeDef(docs, attributes, id(a.id()), type(a.type()));
        }
        if (ctx instanceof WitParser.RecordDefContext r) {
            Id name = id(r.id());
            List<Ast.Field> fields = new ArrayList<>();
            for (WitParser.FieldContext f : r.field()) {
                fields.add(new Ast.Field(docs(f), id(f.id()), type(f.type())));
            }
            return new Ast.TypeDef(docs, attributes, name, new Ast.RecordBody(fields, name.span()));
        }
        if (ctx instanceof WitParser.FlagsDefContext f) {
            Id name = id(f.id());
            return new Ast.TypeDef(docs, attributes, name, new Ast.FlagsBody(namedCases(f.namedCase()), name.span()));
        }
        if (ctx instanceof WitParser.EnumDefContext e) {
            Id name = id(e.id());
            return new Ast.TypeDef(docs, attributes, name, new Ast.EnumBody(namedCases(e.namedCase()), name.span()));
        }
        if (ctx instanceof WitParser.VariantDefContext v) {
            Id name = id(v.id());
            List<Ast.Case> cases = new ArrayList<>();
            for (WitParser.VariantCaseContext c : v.variantCase()) {
                Optional<TypeExpr> payload = c.type() == null ? Optional.empty() : Optional.of(type(c.type()));
                cases.add(new Ast.Case(docs(c), id(c.id()), payload));
            }
            return new Ast.TypeDef(docs, attributes, name, new Ast.VariantBody(cases, name.span()));
        }
        WitParser.ResourceDefContext r = (WitParser.ResourceDefContext) ctx;
        Id name = id(r.id());
        List<Ast.ResourceFunc> funcs = new ArrayList<>();
        for (WitParser.ResourceFuncContext f : r.resourceFunc()) {
            funcs.add(resourceFunc(f));
        }
        return new Ast.TypeDef(docs, attributes, name, new Ast.ResourceBody(funcs, name.span()));
    }

    private List<Ast.NamedCase> namedCases(List<WitParser.NamedCaseContext> cases) throws WitParseException {
        List<Ast.NamedCase> out = new ArrayList<>();
        for (WitParser.NamedCaseContext c : cases) {
            out.add(new Ast.NamedCase(docs(c), id(c.id())));
        }
        return out;
    }

    private Ast.ResourceFunc resourceFunc(WitParser.ResourceFuncContext ctx) throws WitParseException {
        List<Attribute> attributes = attributes(ctx.attribute());
        Docs docs = docs(ctx);
        if (ctx.constructorFunc() != null) {
            WitParser.ConstructorFuncContext c = ctx.constructorFunc();
            Span at = span(c.CONSTRUCTOR().getSymbol());
            Optional<TypeExpr> result = c.type() == null ? Optional.empty() : Optional.of(type(c.type()));
            Ast.Func func = new Ast.Func(false, params(c.paramList()), result, at);
            return new Ast.ResourceFunc(Ast.ResourceFuncKind.CONSTRUCTOR,
                    new Ast.NamedFunc(docs, attributes, new Id("constructor", at), func));
        }
        WitParser.MethodFuncContext m = ctx.methodFunc();
        Ast.ResourceFuncKind kind = m.STATIC() != null ? Ast.ResourceFuncKind.STATIC : Ast.ResourceFuncKind.METHOD;
        return new Ast.ResourceFunc(kind, new Ast.NamedFunc(docs, attributes, id(m.id()), func(m.funcType())));
    }

    private TypeExpr type(WitParser.TypeContext ctx) throws WitParseException {
        Span at = span(ctx);
        if (ctx instanceof WitParser.PrimitiveTypeContext p) {
            return new Ast.PrimitiveType(primitive(p.primitive().getStart().getType()), at);
        }
        if (ctx instanceof WitParser.NamedTypeContext n) {
            Id name = id(n.id());
            if (legacyFloatNames && name.name().equals("float32")) {
                return new Ast.PrimitiveType(Primitive.F32, at);
            }
            if (legacyFloatNames && name.name().equals("float64")) {
                return new Ast.PrimitiveType(Primitive.F64, at);
            }
            return new Ast.NamedType(name);
        }
        if (ctx instanceof WitParser.TupleTypeContext t) {
            List<TypeExpr> types = new ArrayList<>();
            for (WitParser.TypeContext e : t.type()) {
                types.add(type(e));
            }
            return new Ast.TupleType(types, at);
        }
        if (ctx instanceof WitParser.ListTypeContext l) {
            TypeExpr element = type(l.type());
            if (l.listSize() == null) {
                return new Ast.ListType(element, at);
            }
            Token size = l.listSize().INTEGER().getSymbol();
            long n;
            try {
                n = Long.parseLong(size.getText());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > 0xFFFF_FFFFL) {
                throw new WitParseException(span(size), "invalid list size: number too large to fit in u32");
            }
            return new Ast.FixedListType(element, n, at);
        }
        if (ctx instanceof WitParser.MapTypeContext m) {
            return new Ast.MapType(type(m.type(0)), type(m.type(1)), at);
        }
        if (ctx instanceof WitParser.OptionTypeContext o) {
            return new Ast.OptionType(type(o.type()), at);
        }
        if (ctx instanceof WitParser.ResultTypeContext r) {
            Optional<TypeExpr> ok = r.okType == null ? Optional.empty() : Optional.of(type(r.okType));
            Optional<TypeExpr> err = r.errType == null ? Optional.empty() : Optional.of(type(r.errType));
            return new Ast.ResultType(ok, err, at);
        }
        if (ctx instanceof WitParser.FutureTypeContext f) {
            return new Ast.FutureType(f.type() == null ? Optional.empty() : Optional.of(type(f.type())), at);
        }
        if (ctx instanceof WitParser.StreamTypeContext s) {
            return new Ast.StreamType(s.type() == null ? Optional.empty() : Optional.of(type(s.type())), at);
        }
        if (ctx instanceof WitParser.OwnTypeContext o) {
            return new Ast.HandleType(false, id(o.id()));
        }
        return new Ast.HandleType(true, id(((WitParser.BorrowTypeContext) ctx).id()));
    }

    private static Primitive primitive(int tokenType) {
        switch (tokenType) {
            case WitLexer.BOOL: return Primitive.BOOL;
            case WitLexer.U8: return Primitive.U8;
            case WitLexer.U16: return Primitive.U16;
            case WitLexer.U32: return Primitive.U32;
            case WitLexer.U64: return Primitive.U64;
            case WitLexer.S8: return Primitive.S8;
            case WitLexer.S16: return Primitive.S16;
            case WitLexer.S32: return Primitive.S32;
            case WitLexer.S64: return Primitive.S64;
            case WitLexer.F32: return Primitive.F32;
            case WitLexer.F64: return Primitive.F64;
            case WitLexer.CHAR: return Primitive.CHAR;
            case WitLexer.STRING: return Primitive.STRING;
            case WitLexer.ERROR_CONTEXT: return Primitive.ERROR_CONTEXT;
            default: throw new IllegalStateException("not a primitive token: " + tokenType);
        }
    }

    // ------------------------------------------------------------------ attributes and versions

    private List<Attribute> attributes(List<WitParser.AttributeContext> list) throws WitParseException {
        List<Attribute> out = new ArrayList<>();
        for (WitParser.AttributeContext a : list) {
            out.add(attribute(a));
        }
        return out;
    }

    private Attribute attribute(WitParser.AttributeContext ctx) throws WitParseException {
        Id name = id(ctx.id(0));
        switch (name.name()) {
            case "since":
                return new Ast.Since(versionArgument(ctx, "version"), name.span());
            case "deprecated":
                return new Ast.Deprecated(versionArgument(ctx, "version"), name.span());
            case "unstable": {
                WitParser.AttrValueContext value = argument(ctx, "feature");
                if (value.id() == null) {
                    throw new WitParseException(span(value), "expected a feature name, found a version");
                }
                return new Ast.Unstable(id(value.id()).name(), name.span());
            }
            case "external-id": {
                if (ctx.STRING_LITERAL() == null) {
                    throw new WitParseException(span(ctx.id(1)), "expected a string");
                }
                String text = ctx.STRING_LITERAL().getText();
                return new Ast.ExternalId(text.substring(1, text.length() - 1), name.span());
            }
            default:
                throw new WitParseException(name.span(), "unknown attribute `" + name.name() + "`");
        }
    }

    private WitParser.AttrValueContext argument(WitParser.AttributeContext ctx, String key) throws WitParseException {
        if (ctx.STRING_LITERAL() != null) {
            throw new WitParseException(span(ctx.STRING_LITERAL().getSymbol()),
                    "expected `" + key + "`, found a string");
        }
        Id found = id(ctx.id(1));
        if (!found.name().equals(key)) {
            throw new WitParseException(found.span(), "expected `" + key + "`, found `" + found.name() + "`");
        }
        return ctx.attrValue();
    }

    private Version versionArgument(WitParser.AttributeContext ctx, String key) throws WitParseException {
        WitParser.AttrValueContext value = argument(ctx, key);
        if (value.version() == null) {
            throw new WitParseException(span(value), "expected a version, found an identifier");
        }
        return version(value.version());
    }

    private Version version(WitParser.VersionContext ctx) throws WitParseException {
        String text = chars.getText(Interval.of(ctx.getStart().getStartIndex(), ctx.getStop().getStopIndex()));
        Version v = Version.parseOrNull(text);
        if (v == null) {
            throw new WitParseException(span(ctx), "invalid semantic version `" + text + "`");
        }
        return v;
    }

    // ------------------------------------------------------------------ identifiers

    private Id id(WitParser.IdContext ctx) throws WitParseException {
        Token token = ctx.getStart();
        String text = token.getText();
        String name = token.getType() == WitLexer.EXPLICIT_ID ? text.substring(1) : text;
        String problem = kebabProblem(name);
        if (problem != null) {
            throw new WitParseException(span(token), problem);
        }
        return new Id(name, span(token));
    }

    /**
     * Why {@code name} is not a valid WIT identifier, or null if it is: words separated by single
     * dashes, each all-lowercase or all-uppercase letters and digits, the first starting with a letter.
     */
    static String kebabProblem(String name) {
        if (name.isEmpty()) {
            return "empty identifier";
        }
        String[] parts = name.split("-", -1);
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (part.isEmpty()) {
                return "identifier `" + name + "` is not kebab-case: empty word between '-'";
            }
            if (p == 0 && !isAsciiLetter(part.charAt(0))) {
                return "identifier `" + name + "` must start with a letter";
            }
            Boolean upper = null;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c >= '0' && c <= '9') {
                    continue;
                }
                if (!isAsciiLetter(c)) {
                    return "invalid character " + describeChar(part.codePointAt(i)) + " in identifier `" + name + "`";
                }
                boolean isUpper = c >= 'A' && c <= 'Z';
                if (upper == null) {
                    upper = isUpper;
                } else if (upper != isUpper) {
                    return "identifier `" + name + "` is not kebab-case: word `" + part
                            + "` mixes upper and lower case";
                }
            }
        }
        return null;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String describeChar(int cp) {
        return cp < 0x80 && cp >= 0x20 ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
    }

    // ------------------------------------------------------------------ docs and spans

    private Docs docs(ParserRuleContext item) {
        return docs(docTokens(item));
    }

    private List<Token> docTokens(ParserRuleContext item) {
        List<Token> found = tokens.getHiddenTokensToLeft(item.getStart().getTokenIndex(), DOC_CHANNEL);
        return found == null ? List.of() : found;
    }

    /** Strips comment markers and the common indentation, as wit-parser does for its docs. */
    private static Docs docs(List<Token> docTokens) {
        if (docTokens.isEmpty()) {
            return Docs.NONE;
        }
        List<String> lines = new ArrayList<>();
        for (Token t : docTokens) {
            String text = t.getText();
            if (text.startsWith("/**")) {
                text = text.substring(3, text.length() - 2);
                for (String line : text.split("\r?\n", -1)) {
                    lines.add(stripTrailing(line));
                }
            } else {
                lines.add(stripTrailing(text.substring(3)));
            }
        }
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isEmpty()) {
                int ws = 0;
                while (ws < line.length() && Character.isWhitespace(line.charAt(ws))) {
                    ws++;
                }
                indent = Math.min(indent, ws);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.isEmpty() ? line : line.substring(Math.min(indent, line.length())));
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        return Docs.of(out.substring(0, end));
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private Span span(Token token) {
        if (token.getType() == Token.EOF) {
            int end = file.text().length();
            return new Span(file, end, end);
        }
        return new Span(file, utf16(token.getStartIndex()), utf16(token.getStopIndex() + 1));
    }

    private Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null ? start : ctx.getStop();
        Span s = span(start);
        return new Span(file, s.start(), Math.max(s.start(), span(stop).end()));
    }

    private int utf16(int codePointIndex) {
        if (utf16Offsets == null) {
            return codePointIndex;
        }
        return utf16Offsets[Math.max(0, Math.min(codePointIndex, utf16Offsets.length - 1))];
    }

    /** The map from code point index (ANTLR's) to UTF-16 offset, or null when they coincide. */
    private static int[] codePointToUtf16(String text) {
        int count = text.codePointCount(0, text.length());
        if (count == text.length()) {
            return null;
        }
        int[] map = new int[count + 1];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            map[i] = offset;
            offset += Character.charCount(text.codePointAt(offset));
        }
        map[count] = offset;
        return map;
    }
}
