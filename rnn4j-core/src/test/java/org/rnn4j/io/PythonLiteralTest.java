package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python literals of .npy headers: dicts, strings, ints, booleans, None, tuples and lists. */
class PythonLiteralTest {
    private static PythonLiteral.Tuple tuple(Object... items) {
        return new PythonLiteral.Tuple(Arrays.asList(items));
    }

    @Test
    void parsesANumpyHeaderWithItsTrailingCommaAndPadding() {
        Object header = PythonLiteral.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }      \n");

        assertThat(header).isEqualTo(Map.of("descr", "<f4", "fortran_order", false, "shape", tuple(2L, 3L)));
    }

    @Test
    void tuplesOfZeroOneAndManyItemsDifferFromParentheses() {
        assertThat(PythonLiteral.parse("()")).isEqualTo(tuple());
        assertThat(PythonLiteral.parse("(3,)")).isEqualTo(tuple(3L));
        assertThat(PythonLiteral.parse("( 4 , 5 , )")).isEqualTo(tuple(4L, 5L));
        assertThat(PythonLiteral.parse("(3)")).isEqualTo(3L);
    }

    @Test
    void stringsTakeEitherQuoteAndBackslashEscapes() {
        assertThat(PythonLiteral.parse("\"it's\"")).isEqualTo("it's");
        assertThat(PythonLiteral.parse("'a\\'b\\\\c\\n\\x41\\u00e9'")).isEqualTo("a'b\\c\nA\u00e9");
    }

    @Test
    void keywordsIntegersAndLists() {
        assertThat(PythonLiteral.parse("True")).isEqualTo(true);
        assertThat(PythonLiteral.parse("None")).isNull();
        assertThat(PythonLiteral.parse("-12")).isEqualTo(-12L);
        assertThat(PythonLiteral.parse("3L")).as("Python 2 long").isEqualTo(3L);
        assertThat(PythonLiteral.parse("[('a', '<f4'), ('b', '<i8')]"))
                .isEqualTo(List.of(tuple("a", "<f4"), tuple("b", "<i8")));
    }

    @Test
    void malformedTextSaysWhatWasExpectedAndWhere() {
        assertThatThrownBy(() -> PythonLiteral.parse("{'shape' (2,)}"))
                .isInstanceOf(PythonLiteral.SyntaxException.class).hasMessage("expected ':' at character 9");
        assertThatThrownBy(() -> PythonLiteral.parse("{'a': 1} x"))
                .hasMessage("unexpected text after the value at character 9");
        assertThatThrownBy(() -> PythonLiteral.parse("{'a': 1, 'a': 2}")).hasMessageContaining("duplicate key 'a'");
        assertThatThrownBy(() -> PythonLiteral.parse("{1: 2}")).hasMessageContaining("dictionary keys must be strings");
        assertThatThrownBy(() -> PythonLiteral.parse("'open")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> PythonLiteral.parse("1.5")).hasMessageContaining("only integers are supported");
        assertThatThrownBy(() -> PythonLiteral.parse("99999999999999999999"))
                .hasMessageContaining("integer 99999999999999999999 is too large");
        assertThatThrownBy(() -> PythonLiteral.parse("eval('1')")).hasMessageContaining("unknown name");
        assertThatThrownBy(() -> PythonLiteral.parse("")).hasMessageContaining("expected a value");
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> PythonLiteral.parse("(".repeat(100_000)))
                .isInstanceOf(PythonLiteral.SyntaxException.class).hasMessageContaining("nested more than 32 deep");
    }
}
