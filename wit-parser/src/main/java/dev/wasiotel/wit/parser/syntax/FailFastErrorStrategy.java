package dev.wasiotel.wit.parser.syntax;

import dev.wasiotel.wit.parser.grammar.WitParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Stops at the first syntax error and reports it as "expected X, found Y" at the offending token;
 * no recovery, since a WIT file with one syntax error is rejected whole.
 */
final class FailFastErrorStrategy extends DefaultErrorStrategy {

    /** Thrown out of the parser; carries the offending token and the message. */
    static final class SyntaxFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Token token;

        SyntaxFailure(Token token, String message) {
            super(message, null, false, false);
            this.token = token;
        }
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        IntervalSet expected = e.getExpectedTokens() != null ? e.getExpectedTokens() : recognizer.getExpectedTokens();
        Token found = e.getOffendingToken() != null ? e.getOffendingToken() : recognizer.getCurrentToken();
        throw failure(found, expected);
    }

    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        reportError(recognizer, e);
    }

    @Override
    public Token recoverInline(Parser recognizer) {
        throw failure(recognizer.getCurrentToken(), recognizer.getExpectedTokens());
    }

    @Override
    public void sync(Parser recognizer) {
        // No single-token deletion or insertion: the next match reports the error precisely.
    }

    private static SyntaxFailure failure(Token found, IntervalSet expected) {
        return new SyntaxFailure(found, "expected " + describeExpected(expected) + ", found " + describe(found));
    }

    private static String describeExpected(IntervalSet expected) {
        Set<String> names = new LinkedHashSet<>();
        for (int type : expected.toList()) {
            names.add(describeType(type));
        }
        List<String> list = new ArrayList<>(names);
        if (list.isEmpty()) {
            return "nothing more";
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        if (list.size() > 8) {
            return "one of " + String.join(", ", list.subList(0, 8)) + ", ...";
        }
        return "one of " + String.join(", ", list);
    }

    /** How a token is named in messages, like the reference parser does. */
    static String describe(Token token) {
        if (token.getType() == Token.EOF) {
            return "eof";
        }
        if (token.getType() == WitParser.ERROR_CHAR) {
            return "character '" + token.getText() + "'";
        }
        return describeType(token.getType());
    }

    private static String describeType(int type) {
        if (type == Token.EOF) {
            return "eof";
        }
        switch (type) {
            case WitParser.ID:
            case WitParser.EXPLICIT_ID:
                return "an identifier";
            case WitParser.INTEGER:
                return "an integer";
            case WitParser.STRING_LITERAL:
                return "a string";
            default:
                break;
        }
        String literal = WitParser.VOCABULARY.getLiteralName(type);
        if (literal == null) {
            return WitParser.VOCABULARY.getDisplayName(type);
        }
        String text = literal.substring(1, literal.length() - 1);
        return Character.isLetter(text.charAt(0)) || text.equals("_") ? "keyword `" + text + "`" : "'" + text + "'";
    }
}
