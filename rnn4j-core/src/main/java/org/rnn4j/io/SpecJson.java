package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An application's spec record in a model file's metadata, written and read by Jackson so that saving and loading
 * are symmetric by construction: record components become snake_case fields ({@code hiddenSize} →
 * {@code hidden_size}), and reading goes through the record's compact constructor, which validates. Unknown fields
 * are ignored (a newer file may add some); a missing field takes the component type's default (0, false, null), so
 * a record that gained a component says in its constructor what a missing one means.
 */
public final class SpecJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SpecJson() {
    }

    /** The spec as a JSON object with {@code type} first, then the record's components. */
    public static ObjectNode write(String type, Record spec) {
        ObjectNode node = ApplicationModelFile.newSpec(type);
        node.setAll((ObjectNode) JSON.valueToTree(spec));
        return node;
    }

    /**
     * The record read back from a spec object; a value the record's constructor refuses becomes an
     * {@link IllegalArgumentException} with the constructor's own message.
     */
    public static <R extends Record> R read(JsonNode spec, Class<R> type) {
        try {
            return JSON.treeToValue(spec, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), cause);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
