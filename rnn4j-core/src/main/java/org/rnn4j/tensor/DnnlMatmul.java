package org.rnn4j.tensor;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

/**
 * {@code C = op(A)·op(B) + β·C} on oneDNN's matmul primitive (its brgemm kernels), for the products outside the
 * recurrent primitive: heads, their gradients, attention, the Java loop's steps.
 *
 * <p>Measured on one core of the AMD EPYC (tools/bench/MatmulProbe.java: Blas.gemm on either engine), GFLOP/s of
 * OpenBLAS / this for (m, n, k): C = A·Bᵀ (32, 1024, 256) 87 / 108, (3200, 10000, 256) 108 / 108, (3200, 96, 256)
 * 101 / 115; C = A·B (3200, 256, 10000) 97 / 111, (1024, 1024, 1024) 100 / 113; C = Aᵀ·B (10000, 256, 3200)
 * 90 / 105; against an FMA ceiling of 117.5. On B as stored, oneDNN was 5-15% slower than packed.
 *
 * <p>A transposed operand is a format, not a copy: op(A) (m, k) stored as A (k, m) is the memory (m, k) in
 * format {@code ba}. β ≠ 0 is oneDNN's "sum" post-op, which adds β·C to the product as it is written. One cache of
 * primitives per thread, the most recent shapes, with memories whose data pointer is set per call, on the thread's
 * {@link ThreadScratchpad} (oneDNN's global one is local to the thread that made the primitive).
 */
final class DnnlMatmul {
    private static final int CACHED_SHAPES = 16;
    private static final ThreadLocal<DnnlMatmul> PER_THREAD = ThreadLocal.withInitial(DnnlMatmul::new);

    private final stream stream = OneDnn.newStream();
    private final Map<Shape, Product> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Shape, Product> eldest) {
            return size() > CACHED_SHAPES;
        }
    };

    private DnnlMatmul() {
    }

    private record Shape(boolean transposeA, boolean transposeB, int m, int n, int k, float beta) {
    }

    /** A shape's primitive, on B as stored and, once B proves worth it, on B in the format oneDNN prefers. */
    private static final class Product {
        final Shape shape;
        final Primitive plain;
        Primitive packed;           // made on first need, with packedB and packing
        memory packedB;             // B reordered for {@code packed}
        reorder packing;            // plain B into packedB
        Tensor packedSource;        // the B in packedB, at packedVersion
        long packedVersion = -1;
        Tensor lastB;               // the B of the previous call, at lastVersion
        long lastVersion = -1;

        Product(Shape shape) {
            this.shape = shape;
            this.plain = new Primitive(shape, false);
        }

        /** Makes the packed primitive, the memory of its B and the reorder that fills it. */
        void pack() {
            packed = new Primitive(shape, true);
            packedB = new memory(packed.bDesc, OneDnn.engine());
            packed.args.put(DNNL_ARG_WEIGHTS, packedB);
            packing = new reorder(plain.b, packedB);
        }

        /**
         * Whether this call runs on B packed: when B is the B of the previous call unchanged (a weight, used again
         * before it is updated), or when the product is tall enough that packing costs little (reordering B moves
         * k·n floats, about what 16·k·n multiply-adds cost; from 1024 rows that is under 2% of the product).
         */
        boolean packs(Tensor b) {
            boolean reused = b == lastB && b.version() == lastVersion;
            lastB = b;
            lastVersion = b.version();
            return reused || shape.m >= PACKED_FROM_ROWS || (b == packedSource && b.version() == packedVersion);
        }
    }

    /** Rows of C from which B is packed at every call, even when it is not used again (see {@link Product#packs}). */
    static final int PACKED_FROM_ROWS = 1024;

    /** One matmul primitive and the memories it runs on. */
    private static final class Primitive {
        final matmul primitive;
        final memory.desc bDesc;
        final memory a;
        final memory b;
        final memory c;
        final memory scratchpad;  // on this thread's ThreadScratchpad
        final long scratchpadBytes;
        final IntMemoryMap args = new IntMemoryMap();

        /** On B as stored, or ({@code packed}) on B in the format the primitive chooses. */
        Primitive(Shape s, boolean packed) {
            memory.desc aDesc = f32(s.m, s.k, s.transposeA ? memory.format_tag.ba : memory.format_tag.ab);
            memory.desc storedB = f32(s.k, s.n, s.transposeB ? memory.format_tag.ba : memory.format_tag.ab);
            memory.desc cDesc = f32(s.m, s.n, memory.format_tag.ab);
            primitive_attr attr = new primitive_attr();
            attr.set_scratchpad_mode(scratchpad_mode.user);
            if (s.beta != 0f) {
                post_ops sum = new post_ops();
                sum.append_sum(s.beta, 0, memory.data_type.undef);
                attr.set_post_ops(sum);
            }
            matmul.primitive_desc desc = new matmul.primitive_desc(OneDnn.engine(), aDesc,
                    packed ? f32(s.k, s.n, memory.format_tag.any) : storedB, cDesc, attr, false);
            primitive = new matmul(desc);
            bDesc = desc.weights_desc();
            a = new memory(aDesc, OneDnn.engine(), (FloatPointer) null);
            b = new memory(bDesc, OneDnn.engine(), (FloatPointer) null);
            c = new memory(cDesc, OneDnn.engine(), (FloatPointer) null);
            args.put(DNNL_ARG_SRC, a);
            args.put(DNNL_ARG_WEIGHTS, b);
            args.put(DNNL_ARG_DST, c);
            scratchpadBytes = desc.scratchpad_desc().get_size();
            scratchpad = new memory(desc.scratchpad_desc(), OneDnn.engine(), (FloatPointer) null);
            args.put(DNNL_ARG_SCRATCHPAD, scratchpad);
        }

        private static memory.desc f32(int rows, int cols, memory.format_tag tag) {
            return new memory.desc(new long[] {rows, cols}, memory.data_type.f32, tag);
        }
    }

    /**
     * {@code c = op(a)·op(b) + beta·c} for op(a) (m, k), op(b) (k, n), c (m, n), all contiguous, on {@code threads}
     * of oneDNN's OpenMP threads.
     */
    static void gemm(boolean transposeA, boolean transposeB, Tensor a, Tensor b, float beta, Tensor c,
                     int m, int n, int k, int threads) {
        PER_THREAD.get().run(new Shape(transposeA, transposeB, m, n, k, beta), a, b, c, threads);
    }

    private void run(Shape shape, Tensor a, Tensor b, Tensor c, int threads) {
        Product product = cache.computeIfAbsent(shape, Product::new);
        OpenMpThreads.set(threads);
        Primitive primitive = product.plain;
        primitive.b.set_data_handle(new FloatPointer(b.buffer()));
        if (product.packs(b)) {
            if (product.packed == null) {
                product.pack();
            }
            if (b != product.packedSource || b.version() != product.packedVersion) {
                product.packing.execute(stream, product.plain.b, product.packedB);
                product.packedSource = b;
                product.packedVersion = b.version();
            }
            primitive = product.packed;
        }
        primitive.a.set_data_handle(new FloatPointer(a.buffer()));
        primitive.c.set_data_handle(new FloatPointer(c.bufferForWriting()));
        primitive.scratchpad.set_data_handle(ThreadScratchpad.atLeast(primitive.scratchpadBytes));
        primitive.primitive.execute(stream, primitive.args);
        stream._wait();
    }
}
