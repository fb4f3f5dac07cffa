package dev.wasiotel.host.component.binary;

/** The primitive value types, with their binary codes. */
public enum PrimType {
    /** bool. */ BOOL(0x7f),
    /** s8. */ S8(0x7e),
    /** u8. */ U8(0x7d),
    /** s16. */ S16(0x7c),
    /** u16. */ U16(0x7b),
    /** s32. */ S32(0x7a),
    /** u32. */ U32(0x79),
    /** s64. */ S64(0x78),
    /** u64. */ U64(0x77),
    /** f32. */ F32(0x76),
    /** f64. */ F64(0x75),
    /** char. */ CHAR(0x74),
    /** string. */ STRING(0x73),
    /** error-context (decoded, not supported at run time). */ ERROR_CONTEXT(0x64);

    private final int code;

    PrimType(int code) {
        this.code = code;
    }

    /** The binary code. */
    public int code() {
        return code;
    }

    /** The primitive with binary code {@code code}, or {@code null}. */
    public static PrimType ofCode(int code) {
        for (PrimType p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
