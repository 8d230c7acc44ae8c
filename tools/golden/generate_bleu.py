#!/usr/bin/env python3
"""Writes the sacreBLEU reference file for the Java Bleu and Tokenizer13a tests.

    pip install sacrebleu==2.6.0      # Debian 12 has no python3-sacrebleu package
    python3 tools/golden/generate_bleu.py [--out DIR]

Writes DIR/bleu.json (default: rnn4j-core/src/test/resources/golden/metrics): the 13a tokenization of
tricky lines, and for small corpora sacreBLEU's default corpus BLEU (tokenize='13a', smooth='exp',
4-grams, one reference per sentence) with its sufficient statistics. Deterministic.
"""
import argparse
import json
import pathlib

import sacrebleu
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

TOKENIZER_LINES = [
    "Hello, world!",
    "It costs $1,000.50 (about 3-4 weeks' pay).",
    "The U.S.A. is big. So is 3.14.",
    "He said &quot;no&quot; &amp; left &lt;quickly&gt;.",
    "<skipped>a hyphen-\nated line\nbreak",
    "Ünïcödé — “curly quotes” and naïve café…",
    "tabs\tand\u00a0no-break\u2003em spaces\x1cfile separator\x85next line",
    "  leading and trailing   ",
    "ends with a tokenized period .",
    "a{b}c[d]e^f`g~h|i\\j@k?l=m:n;o<p>q",
    "2,000,000 people, 10.5% of them; 1-2-3 go",
    "e-mail: someone@example.com, http://example.com/a_b?c=d",
    "",
    "Numbers: 1.5, .5, 5., ,5 and 5,",
    "Don't, won't; can't! O'Neil's",
]

PAIRS = [
    ("The cat sat on the mat.", "The cat is sitting on the mat."),
    ("There is a cat on the mat.", "The cat is on the mat."),
    ("In the beginning God created the heaven and the earth.",
     "In the beginning God created the heavens and the earth."),
    ("And the earth was without form and void.", "And the earth was without form, and void."),
    ("Let there be light, and there was light.", "And God said, Let there be light: and there was light."),
    ("The quick brown fox jumps over the lazy dog.", "A quick brown fox jumped over the lazy dog."),
    ("I have a dream that one day this nation will rise up.",
     "I have a dream that one day this nation will rise up and live out the true meaning of its creed."),
    ("It was the best of times, it was the worst of times.", "It was the best of times, it was the worst of times."),
    ("The meeting is scheduled for 3:30 p.m. on Friday.", "The meeting has been scheduled for Friday at 3:30 pm."),
    ("Prices rose by 2.5% in 2023, to $1,200.", "In 2023 prices rose 2.5 %, to $1,200."),
    ("He doesn't like green eggs and ham.", "He does not like green eggs and ham."),
    ("Where is the train station?", "Where is the railway station?"),
    ("Thank you very much.", "Thanks a lot."),
    ("the", "The house is red."),
    ("She sells sea shells by the sea shore.", "She sells seashells on the seashore."),
    ("We will fight on the beaches.", "We shall fight on the beaches, we shall fight on the landing grounds."),
    ("All human beings are born free and equal in dignity and rights.",
     "All human beings are born free and equal in dignity and rights."),
    ("The committee did not approve the budget proposal.", "The budget proposal was rejected by the committee."),
    ("To be or not to be, that is the question.", "To be, or not to be: that is the question."),
    ("Blessed are the meek: for they shall inherit the earth.",
     "Blessed are the meek, for they will inherit the earth."),
    ("The results are shown in table 3.", "Table 3 shows the results."),
    ("Please close the door when you leave.", "Please shut the door when leaving."),
    ("The weather today is sunny with a high of 25 degrees.", "Today it is sunny, with highs of 25 degrees."),
    ("My name is Inigo Montoya.", "Hello. My name is Inigo Montoya. You killed my father."),
    ("Ich bin ein Berliner.", "I am a citizen of Berlin."),
    ("The the the the the the the.", "The cat is on the mat."),
    ("A man, a plan, a canal: Panama!", "A man, a plan, a canal - Panama."),
    ("Il a dit « bonjour » à l'été.", "Il a dit « bonjour » à l’été."),
    ("&quot;Quoted&quot; text &amp; more.", "\"Quoted\" text & more."),
    ("One two three four five six.", "One two three four five six seven eight nine ten."),
    ("", "An empty hypothesis gets no credit."),
    ("Trailing space here   ", "Trailing space here"),
]


def corpus(name, pairs):
    hyps = [h for h, _ in pairs]
    refs = [r for _, r in pairs]
    bleu = BLEU()
    s = bleu.corpus_score(hyps, [refs])
    return {
        "name": name,
        "hypotheses": hyps,
        "references": refs,
        "score": s.score,
        "counts": list(s.counts),
        "totals": list(s.totals),
        "precisions": list(s.precisions),
        "bp": s.bp,
        "sys_len": s.sys_len,
        "ref_len": s.ref_len,
        "formatted": str(s),
        "signature": str(bleu.get_signature()),
    }


def main():
    parser = argparse.ArgumentParser()
    root = pathlib.Path(__file__).resolve().parents[2]
    parser.add_argument("--out", default=root / "rnn4j-core/src/test/resources/golden/metrics")
    out = pathlib.Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer13a()
    corpora = [corpus("all pairs", PAIRS)]
    corpora += [corpus(f"pair {i}", [p]) for i, p in enumerate(PAIRS)]
    corpora += [
        corpus("first ten", PAIRS[:10]),
        corpus("short hypotheses, brevity penalty", [PAIRS[i] for i in (6, 13, 15, 23, 29)]),
        corpus("no four-gram matches, exp smoothing", [PAIRS[i] for i in (12, 13, 24)]),
        corpus("nothing matches", [("xyz abc", "The cat."), ("qqq", "A dog.")]),
        corpus("only empty hypotheses", [("", "Some words."), ("", "More words here.")]),
        corpus("identical", [PAIRS[7], PAIRS[16]]),
    ]
    golden = {
        "generator": "tools/golden/generate_bleu.py",
        "sacrebleu_version": sacrebleu.__version__,
        "tokenizer13a": [{"input": line, "output": tok(line)} for line in TOKENIZER_LINES],
        "corpora": corpora,
    }
    path = out / "bleu.json"
    path.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(TOKENIZER_LINES)} tokenizer lines, {len(corpora)} corpora")


if __name__ == "__main__":
    main()
