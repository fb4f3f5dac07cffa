package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.diag.Span;

/**
 * Where in WIT a type is used, for error messages: a description such as {@code function `read`
 * of wasi:io/streams@0.2.0} and the span of that item.
 *
 * @param description the item, for people to read
 * @param span where it is written
 */
public record WitSite(String description, Span span) {
}
