package dev.wasiotel.wit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultTest {

    @Test
    void okAndErrAreTheTwoCases() {
        Result<Integer, String> ok = Result.ok(7);
        Result<Integer, String> err = Result.err("bad");
        assertTrue(ok.isOk());
        assertFalse(ok.isErr());
        assertTrue(err.isErr());
        assertFalse(err.isOk());
        assertInstanceOf(Result.Ok.class, ok);
        assertInstanceOf(Result.Err.class, err);
        assertEquals(7, ((Result.Ok<Integer, String>) ok).value());
        assertEquals("bad", ((Result.Err<Integer, String>) err).error());
    }

    @Test
    void valueSemantics() {
        assertEquals(Result.ok(1), Result.ok(1));
        assertEquals(Result.ok(1).hashCode(), Result.ok(1).hashCode());
        assertNotEquals(Result.ok("x"), Result.err("x"));
        assertEquals(Result.err("e"), new Result.Err<Integer, String>("e"));
        assertEquals("Ok[1]", Result.ok(1).toString());
        assertEquals("Err[()]", Result.err().toString());
    }

    @Test
    void unitStandsForAMissingPayload() {
        Result<Unit, String> noOkPayload = Result.ok();
        assertSame(Unit.INSTANCE, noOkPayload.orElseThrow());
        Result<String, Unit> noErrPayload = Result.err();
        assertSame(Unit.INSTANCE, noErrPayload.errorOrElseThrow());
        Result<Unit, Unit> bare = Result.ok(Unit.INSTANCE);
        assertTrue(bare.isOk());
    }

    @Test
    void nullIsRejected() {
        assertThrows(NullPointerException.class, () -> Result.ok(null));
        assertThrows(NullPointerException.class, () -> Result.err(null));
        assertThrows(NullPointerException.class, () -> Result.<Integer, String>ok(1).map(v -> null));
        assertThrows(NullPointerException.class, () -> Result.<Integer, String>err("e").mapErr(v -> null));
    }

    @Test
    void accessors() {
        Result<Integer, String> ok = Result.ok(3);
        Result<Integer, String> err = Result.err("nope");
        assertEquals(Optional.of(3), ok.okValue());
        assertEquals(Optional.empty(), ok.errValue());
        assertEquals(Optional.empty(), err.okValue());
        assertEquals(Optional.of("nope"), err.errValue());
        assertEquals(3, ok.orElse(9));
        assertEquals(9, err.orElse(9));
        assertEquals(3, ok.orElseThrow());
        assertEquals("nope", err.errorOrElseThrow());
    }

    @Test
    void orElseThrowExplainsTheOtherCase() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> Result.<Integer, String>err("disk full").orElseThrow());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        NoSuchElementException e2 = assertThrows(NoSuchElementException.class,
                () -> Result.<Integer, String>ok(5).errorOrElseThrow());
        assertTrue(e2.getMessage().contains("5"), e2.getMessage());
    }

    @Test
    void orElseThrowKeepsAThrowableErrorAsCause() {
        IOException io = new IOException("io");
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> Result.<String, IOException>err(io).orElseThrow());
        assertSame(io, e.getCause());
    }

    @Test
    void orElseThrowWithMapper() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Result.<Integer, String>err("why").orElseThrow(IllegalArgumentException::new));
        assertEquals("why", e.getMessage());
        assertEquals(4, Result.<Integer, String>ok(4).orElseThrow(IllegalArgumentException::new));
    }

    @Test
    void mapMapErrFlatMapFold() {
        Result<Integer, String> ok = Result.ok(2);
        Result<Integer, String> err = Result.err("e");
        assertEquals(Result.ok("2!"), ok.map(v -> v + "!"));
        assertEquals(Result.err("e"), err.map(v -> v + "!"));
        assertEquals(Result.ok(2), ok.mapErr(String::length));
        assertEquals(Result.err(1), err.mapErr(String::length));
        assertEquals(Result.ok(4), ok.flatMap(v -> Result.ok(v * 2)));
        assertEquals(Result.err("odd"), ok.flatMap(v -> Result.err("odd")));
        assertEquals(Result.err("e"), err.flatMap(v -> Result.ok(v * 2)));
        assertEquals("ok 2", ok.fold(v -> "ok " + v, x -> "err " + x));
        assertEquals("err e", err.fold(v -> "ok " + v, x -> "err " + x));
    }
}
