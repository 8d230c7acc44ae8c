package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A file-format error is one line that starts with the file, whatever bytes of the file it quotes. */
class FileFormatExceptionTest {
    @Test
    void controlCharactersQuotedFromADamagedFileAreShownAsEscapes() {
        FileFormatException e = new FileFormatException(Path.of("x.npy"), "found [descr, fort\nra\u001b[2J]");

        assertThat(e.getMessage()).isEqualTo("x.npy: found [descr, fort\\x0ara\\x1b[2J]");
    }

    @Test
    void namesTheTensorAtFault() {
        assertThat(FileFormatException.forTensor(Path.of("m.safetensors"), "bias_ih_l0", "truncated").getMessage())
                .isEqualTo("m.safetensors: tensor 'bias_ih_l0': truncated");
    }
}
