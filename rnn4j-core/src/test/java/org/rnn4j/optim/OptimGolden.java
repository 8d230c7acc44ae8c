package org.rnn4j.optim;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;

/** The golden files under golden/optim, written by tools/golden/generate_optim.py. */
final class OptimGolden {
    static final String REGENERATE =
            "regenerate with: apt-get install -y python3-torch && /usr/bin/python3 tools/golden/generate_optim.py";
    /** Parameter names and shapes of every optimiser case. */
    static final List<String> PARAMETERS = List.of("weight", "bias");
    static final int STEPS = 5;

    private OptimGolden() {
    }

    static Path file(String name) {
        return Golden.file("optim/" + name + ".safetensors", REGENERATE);
    }

    static SafetensorsFile read(String name) {
        return Safetensors.read(file(name));
    }

    /** The case's parameters at their initial values, with zero gradients. */
    static List<Parameter> initialParameters(SafetensorsFile golden) {
        List<Parameter> params = new ArrayList<>();
        for (String name : PARAMETERS) {
            Tensor initial = golden.tensors().get(name);
            params.add(new Parameter(name, initial.copy(), Tensor.zeros(initial.shape())));
        }
        return params;
    }

    /** Copies the gradients of step {@code k} (1-based) into the parameters. */
    static void setGradients(SafetensorsFile golden, int k, List<Parameter> params) {
        for (Parameter p : params) {
            p.grad().copyFrom(golden.tensors().get("grad." + k + "." + p.name()));
        }
    }

    /** max |actual − reference| / max |reference| below the tolerance, naming the file and how to regenerate it. */
    static void assertClose(String file, String what, Tensor actual, Tensor reference, double tolerance) {
        Golden.assertClose(Path.of(file), what, actual, reference, tolerance, REGENERATE);
    }
}
