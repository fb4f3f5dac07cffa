package dev.wasiotel.wit.abi;

/** The guest's string encoding, a canonical option of each lifted or lowered function. */
public enum StringEncoding {
    /** UTF-8 bytes. */
    UTF8,
    /** UTF-16LE code units; 2-aligned. */
    UTF16,
    /** Latin-1 bytes, or UTF-16 code units when bit 31 of the length is set; 2-aligned. */
    LATIN1_UTF16
}
