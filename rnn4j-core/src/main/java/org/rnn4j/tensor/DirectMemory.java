package org.rnn4j.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's limit on direct (off-heap) buffers, where tensors live. */
final class DirectMemory {
    private DirectMemory() {
    }

    /**
     * {@code -XX:MaxDirectMemorySize} when it is set; otherwise HotSpot's default, the heap's maximum
     * ({@code -Xmx}, by default a quarter of the machine's memory).
     */
    static long limit() {
        long heapMaximum = Runtime.getRuntime().maxMemory();
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long set = hotSpot == null ? 0 : Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
            return set > 0 ? set : heapMaximum;
        } catch (RuntimeException e) {
            return heapMaximum; // not HotSpot, or no such option: its documented default
        }
    }
}
