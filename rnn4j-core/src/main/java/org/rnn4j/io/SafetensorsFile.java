package org.rnn4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.tensor.Tensor;

/**
 * The contents of a safetensors file, every tensor converted to float32.
 *
 * @param tensors by name, in the order of the file's header
 * @param metadata the {@code __metadata__} strings, in the order of the file's header
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
