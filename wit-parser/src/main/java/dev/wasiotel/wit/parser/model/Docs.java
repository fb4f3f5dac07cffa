package dev.wasiotel.wit.parser.model;

import java.util.Optional;

/**
 * Documentation attached to a WIT item by {@code ///} or {@code /** ... *}{@code /} comments,
 * with the comment markers and the common leading indentation removed.
 *
 * @param contents the text, absent when the item has no doc comment
 */
public record Docs(Optional<String> contents) {
    /** No documentation. */
    public static final Docs NONE = new Docs(Optional.empty());

    /** Documentation with the given text. */
    public static Docs of(String text) {
        return new Docs(Optional.of(text));
    }
}
