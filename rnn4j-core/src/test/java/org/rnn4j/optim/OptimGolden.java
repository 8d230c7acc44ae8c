package org.rnn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

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
        String relative = "/golden/optim/" + name + ".safetensors";
        URL url = OptimGolden.class.getResource(relative);
        assertThat(url).as("golden file %s is missing; %s", relative, REGENERATE).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(relative, e);
        }
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
        assertThat(reference).as("%s: tensor %s missing; %s", file, what, REGENERATE).isNotNull();
        assertThat(actual.shape()).as("%s: shape of %s", file, what).containsExactly(reference.shape());
        double error = Tensors.relativeError(actual, reference);
        assertThat(error).as("%s: %s differs from PyTorch: max relative error %.3g (max abs diff %.3g); %s",
                file, what, error, Tensors.maxAbsDiff(actual, reference), REGENERATE).isLessThan(tolerance);
    }
}
