package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void keepsWhatItCannotDecodeAsTheString() {
        for (String bad : new String[] {"007", "\"unterminated", "{\"a\":}", "[1,]", "tru", "'x'", "NaN", "1 2", "{} {}"}) {
            assertEquals(Value.of(bad), values.decode(bad), bad);
        }
        assertEquals(9, diag.count(Repair.VALUE_NOT_JSON));
    }
}
