package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import org.junit.jupiter.api.Test;

/** The JSON AnyValue decoder, on its simple-scalar path and on the parser's. */
class AnyValuesTest {
    private final Diagnostics diag = new Diagnostics();
    private final AnyValues values = new AnyValues(diag);

    @Test
    void decodesEveryJsonShape() {
        assertEquals(Value.of("a"), values.decode("\"a\""));
        assertEquals(Value.of(""), values.decode("\"\""));
        assertEquals(Value.of("a\"b\n\u00e9"), values.decode("\"a\\\"b\\n\\u00e9\""));
        assertEquals(Value.of(-12L), values.decode("-12"));
        assertEquals(Value.of(0L), values.decode("0"));
        assertEquals(Value.of(Long.MAX_VALUE), values.decode("9223372036854775807"));
        assertEquals(Value.of(Long.MIN_VALUE), values.decode("-9223372036854775808"));
        assertEquals(Value.of(1000.0), values.decode("1e3"));
        assertEquals(Value.of(-0.25), values.decode(" -0.25 "));
        assertEquals(Value.of(true), values.decode("true"));
        assertEquals(Value.of(false), values.decode(" false"));
        assertEquals(Value.empty(), values.decode("null"));
        assertEquals(Value.of(Value.of(1L), Value.of("x"), Value.empty(), Value.of(Value.of(true))),
                values.decode("[1,\"x\",null,[true]]"));
        assertEquals(Value.of(KeyValue.of("b", Value.of(2L)), KeyValue.of("a", Value.of(KeyValue.of("c", Value.of(1.5))))),
                values.decode("{\"b\":2,\"a\":{\"c\":1.5}}"));
        assertArrayEquals(new byte[] {1, 2, 3}, AnyValues.bytes(values.decode("\"data:application/octet-stream;base64,AQID\"")));
        assertArrayEquals(new byte[0], AnyValues.bytes(values.decode("\"data:application/octet-stream;base64,\"")));
        assertEquals(0, diag.total(), diag.snapshot().toString());
    }

    @Test
    void decimalsTakenWithoutTheParserEqualWhatTheParserReads() throws Exception {
        com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
        String[] decimals = {"1.5", "-0.25", "0.0", "-0.0", "1e3", "1E+3", "2.5e-7", "-12.75E2", "1.7976931348623157e308",
            "1e400", "4.9e-324", "123456789.123456789", "0.1"};
        for (String d : decimals) {
            assertTrue(AnyValues.isShortDecimal(d), d);
            try (com.fasterxml.jackson.core.JsonParser p = json.createParser(d)) {
                assertEquals(com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT, p.nextToken(), d);
                assertEquals(Value.of(p.getDoubleValue()), values.decode(d), d);
            }
        }
        // integers, and what is not a JSON number, are not decimals: the other paths take them
        for (String other : new String[] {"1", "-7", "01.5", "1.", ".5", "-", "1e", "1e+", "+1.5", "1.5x", "1.5 ", "0x1p3",
            "NaN", "Infinity", "", "1" + "0".repeat(63) + ".5"}) {
            assertFalse(AnyValues.isShortDecimal(other), other);
        }
        assertEquals(Value.of("01.5"), values.decode("01.5"));
        assertEquals(1, diag.count(Repair.VALUE_NOT_JSON));
    }

    @Test
    void keepsWhatItCannotDecodeAsTheString() {
        for (String bad : new String[] {"007", "\"unterminated", "{\"a\":}", "[1,]", "tru", "'x'", "NaN", "1 2", "{} {}"}) {
            assertEquals(Value.of(bad), values.decode(bad), bad);
        }
        assertEquals(9, diag.count(Repair.VALUE_NOT_JSON));
    }
}
