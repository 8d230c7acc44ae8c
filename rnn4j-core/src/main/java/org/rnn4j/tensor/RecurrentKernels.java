package org.rnn4j.tensor;

/**
 * The elementwise part of one recurrent step, for a block of B rows, over float arrays: the state updates of the
 * LSTM, the two GRUs and the simple RNN, forward and backward. The cells ({@code nn.recurrent}) run the products
 * ({@code h W_hhᵀ}, {@code dgates W_hh}) and copy their blocks in and out; these run the equations in between.
 *
 * <p>Layout: a gate block is (B, G·H), row-major, the gates of a row side by side in PyTorch's order; a state block
 * is (B, H). Each kernel is a few separate passes rather than one loop over all equations: C2 (JDK 17) vectorises
 * each pass, and no loop that mixes the nonlinearities with several stores (docs/performance.md).
 */
public final class RecurrentKernels {
    private RecurrentKernels() {
    }

    // ================================================================ LSTM, gates i, f, g, o

    /**
     * LSTM forward, in place on the gates.
     * <pre>
     *   i, f, o = σ(pre),  g = tanh(pre)            σ the gate activation: the sigmoid, or a hard sigmoid
     *   c' = f ⊙ c + i ⊙ g
     *   h' = o ⊙ tanh(c')
     * </pre>
     *
     * @param gates    (B, 4H): the pre-activations on entry, the activated gates i, f, g, o on exit
     * @param c        (B, H) the cell state before the step
     * @param cNext    written: c' (B, H)
     * @param tanhNext written: tanh(c') (B, H), which backward reuses
     * @param hNext    written: h' (B, H)
     */
    public static void lstmStateUpdate(float[] gates, float[] c, float[] cNext, float[] tanhNext, float[] hNext,
                                       int batch, int hidden, GateActivation gate) {
        for (int b = 0; b < batch; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * hidden;
            gate.apply(gates, g0, g0 + 2 * hidden);                    // i, f
            FastMath.tanh(gates, g0 + 2 * hidden, g0 + 3 * hidden);    // g
            gate.apply(gates, g0 + 3 * hidden, g0 + 4 * hidden);       // o
            for (int j = 0; j < hidden; j++) {                         // c' = f ⊙ c + i ⊙ g
                cNext[s0 + j] = gates[g0 + hidden + j] * c[s0 + j] + gates[g0 + j] * gates[g0 + 2 * hidden + j];
            }
        }
        for (int k = 0, n = batch * hidden; k < n; k++) {
            tanhNext[k] = FastMath.tanh(cNext[k]);
        }
        for (int b = 0; b < batch; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {                         // h' = o ⊙ tanh(c')
                hNext[s0 + j] = gates[g0 + 3 * hidden + j] * tanhNext[s0 + j];
            }
        }
    }

