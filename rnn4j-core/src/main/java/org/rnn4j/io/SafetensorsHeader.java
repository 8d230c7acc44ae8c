package org.rnn4j.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.tensor.Shapes;

/**
 * What a safetensors header says, already checked for consistency: each tensor's dtype, shape and place in the
 * data region, and the string metadata.
 *
 * @param tensors by name, in the order of the header
 * @param metadata the {@code __metadata__} map, in the order of the header (empty when absent)
 * @param dataOffset where the data region starts in the file: 8 + the header length
 */
public record SafetensorsHeader(Map<String, Entry> tensors, Map<String, String> metadata, long dataOffset) {
    public SafetensorsHeader {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * One tensor's description.
     *
     * @param dtype as written in the file, e.g. {@code "F32"}, {@code "BF16"}
     * @param begin offset of the first byte, relative to the data region
     * @param end offset one past the last byte, relative to the data region
     */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public long elementCount() {
            return Shapes.elementCount(shape);
        }

        public long byteLength() {
            return end - begin;
        }

        // Records compare arrays by reference; compare shapes by content instead.
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && name.equals(e.name) && dtype.equals(e.dtype)
                    && Arrays.equals(shape, e.shape) && begin == e.begin && end == e.end;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape) + Long.hashCode(begin);
        }

        @Override
        public String toString() {
            return name + ": " + dtype + " " + Shapes.format(shape) + " at [" + begin + ", " + end + ")";
        }
    }
}
