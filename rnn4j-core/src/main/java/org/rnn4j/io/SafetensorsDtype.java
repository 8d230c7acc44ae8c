package org.rnn4j.io;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element types a safetensors header may name, with their sizes.
 *
 * <p>All are recognised so that {@link Safetensors#readHeader} can describe any valid file; only the
 * {@link #convertible} ones can be read into a float32 {@link org.rnn4j.tensor.Tensor}.
 */
enum SafetensorsDtype {
    BOOL(1, false), U8(1, false), I8(1, false), F8_E5M2(1, false), F8_E4M3(1, false),
    I16(2, false), U16(2, false), F16(2, true), BF16(2, true),
    I32(4, true), U32(4, false), F32(4, true),
    I64(8, true), U64(8, false), F64(8, true);

    final int bytes;
    final boolean convertible;

    SafetensorsDtype(int bytes, boolean convertible) {
        this.bytes = bytes;
        this.convertible = convertible;
    }

    static Optional<SafetensorsDtype> named(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    static String convertibleNames() {
        return Arrays.stream(values()).filter(d -> d.convertible).map(Enum::name).collect(Collectors.joining(", "));
    }
}
