package dev.wasiotel.wit.parser.model;

/**
 * A reference to a WIT type: either a primitive, or a {@link TypeDef} in the
 * {@link Resolve#types()} arena.
 */
public sealed interface Type {

    /** The primitive types of WIT. */
    enum Primitive implements Type {
        BOOL("bool"), U8("u8"), U16("u16"), U32("u32"), U64("u64"), S8("s8"), S16("s16"), S32("s32"),
        S64("s64"), F32("f32"), F64("f64"), CHAR("char"), STRING("string"), ERROR_CONTEXT("error-context");

        private final String witName;

        Primitive(String witName) {
            this.witName = witName;
        }

        /** The name as written in WIT. */
        public String witName() {
            return witName;
        }

        @Override
        public String toString() {
            return witName;
        }
    }

    /**
     * A defined (named or anonymous) type.
     *
     * @param id index into {@link Resolve#types()}
     */
    record Ref(int id) implements Type {
        @Override
        public String toString() {
            return "#" + id;
        }
    }
}
