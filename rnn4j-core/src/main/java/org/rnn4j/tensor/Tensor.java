package org.rnn4j.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense float32 array: row-major, contiguous, with a shape.
 *
 * <p>Storage is a direct (off-heap) {@link FloatBuffer} so that OpenBLAS reads and writes it in place,
 * without the copy that JNI makes of a Java array. A view ({@link #slice}, {@link #reshape}) shares
 * storage with its source; nothing is copied unless a method says so.
 */
public final class Tensor {
    private final int[] shape;
    private final FloatBuffer data; // exactly size() floats, position 0
    /**
     * How many times this storage (or any view of it) has been written, shared by all its views: a backend that
     * keeps a converted copy of a weight (oneDNN's reordered layouts) converts again only when it changed.
     */
    private final long[] modifications;
    /**
     * The larger pooled buffer this tensor is the first {@code size()} floats of, when {@link Workspace} lent it
     * (its pool keeps buffers in size classes); null otherwise. Reshapes keep it; slices, which see another
     * region, do not.
     */
    private final Tensor pooledBacking;

    private Tensor(int[] shape, FloatBuffer data, long[] modifications, Tensor pooledBacking) {
        this.shape = shape;
        this.data = data;
        this.modifications = modifications;
        this.pooledBacking = pooledBacking;
    }

    private Tensor(int[] shape, FloatBuffer data) {
        this(shape, data, new long[1], null);
    }

    /** A tensor of {@code shape} over the first floats of {@code backing}, which the pool lends as this. */
    static Tensor lentView(Tensor backing, int[] shape) {
        int[] s = checkedShape(shape);
        int size = Math.toIntExact(sizeOf(s));
        return new Tensor(s, backing.data.slice(0, size), backing.modifications, backing);
    }

    /** The pooled buffer behind a {@link #lentView}, or null. */
    Tensor pooledBacking() {
        return pooledBacking;
    }

    /** Records a write; every mutator calls it. */
    private void modified() {
        modifications[0]++;
    }

    /** The number of writes so far to this storage through any view: equal numbers, equal contents. */
    long version() {
        return modifications[0];
    }

    private static final ThreadLocal<Allocator> ALLOCATOR = new ThreadLocal<>();

    /**
     * A new tensor of zeros, from this thread's installed {@link Allocator} if there is one: inside an open
     * {@code Workspace.scope()} a recycled one that the scope takes back when it closes.
     */
    public static Tensor zeros(int... shape) {
        Allocator allocator = ALLOCATOR.get();
        return allocator != null ? allocator.zeros(shape) : allocate(shape);
    }

    /** Installs {@code allocator} on this thread (null: fresh storage) and returns the one it replaces. */
    static Allocator installAllocator(Allocator allocator) {
        Allocator previous = ALLOCATOR.get();
        if (allocator == null) {
            ALLOCATOR.remove();
        } else {
            ALLOCATOR.set(allocator);
        }
        return previous;
    }

    /** Fresh direct storage, zeroed by the JVM. */
    static Tensor allocate(int... shape) {
        int[] s = checkedShape(shape);
        long bytes = 4L * sizeOf(s);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(s) + " is larger than 2 GiB");
        }
        FloatBuffer buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new Tensor(s, buffer);
    }

    /** A new tensor holding a copy of {@code values}, which must have exactly as many elements as the shape. */
    public static Tensor of(float[] values, int... shape) {
        Tensor t = zeros(shape);
        if (values.length != t.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + t.size()
                    + " values, got " + values.length);
        }
        t.data.put(0, values);
        t.modified();
        return t;
    }

    /** A new tensor with every element equal to {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        t.fill(value);
        return t;
    }

    private static int[] checkedShape(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    private static long sizeOf(int[] shape) {
        return Shapes.elementCount(shape);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int size() {
        return data.capacity();
    }

    /**
     * The storage, for the kernels of this package and BLAS: {@code size()} floats starting at index 0. Code outside
     * {@code tensor} uses the bulk {@link #read}/{@link #write} and the kernels, so that a second backend is a change
     * inside this package only.
     */
    FloatBuffer buffer() {
        return data;
    }

    /** {@link #buffer()} for a kernel that writes into it: records the write. */
    FloatBuffer bufferForWriting() {
        modified();
        return data;
    }

    /**
     * Copies {@code length} elements starting at flat index {@code offset} into {@code dst[dstOffset…]}: the
     * bulk read that kernels use instead of the storage itself.
     */
    public void read(int offset, float[] dst, int dstOffset, int length) {
        data.get(offset, dst, dstOffset, length);
    }

    /** Copies {@code src[srcOffset…srcOffset+length)} into this tensor starting at flat index {@code offset}. */
    public void write(int offset, float[] src, int srcOffset, int length) {
        modified();
        data.put(offset, src, srcOffset, length);
    }

    /** Copies {@code length} elements from {@code source} (from its flat index {@code sourceOffset}) to {@code offset}. */
    public void write(int offset, Tensor source, int sourceOffset, int length) {
        modified();
        data.put(offset, source.data, sourceOffset, length);
    }

    /**
     * Bulk input for file readers: copies {@code length} floats from {@code source} (its indices 0…length) to flat
     * index {@code offset}. A byte buffer's {@code asFloatBuffer()} view converts byte order on the way.
     */
    public void readFrom(int offset, FloatBuffer source, int length) {
        modified();
        data.put(offset, source, 0, length);
    }

    /** Bulk output for file writers: copies {@code length} floats from flat index {@code offset} into {@code target}. */
    public void writeTo(int offset, FloatBuffer target, int length) {
        target.put(0, data, offset, length);
    }

    /** this += other, elementwise (same size). */
    public Tensor addInPlace(Tensor other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("cannot add " + other.shapeString() + " to " + shapeString());
        }
        float[] a = toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        data.put(0, a);
        modified();
        return this;
    }

    /** this = (float) (this · factor), elementwise, the product in double. */
    public Tensor scaleInPlace(double factor) {
        float[] a = toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (a[i] * factor);
        }
        data.put(0, a);
        modified();
        return this;
    }

    /** Every element clamped to [low, high], in place. */
    public Tensor clampInPlace(float low, float high) {
        float[] a = toArray();
        for (int i = 0; i < a.length; i++) {
            if (a[i] > high) {
                a[i] = high;
            } else if (a[i] < low) {
                a[i] = low;
            }
        }
        data.put(0, a);
        modified();
        return this;
    }

    /** Σ x², summed in double. */
    public double sumOfSquares() {
        double sum = 0;
        for (int i = 0, n = size(); i < n; i++) {
            double v = data.get(i);
            sum += v * v;
        }
        return sum;
    }

    public float get(int flatIndex) {
        return data.get(flatIndex);
    }

    public void set(int flatIndex, float value) {
        modified();
        data.put(flatIndex, value);
    }

    /** Element at a full multi-index, for tests and small tools (not for hot loops). */
    public float at(int... index) {
        return data.get(flatIndex(index));
    }

    public void setAt(float value, int... index) {
        modified();
        data.put(flatIndex(index), value);
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " into tensor of shape " + shapeString());
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + shapeString());
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** A view of the same storage with another shape of the same size. */
    public Tensor reshape(int... newShape) {
        int[] s = checkedShape(newShape);
        if (sizeOf(s) != size()) {
            throw new IllegalArgumentException("cannot reshape " + shapeString() + " to " + Arrays.toString(s));
        }
        return new Tensor(s, data, modifications, pooledBacking);
    }

    /** A view of rows {@code [from, to)} along dimension 0. */
    public Tensor slice(int from, int to) {
        if (rank() == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of tensor " + shapeString());
        }
        int rowSize = shape[0] == 0 ? 0 : size() / shape[0];
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(s, data.slice(from * rowSize, (to - from) * rowSize), modifications, null);
    }

    /** A view of row {@code i} along dimension 0, with that dimension dropped. */
    public Tensor row(int i) {
        Tensor r = slice(i, i + 1);
        return r.reshape(Arrays.copyOfRange(shape, 1, shape.length));
    }

    public Tensor fill(float value) {
        modified();
        int n = size();
        if (n <= 32) {
            for (int i = 0; i < n; i++) {
                data.put(i, value);
            }
            return this;
        }
        // Bulk copies from a filled array: one put per element is not vectorised, and zeroing the recycled
        // working buffers of a training step that way took several percent of it.
        float[] chunk = value == 0f ? ZEROS : new float[Math.min(n, ZEROS.length)];
        if (value != 0f) {
            Arrays.fill(chunk, value);
        }
        for (int i = 0; i < n; i += chunk.length) {
            data.put(i, chunk, 0, Math.min(chunk.length, n - i));
        }
        return this;
    }

    private static final float[] ZEROS = new float[4096];

    public Tensor zero() {
        return fill(0f);
    }

    /** Copies {@code source}'s elements (same size) into this tensor. */
    public Tensor copyFrom(Tensor source) {
        if (source.size() != size()) {
            throw new IllegalArgumentException("cannot copy " + source.shapeString() + " into " + shapeString());
        }
        modified();
        data.put(0, source.data, 0, size());
        return this;
    }

    /** A new tensor with a copy of the elements. */
    public Tensor copy() {
        return zeros(shape).copyFrom(this);
    }

    public float[] toArray() {
        float[] out = new float[size()];
        data.get(0, out);
        return out;
    }

    /**
     * The position, counted from {@code offset}, of the largest of the {@code length} elements from flat index
     * {@code offset} (the first one on ties): the predicted class of a row of logits.
     */
    public int argmax(int offset, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("argmax of no elements");
        }
        int best = 0;
        for (int k = 1; k < length; k++) {
            if (data.get(offset + k) > data.get(offset + best)) {
                best = k;
            }
        }
        return best;
    }

    /** True when any element is NaN or infinite. */
    public boolean hasNonFinite() {
        for (int i = 0, n = size(); i < n; i++) {
            if (!Float.isFinite(data.get(i))) {
                return true;
            }
        }
        return false;
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** The shape as {@code (2, 3, 4)}, the way error messages and examples print it. */
    public String shapeString() {
        return Shapes.format(shape);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
