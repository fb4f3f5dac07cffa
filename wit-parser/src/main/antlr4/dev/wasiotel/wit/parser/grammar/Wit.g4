/*
 * WIT (WebAssembly Interface Types), as the Component Model's WIT.md describes it and as the
 * reference parser (wasm-tools wit-parser) accepts it.
 *
 * Deliberately permissive in a few places where a precise message is better than a grammar
 * error: identifiers are lexed loosely and validated as kebab-case afterwards, attribute names
 * and keys are checked afterwards, and versions are re-read from the source text as semver.
 */
grammar Wit;

@header {
// Generated from Wit.g4 by ANTLR; do not edit.
}

// Reported by the builder as "unterminated block comment".
tokens { UNTERMINATED_COMMENT }

@lexer::members {
    /** The channel doc comments go to. */
    public static final int DOC_CHANNEL = 2;

    /**
     * Consumes the rest of a block comment after its opening slash-star, counting nested
     * comments as the reference parser does, in one linear pass (recursive lexer rules take
     * super-linear time on deep nesting). Slash-star-star comments are docs, except the empty one.
     */
    private void blockComment() {
        boolean doc = _input.LA(1) == '*' && _input.LA(2) != '/';
        int depth = 1;
        while (depth > 0) {
            int c = _input.LA(1);
            if (c == CharStream.EOF) {
                setType(WitParser.UNTERMINATED_COMMENT);
                return;
            }
            _input.consume();
            if (c == '/' && _input.LA(1) == '*') {
                _input.consume();
                depth++;
            } else if (c == '*' && _input.LA(1) == '/') {
                _input.consume();
                depth--;
            }
        }
        setChannel(doc ? DOC_CHANNEL : HIDDEN);
    }
}

// ---------------------------------------------------------------- files and packages

witFile        : packageHeader? declItem* EOF ;
packageHeader  : PACKAGE packageName SEMI ;
packageName    : id COLON id (AT version)? ;
declItem       : attribute* (interfaceDecl | worldDecl | toplevelUse | nestedPackage) ;
nestedPackage  : PACKAGE packageName LBRACE declItem* RBRACE ;
toplevelUse    : USE usePath (AS id)? SEMI ;
usePath        : id (COLON id SLASH id (AT version)?)? ;

// ---------------------------------------------------------------- interfaces

interfaceDecl  : INTERFACE id interfaceBody ;
interfaceBody  : LBRACE interfaceItem* RBRACE ;
interfaceItem  : attribute* (typeDefItem | useItem | namedFunc) ;
useItem        : USE usePath DOT LBRACE (useName (COMMA useName)* COMMA?)? RBRACE SEMI ;
useName        : id (AS id)? ;
namedFunc      : id COLON funcType SEMI ;
funcType       : ASYNC? FUNC LPAREN paramList RPAREN (RARROW type)? ;
paramList      : (param (COMMA param)* COMMA?)? ;
param          : id COLON type ;

// ---------------------------------------------------------------- worlds

worldDecl      : WORLD id LBRACE worldItem* RBRACE ;
worldItem      : attribute* (importItem | exportItem | useItem | typeDefItem | includeItem) ;
importItem     : IMPORT externKind ;
exportItem     : EXPORT externKind ;
externKind     : id COLON funcType SEMI                 # externFunc
               | id COLON INTERFACE interfaceBody       # externInterface
               | usePath SEMI                           # externPath
               | id COLON usePath SEMI                  # externNamedPath
               ;
includeItem    : INCLUDE usePath (WITH LBRACE (includeName (COMMA includeName)* COMMA?)? RBRACE | SEMI) ;
includeName    : id AS id ;

// ---------------------------------------------------------------- type definitions

typeDefItem    : TYPE id EQUALS type SEMI                                              # aliasDef
               | RECORD id LBRACE (field (COMMA field)* COMMA?)? RBRACE                # recordDef
               | FLAGS id LBRACE (namedCase (COMMA namedCase)* COMMA?)? RBRACE         # flagsDef
               | VARIANT id LBRACE (variantCase (COMMA variantCase)* COMMA?)? RBRACE   # variantDef
               | ENUM id LBRACE (namedCase (COMMA namedCase)* COMMA?)? RBRACE          # enumDef
               | RESOURCE id (SEMI | LBRACE resourceFunc* RBRACE)                      # resourceDef
               ;
field          : id COLON type ;
namedCase      : id ;
variantCase    : id (LPAREN type RPAREN)? ;
resourceFunc   : attribute* (constructorFunc | methodFunc) ;
constructorFunc: CONSTRUCTOR LPAREN paramList RPAREN (RARROW type)? SEMI ;
methodFunc     : id COLON STATIC? funcType SEMI ;

