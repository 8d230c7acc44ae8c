package org.rnn4j.testing;

import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rnn4j.tensor.OneDnn;

/**
 * For a test class that sets {@code -Drnn4j.backend} itself ({@code @ExtendWith(OneDnnBackend.class)}): each test
 * starts from the default backend, is skipped where oneDNN does not load, and leaves the property as it found it
 * (the suite's two executions set it for every other test).
 */
public final class OneDnnBackend implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OneDnnBackend.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", System.getProperty(OneDnn.BACKEND_PROPERTY, ""));
        System.clearProperty(OneDnn.BACKEND_PROPERTY);
        assumeThat(OneDnn.enabled()).as("oneDNN loads on this machine").isTrue();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String before = context.getStore(NAMESPACE).get("before", String.class);
        if (before == null || before.isEmpty()) {
            System.clearProperty(OneDnn.BACKEND_PROPERTY);
        } else {
            System.setProperty(OneDnn.BACKEND_PROPERTY, before);
        }
    }
}
