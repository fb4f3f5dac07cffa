/**
 * The Component Model binary format: {@link dev.wasiotel.host.component.binary.ComponentDecoder}
 * turns bytes into {@link dev.wasiotel.host.component.binary.ComponentBinary} definitions, or a
 * {@link dev.wasiotel.host.component.binary.ComponentFormatException} naming the offset.
 */
package dev.wasiotel.host.component.binary;
