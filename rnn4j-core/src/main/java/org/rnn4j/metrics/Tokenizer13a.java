package org.rnn4j.metrics;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The tokenizer of {@code mteval-v13a.pl} as sacreBLEU implements it ({@code tokenizers/tokenizer_13a.py} and
 * {@code tokenizer_re.py}, sacreBLEU 2.x), the default of {@link Bleu}. BLEU scores are only comparable with the
 * same tokenization, so this follows sacreBLEU step for step, quirks included:
 *
 * <ol>
 *   <li>remove {@code <skipped>}; join {@code -} + line break; other line breaks become spaces;</li>
 *   <li>unescape {@code &quot; &amp; &lt; &gt;} (in that order);</li>
 *   <li>pad with a space each side, then put spaces around every ASCII symbol
 *       {@code {|}~[\]^_`!"#$%&()*+:;<=>?@/} (not the apostrophe, hyphen, period or comma);</li>
 *   <li>split off a period or comma unless it stands between digits ({@code 3.14}, {@code 1,000} stay whole);</li>
 *   <li>split off a hyphen that follows a digit ({@code 3-4} → {@code 3 - 4});</li>
 *   <li>collapse runs of whitespace (Python's definition: Unicode spaces, and also U+001C..U+001F and U+0085) to
 *       one space and trim.</li>
 * </ol>
 * Apostrophes stay inside words ({@code don't}) and non-ASCII punctuation is not split ({@code “quotes”}).
 */
public final class Tokenizer13a {
    private static final Pattern SYMBOL = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Tokenizer13a() {
    }

    /** The tokenized line: tokens separated by single spaces, no space at either end. */
    public static String tokenize(String line) {
        String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = SYMBOL.matcher(s).replaceAll(" $1 ");
        s = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return String.join(" ", PythonWhitespace.split(s));
    }

    /** The tokens of the line. */
    public static List<String> tokens(String line) {
        return PythonWhitespace.split(tokenize(line));
    }
}