type           : primitive                                                        # primitiveType
               | TUPLE LT (type (COMMA type)* COMMA?)? GT                         # tupleType
               | LIST LT type (COMMA listSize)? GT                                # listType
               | MAP LT type COMMA type GT                                        # mapType
               | OPTION LT type GT                                                # optionType
               | RESULT (LT (UNDERSCORE COMMA errType=type | okType=type (COMMA errType=type)?) GT)?  # resultType
               | FUTURE (LT type GT)?                                             # futureType
               | STREAM (LT type GT)?                                             # streamType
               | OWN LT id GT                                                     # ownType
               | BORROW LT id GT                                                  # borrowType
               | id                                                               # namedType
               ;
listSize       : INTEGER ;
primitive      : BOOL | U8 | U16 | U32 | U64 | S8 | S16 | S32 | S64 | F32 | F64 | CHAR | STRING
               | ERROR_CONTEXT ;

// ---------------------------------------------------------------- gates and versions

attribute      : AT id LPAREN (id EQUALS attrValue | STRING_LITERAL) RPAREN ;
attrValue      : version | id ;
// The text of a version is re-read from the source and checked as semver, so that `1 . 2 . 3`
// (with spaces) is rejected as the reference parser rejects it.
version        : INTEGER DOT INTEGER DOT INTEGER (MINUS versionIds)? (PLUS versionIds)? ;
versionIds     : versionAtom+ (DOT versionAtom+)* ;
versionAtom    : ID | INTEGER | MINUS ;

id             : ID | EXPLICIT_ID ;

// ---------------------------------------------------------------- lexer

// Doc comments go to their own channel, where the builder picks them up before each item.
DOC_LINE       : '///' ~[\n]* -> channel(2) ;
LINE_COMMENT   : '//' ~[\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT  : '/*' { blockComment(); } ;
WS             : [ \t\r\n]+ -> skip ;

USE            : 'use' ;
TYPE           : 'type' ;
FUNC           : 'func' ;
U8             : 'u8' ;
U16            : 'u16' ;
U32            : 'u32' ;
U64            : 'u64' ;
S8             : 's8' ;
S16            : 's16' ;
S32            : 's32' ;
S64            : 's64' ;
F32            : 'f32' ;
F64            : 'f64' ;
CHAR           : 'char' ;
RECORD         : 'record' ;
RESOURCE       : 'resource' ;
OWN            : 'own' ;
BORROW         : 'borrow' ;
FLAGS          : 'flags' ;
VARIANT        : 'variant' ;
ENUM           : 'enum' ;
BOOL           : 'bool' ;
STRING         : 'string' ;
OPTION         : 'option' ;
RESULT         : 'result' ;
FUTURE         : 'future' ;
STREAM         : 'stream' ;
ERROR_CONTEXT  : 'error-context' ;
LIST           : 'list' ;
MAP            : 'map' ;
UNDERSCORE     : '_' ;
AS             : 'as' ;
FROM           : 'from' ;
STATIC         : 'static' ;
INTERFACE      : 'interface' ;
TUPLE          : 'tuple' ;
IMPORT         : 'import' ;
EXPORT         : 'export' ;
WORLD          : 'world' ;
PACKAGE        : 'package' ;
CONSTRUCTOR    : 'constructor' ;
ASYNC          : 'async' ;
INCLUDE        : 'include' ;
WITH           : 'with' ;

EQUALS         : '=' ;
COMMA          : ',' ;
COLON          : ':' ;
DOT            : '.' ;
SEMI           : ';' ;
LPAREN         : '(' ;
RPAREN         : ')' ;
LBRACE         : '{' ;
RBRACE         : '}' ;
LT             : '<' ;
GT             : '>' ;
RARROW         : '->' ;
STAR           : '*' ;
AT             : '@' ;
SLASH          : '/' ;
PLUS           : '+' ;
MINUS          : '-' ;

STRING_LITERAL : '"' (~["\\\n] | '\\' ~[\n])* '"' ;
INTEGER        : [0-9]+ ;
// Loose on purpose: kebab-case is checked afterwards with a precise message.
ID             : ID_START ID_CONTINUE* ;
EXPLICIT_ID    : '%' (ID_START_OR_DASH ID_CONTINUE*)? ;

// Anything else becomes one token the builder reports, so the lexer itself never fails.
ERROR_CHAR     : . ;

fragment ID_START         : [a-zA-Z_\u0080-\uFFFF\u{10000}-\u{10FFFF}] ;
fragment ID_START_OR_DASH : [a-zA-Z_\-\u0080-\uFFFF\u{10000}-\u{10FFFF}] ;
fragment ID_CONTINUE      : [a-zA-Z0-9_\-\u0080-\uFFFF\u{10000}-\u{10FFFF}] ;