    /**
     * LSTM backward, the reverse of {@link #lstmStateUpdate}.
     * <pre>
     *   do = dh' ⊙ tanh(c')
     *   dc = dc' + dh' ⊙ o ⊙ (1 − tanh²(c'))
     *   pre-activations: di·i(1−i) = dc⊙g·i(1−i),  df·f(1−f) = dc⊙c·f(1−f),  dg·(1−g²) = dc⊙i·(1−g²),  do·o(1−o)
     *   dc_prev = dc ⊙ f
     * </pre>
     * (y(1−y) is the sigmoid's slope at its output y; a hard sigmoid's is {@link GateActivation#slope}.)
     *
     * @param gates    (B, 4H) the activated gates i, f, g, o
     * @param c        (B, H) the cell state before the step
     * @param tanhNext (B, H) tanh(c')
     * @param dh       (B, H) dh'
     * @param dc       (B, H): dc' on entry, dc_prev on exit
     * @param dGates   written: the gradient of the pre-activations, (B, 4H)
     */
    public static void lstmStateGradient(float[] gates, float[] c, float[] tanhNext, float[] dh, float[] dc,
                                         float[] dGates, int batch, int hidden, GateActivation gate) {
        boolean sigmoid = gate.isSigmoid(); // hoisted: C2 then unswitches the loop, and the sigmoid's stays as it was
        float alpha = gate.alpha();
        for (int b = 0; b < batch; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = gates[g0 + j];
                float f = gates[g0 + hidden + j];
                float g = gates[g0 + 2 * hidden + j];
                float o = gates[g0 + 3 * hidden + j];
                float t = tanhNext[s0 + j];
                float dhj = dh[s0 + j];
                float dO = dhj * t;                                              // do = dh' ⊙ tanh(c')
                float dcj = dc[s0 + j] + dhj * o * (1f - t * t);                 // dc = dc' + dh' ⊙ o ⊙ (1 − tanh²)
                dGates[g0 + j] = dcj * g * GateActivation.slope(sigmoid, alpha, i);              // di · i(1−i)
                dGates[g0 + hidden + j] = dcj * c[s0 + j] * GateActivation.slope(sigmoid, alpha, f); // df · f(1−f)
                dGates[g0 + 2 * hidden + j] = dcj * i * (1f - g * g);                            // dg · (1−g²)
                dGates[g0 + 3 * hidden + j] = dO * GateActivation.slope(sigmoid, alpha, o);      // do · o(1−o)
                dc[s0 + j] = dcj * f;                                            // dc_prev = dc ⊙ f
            }
        }
    }

    // ================================================================ GRU, gates r, z, n

    /**
     * GRU forward (PyTorch's formulation), in place on the gates.
     * <pre>
     *   r = σ(xr + hr),  z = σ(xz + hz)        x· the input projection, h· = W_h· h + b_h·
     *   n = tanh(xn + r ⊙ hn)
     *   h' = (1 − z) ⊙ n + z ⊙ h
     * </pre>
     *
     * @param gates  (B, 3H): the input projection on entry, the activated gates r, z, n on exit
     * @param hidden3 (B, 3H) the hidden projection {@code W_hh h + b_hh}
     * @param h      (B, H) the state before the step
     * @param hNext  written: h' (B, H)
     */
    public static void gruStateUpdate(float[] gates, float[] hidden3, float[] h, float[] hNext, int batch,
                                      int hidden, GateActivation gate) {
        for (int b = 0; b < batch; b++) {
            int g0 = b * 3 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < 2 * hidden; j++) {                      // r, z = σ(x· + h·)
                gates[g0 + j] += hidden3[g0 + j];
            }
            gate.apply(gates, g0, g0 + 2 * hidden);
            // n = tanh(…) and h' in separate passes: C2 (JDK 17) vectorises neither half when they share a loop.
            for (int j = 0; j < hidden; j++) {                          // xn + r ⊙ hn
                gates[g0 + 2 * hidden + j] += gates[g0 + j] * hidden3[g0 + 2 * hidden + j];
            }
            FastMath.tanh(gates, g0 + 2 * hidden, g0 + 3 * hidden);     // n = tanh(·)
            for (int j = 0; j < hidden; j++) {                          // h' = (1 − z) ⊙ n + z ⊙ h
                float z = gates[g0 + hidden + j];
                hNext[s0 + j] = (1f - z) * gates[g0 + 2 * hidden + j] + z * h[s0 + j];
            }
        }
    }

    /**
     * GRU backward, the reverse of {@link #gruStateUpdate}.
     * <pre>
     *   dn = dh' ⊙ (1 − z),   dz = dh' ⊙ (h − n),   dh_direct = dh' ⊙ z
     *   dn_pre = dn ⊙ (1 − n²),   dr_pre = dn_pre ⊙ hn ⊙ r(1 − r),   dz_pre = dz ⊙ z(1 − z)
     *   input projection:  [dr_pre, dz_pre, dn_pre]
     *   hidden projection: [dr_pre, dz_pre, dn_pre ⊙ r]
     * </pre>
     *
     * @param gates   (B, 3H) the activated gates r, z, n
     * @param hidden3 (B, 3H) the hidden projection of the forward step; only its n part {@code W_hn h + b_hn} is read
     * @param h       (B, H) the state before the step
     * @param dh      (B, H): dh' on entry, dh_direct on exit
     * @param dInput  written: the gradient of the input projection, (B, 3H)
     * @param dHidden written: the gradient of the hidden projection, (B, 3H)
     */
    public static void gruStateGradient(float[] gates, float[] hidden3, float[] h, float[] dh, float[] dInput,
                                        float[] dHidden, int batch, int hidden, GateActivation gate) {
        boolean sigmoid = gate.isSigmoid();
        float alpha = gate.alpha();
        for (int b = 0; b < batch; b++) {
            int g0 = b * 3 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = gates[g0 + j];
                float z = gates[g0 + hidden + j];
                float n = gates[g0 + 2 * hidden + j];
                float dhj = dh[s0 + j];
                float dn = dhj * (1f - z);                                        // dn = dh' ⊙ (1 − z)
                float dz = dhj * (h[s0 + j] - n);                                 // dz = dh' ⊙ (h − n)
                float dnPre = dn * (1f - n * n);
                float drPre = dnPre * hidden3[g0 + 2 * hidden + j] * GateActivation.slope(sigmoid, alpha, r);
                float dzPre = dz * GateActivation.slope(sigmoid, alpha, z);
                dInput[g0 + j] = drPre;
                dInput[g0 + hidden + j] = dzPre;
                dInput[g0 + 2 * hidden + j] = dnPre;
                dHidden[g0 + j] = drPre;
                dHidden[g0 + hidden + j] = dzPre;
                dHidden[g0 + 2 * hidden + j] = dnPre * r;
                dh[s0 + j] = dhj * z;                                             // dh_direct = dh' ⊙ z
            }
        }
    }

    // ================================================================ reset-before GRU, gates r, z, n

    /*
     * The reset-before GRU (Keras reset_after=False, ONNX linear_before_reset=0) puts r inside the hidden product of
     * the candidate, W_hn (r ⊙ h), so a step runs in two halves around that product: the gates first, then the
     * candidate and the state; backward likewise runs in two halves around dn_pre W_hn.
     */

    /**
     * Reset-before GRU forward, first half: the reset and update gates, and the input of the candidate's product.
     * <pre>
     *   r = σ(xr + hr),  z = σ(xz + hz)      x· the input projection (with both biases), h· = W_h· h
     *   rh = r ⊙ h
     * </pre>
     *
     * @param gates    (B, 3H): the input projection on entry; r and z in their blocks on exit (n untouched)
     * @param hiddenRz (B, 2H) {@code h W_h{r,z}ᵀ}
     * @param h        (B, H) the state before the step
     * @param rh       written: r ⊙ h (B, H)
     */
    public static void gruResetBeforeGates(float[] gates, float[] hiddenRz, float[] h, float[] rh, int batch,
                                           int hidden, GateActivation gate) {
        for (int b = 0; b < batch; b++) {
            int g0 = b * 3 * hidden;
            int p0 = b * 2 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < 2 * hidden; j++) {                      // r, z = σ(x· + h·)
                gates[g0 + j] += hiddenRz[p0 + j];
            }
            gate.apply(gates, g0, g0 + 2 * hidden);
            for (int j = 0; j < hidden; j++) {                          // rh = r ⊙ h
                rh[s0 + j] = gates[g0 + j] * h[s0 + j];
            }
        }
    }

    /**
     * Reset-before GRU forward, second half: the candidate and the new state.
     * <pre>
     *   n  = tanh(xn + hn)                  hn = W_hn (r ⊙ h)
     *   h' = (1 − z) ⊙ n + z ⊙ h
     * </pre>
     *
     * @param gates   (B, 3H): r, z and the input projection's n block on entry; r, z, n on exit
     * @param hiddenN (B, H) {@code (r ⊙ h) W_hnᵀ}
     * @param h       (B, H) the state before the step
     * @param hNext   written: h' (B, H)
     */
    public static void gruResetBeforeStateUpdate(float[] gates, float[] hiddenN, float[] h, float[] hNext, int batch,
                                                 int hidden) {
        for (int b = 0; b < batch; b++) {
            int g0 = b * 3 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {                          // xn + hn
                gates[g0 + 2 * hidden + j] += hiddenN[s0 + j];
            }
            FastMath.tanh(gates, g0 + 2 * hidden, g0 + 3 * hidden);     // n = tanh(·)
            for (int j = 0; j < hidden; j++) {                          // h' = (1 − z) ⊙ n + z ⊙ h
                float z = gates[g0 + hidden + j];
                hNext[s0 + j] = (1f - z) * gates[g0 + 2 * hidden + j] + z * h[s0 + j];
            }
        }
    }

    /**
     * Reset-before GRU backward, first half: everything that does not need {@code dn_pre W_hn}.
     * <pre>
     *   dn = dh' ⊙ (1 − z),   dz = dh' ⊙ (h − n),   dh_direct = dh' ⊙ z
     *   dn_pre = dn ⊙ (1 − n²),   dz_pre = dz ⊙ z(1 − z)
     * </pre>
     *
     * @param gates  (B, 3H) the activated gates r, z, n
     * @param h      (B, H) the state before the step
     * @param dh     (B, H): dh' on entry, dh_direct on exit
     * @param dGates written: the z and n blocks of the pre-activations' gradient, (B, 3H)
     * @param dnPre  written: dn_pre (B, H), the operand of the next product
     */
    public static void gruResetBeforeCandidateGradient(float[] gates, float[] h, float[] dh, float[] dGates,
                                                       float[] dnPre, int batch, int hidden, GateActivation gate) {
        boolean sigmoid = gate.isSigmoid();
        float alpha = gate.alpha();
        for (int b = 0; b < batch; b++) {
            int g0 = b * 3 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float z = gates[g0 + hidden + j];
                float n = gates[g0 + 2 * hidden + j];
                float dhj = dh[s0 + j];
                float dn = (dhj * (1f - z)) * (1f - n * n);                       // dn_pre = dh'(1 − z)(1 − n²)
                dGates[g0 + hidden + j] = dhj * (h[s0 + j] - n)                   // dz_pre = dh'(h − n) z(1 − z)
                        * GateActivation.slope(sigmoid, alpha, z);
                dGates[g0 + 2 * hidden + j] = dn;
                dnPre[s0 + j] = dn;
                dh[s0 + j] = dhj * z;                                             // dh_direct = dh' ⊙ z
            }
        }
    }

    /**
     * Reset-before GRU backward, second half, given {@code a = dn_pre W_hn}, the gradient of r ⊙ h.
     * <pre>
     *   dr_pre = (a ⊙ h) ⊙ r(1 − r)
     *   dh_prev = dh_direct + a ⊙ r   (+ [dr_pre, dz_pre] W_h{r,z}, the caller's product)
     * </pre>
     *
     * @param gates  (B, 3H) the activated gates r, z, n
     * @param h      (B, H) the state before the step
     * @param a      (B, H) {@code dn_pre W_hn}
     * @param dh     (B, H): dh_direct on entry, dh_direct + a ⊙ r on exit
     * @param dGates (B, 3H): its r block written, its z block read
     * @param dRz    written: [dr_pre, dz_pre] (B, 2H), the operand of the caller's product
     */
    public static void gruResetBeforeResetGradient(float[] gates, float[] h, float[] a, float[] dh, float[] dGates,
                                                   float[] dRz, int batch, int hidden, GateActivation gate) {
        boolean sigmoid = gate.isSigmoid();
        float alpha = gate.alpha();
        for (int b = 0; b < batch; b++) {
            int g0 = b * 3 * hidden;
            int p0 = b * 2 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = gates[g0 + j];
                float aj = a[s0 + j];
                float drPre = aj * h[s0 + j] * GateActivation.slope(sigmoid, alpha, r);
                dGates[g0 + j] = drPre;
                dRz[p0 + j] = drPre;
                dRz[p0 + hidden + j] = dGates[g0 + hidden + j];
                dh[s0 + j] += aj * r;
            }
        }
    }

    // ================================================================ simple RNN

    /** h' = tanh(pre), in place on n elements. */
    public static void rnnTanh(float[] a, int n) {
        FastMath.tanh(a, 0, n);
    }

    /** h' = relu(pre) = max(pre, 0), in place on n elements. */
    public static void rnnRelu(float[] a, int n) {
        for (int k = 0; k < n; k++) {
            a[k] = Math.max(a[k], 0f);
        }
    }

    /** dpre = dh' ⊙ (1 − h'²), in place on dh: the gradient through h' = tanh(pre). */
    public static void rnnTanhGradient(float[] hNext, float[] dh, int n) {
        for (int k = 0; k < n; k++) {
            dh[k] = dh[k] * (1f - hNext[k] * hNext[k]);
        }
    }

    /** dpre = dh' where h' &gt; 0, else 0 (relu'(0) = 0, as PyTorch), in place on dh. */
    public static void rnnReluGradient(float[] hNext, float[] dh, int n) {
        for (int k = 0; k < n; k++) {
            dh[k] = hNext[k] > 0f ? dh[k] : 0f;
        }
    }
}
