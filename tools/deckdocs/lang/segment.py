"""jieba's words and parts of speech for a few headings, without loading its whole dictionary.

jieba takes 0.5 s to load its dictionary (from its cache in the temporary folder) and 0.4 s more
to import ``jieba.posseg``, which reads the whole dictionary again for the parts of speech;
a run asks about a dozen headings. Every answer of jieba's segmenter and tagger depends only on
the dictionary's entries for parts of the text (``get_DAG``, ``calc`` and the taggers look up
nothing else), on the total of the frequencies, and on the HMM's rows for the text's characters.
A machine-wide index (:mod:`deckdocs.lang.index`) holds those, built once from jieba's own
data, and a run gives jieba what the text can touch:

- :func:`words` is jieba's own ``Tokenizer.cut`` (HMM on), on a tokenizer whose ``FREQ`` holds
  the text's entries and whose ``total`` is the whole dictionary's;
- :func:`tagged` is ``jieba.posseg.cut``: importing ``jieba.posseg`` would read the whole
  dictionary (its module makes a tagger for jieba's default tokenizer), so its tagger's steps
  (``POSTokenizer.__cut_internal``, ``__cut_DAG``, ``__cut_detail``, ``__cut`` of jieba 0.42.1)
  are followed here, on that tokenizer, the text's word tags and HMM rows, and jieba's own
  ``posseg/viterbi.py``.

tests/test_segment.py compares both with jieba's own on headings, the corpus's texts and texts
made of dictionary words. Without an index, jieba is used whole.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

from deckdocs.lang.index import LibraryIndex

_WORD, _CHAR, _MODEL = "word", "char", "model"  # the index's kinds: FREQ entries, HMM rows, the rest

# jieba.posseg's patterns (jieba 0.42.1)
_RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_RE_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_RE_HAN_INTERNAL = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
_RE_SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
_RE_ENG = re.compile("[a-zA-Z0-9]+")
_RE_NUM = re.compile(r"[\.0-9]+")


def words(text: str) -> list[str]:
    """Return ``jieba.cut(text)`` (HMM on) as a list."""
    fed = JIEBA.ready(text)
    if fed is None:
        return list(import_jieba().cut(text))
    return list(fed.tokenizer.cut(text))


def tagged(text: str) -> list[tuple[str, str]]:
    """Return ``jieba.posseg.cut(text)`` (HMM on) as (word, part of speech) pairs."""
    fed = JIEBA.ready(text)
    if fed is None:
        import_jieba()
        import jieba.posseg

        return [(pair.word, pair.flag) for pair in jieba.posseg.cut(text)]
    return list(fed.cut_tagged(text))


def frequency(word: str) -> int:
    """Return the frequency jieba's dictionary gives ``word`` (0: not a dictionary word)."""
    fed = JIEBA.ready(word)
    if fed is None:
        tokenizer = import_jieba().dt
        tokenizer.check_initialized()
        return tokenizer.FREQ.get(word, 0)
    return fed.tokenizer.FREQ.get(word, 0)


def import_jieba():
    """Return jieba, imported without setuptools' pkg_resources when nothing has imported that yet.

    jieba reads its data files through pkg_resources when it can, and opens them by path when
    pkg_resources is missing (jieba/_compat.py): the same files, the same answers. Importing
    pkg_resources takes 0.08 s, most of what importing jieba costs.
    """
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # an import of it fails: jieba takes its other way
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO
    return jieba


def index_entries():
    """Yield jieba's data as index entries: every ``FREQ`` entry of its default dictionary
    (words and their prefixes) with its frequency and part of speech, each character's row of
    the tagger's HMM, and the dictionary's total with the HMM's start and transition tables."""
    jieba = import_jieba()
    from jieba import posseg

    tokenizer = jieba.Tokenizer()  # the default dictionary, none of this process's changes to jieba.dt
    tokenizer.check_initialized()
    tags = posseg.POSTokenizer(tokenizer).word_tag_tab
    for key, freq in tokenizer.FREQ.items():
        yield _WORD, key, json.dumps([freq, tags.get(key)], ensure_ascii=False)
    emit: dict[str, dict[str, float]] = {}
    for state, row in posseg.emit_P.items():
        for char, p in row.items():
            emit.setdefault(char, {})[_state(state)] = p
    for char in sorted(set(emit) | set(posseg.char_state_tab_P)):
        states = posseg.char_state_tab_P.get(char)
        yield _CHAR, char, json.dumps([[_state(s) for s in states] if states is not None else None, emit.get(char, {})])
    yield _MODEL, "total", str(tokenizer.total)
    yield _MODEL, "states", json.dumps([_state(s) for s in posseg.emit_P])
    yield _MODEL, "start", json.dumps({_state(s): p for s, p in posseg.start_P.items()})
    yield _MODEL, "trans", json.dumps({_state(s): {_state(t): p for t, p in row.items()} for s, row in posseg.trans_P.items()})


def _state(state: tuple[str, str]) -> str:
    return " ".join(state)  # ('B', 'n') ↔ "B n": JSON keys are text


def _unstate(text: str) -> tuple[str, str]:
    position, tag = text.split(" ")
    return position, tag


INDEX = LibraryIndex("jieba", index_entries)


class _Jieba:
    """jieba fed from the index: a tokenizer, word tags and HMM rows holding what the texts
    asked so far can touch (more entries than a text needs change nothing: each is jieba's)."""

    def __init__(self) -> None:
        self.tokenizer = None
        self.is_usable: bool | None = None  # None: not tried yet
        self.tags: dict[str, str] = {}
        self.char_states: dict[str, tuple[tuple[str, str], ...]] = {}
        self.emit: dict[tuple[str, str], dict[str, float]] = {}
        self.start: dict[tuple[str, str], float] = {}
        self.trans: dict[tuple[str, str], dict[tuple[str, str], float]] = {}
        self._viterbi = None
        self._asked: set[str] = set()

    def ready(self, text: str) -> _Jieba | None:
        """Return this, holding the entries ``text`` can touch; None when jieba must be used whole."""
        if self.is_usable is None:
            self.is_usable = self._start()
        if self.is_usable and text not in self._asked:
            self.is_usable = self._load(text)
            self._asked.add(text)
        return self if self.is_usable else None

    def _start(self) -> bool:
        model = INDEX.lookup(_MODEL, ("total", "states", "start", "trans"))
        if not model or len(model) != 4:
            return False
        jieba = import_jieba()
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total, self.tokenizer.initialized = {}, int(model["total"]), True
        self.emit = {_unstate(s): {} for s in json.loads(model["states"])}
        self.start = {_unstate(s): p for s, p in json.loads(model["start"]).items()}
        self.trans = {_unstate(s): {_unstate(t): p for t, p in row.items()} for s, row in json.loads(model["trans"]).items()}
        viterbi = Path(jieba.__file__).parent / "posseg" / "viterbi.py"
        spec = importlib.util.spec_from_file_location("deckdocs._jieba_posseg_viterbi", viterbi)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # jieba's own, without jieba.posseg's start-up
        self._viterbi = module.viterbi
        return True

    def _load(self, text: str) -> bool:
        longest = INDEX.longest(_WORD)
        found = INDEX.lookup(_WORD, (text[start:start + n] for start in range(len(text))
                                     for n in range(1, (longest or 0) + 1) if start + n <= len(text)))
        rows = INDEX.lookup(_CHAR, set(text))
        if found is None or rows is None:
            return False
        for key, value in found.items():
            freq, tag = json.loads(value)
            self.tokenizer.FREQ[key] = freq
            if tag is not None:
                self.tags[key] = tag
        for char, value in rows.items():
            states, emit = json.loads(value)
            if states is not None:
                self.char_states[char] = tuple(_unstate(s) for s in states)
            for state, p in emit.items():
                self.emit[_unstate(state)][char] = p
        return True

    # ------------------------------------------------------------ jieba.posseg's POSTokenizer

    def cut_tagged(self, sentence: str):
        """POSTokenizer.__cut_internal (HMM on)."""
        for blk in _RE_HAN_INTERNAL.split(sentence):
            if _RE_HAN_INTERNAL.match(blk):
                yield from self._cut_dag(blk)
            else:
                for x in _RE_SKIP_INTERNAL.split(blk):
                    if _RE_SKIP_INTERNAL.match(x):
                        yield x, "x"
                    else:
                        for xx in x:
                            if _RE_NUM.match(xx):
                                yield xx, "m"
                            elif _RE_ENG.match(x):
                                yield xx, "eng"
                            else:
                                yield xx, "x"

    def _cut_dag(self, sentence: str):
        """POSTokenizer.__cut_DAG."""
        dag = self.tokenizer.get_DAG(sentence)
        route: dict = {}
        self.tokenizer.calc(sentence, dag, route)
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = route[x][1] + 1
            l_word = sentence[x:y]
            if y - x == 1:
                buf += l_word
            else:
                if buf:
                    yield from self._cut_buffer(buf)
                    buf = ""
                yield l_word, self.tags.get(l_word, "x")
            x = y
        if buf:
            yield from self._cut_buffer(buf)

    def _cut_buffer(self, buf: str):
        """The buffered single characters of POSTokenizer.__cut_DAG."""
        if len(buf) == 1:
            yield buf, self.tags.get(buf, "x")
        elif not self.tokenizer.FREQ.get(buf):
            yield from self._cut_detail(buf)
        else:
            for elem in buf:
                yield elem, self.tags.get(elem, "x")

    def _cut_detail(self, sentence: str):
        """POSTokenizer.__cut_detail."""
        for blk in _RE_HAN_DETAIL.split(sentence):
            if _RE_HAN_DETAIL.match(blk):
                yield from self._cut_hmm(blk)
            else:
                for x in _RE_SKIP_DETAIL.split(blk):
                    if x:
                        if _RE_NUM.match(x):
                            yield x, "m"
                        elif _RE_ENG.match(x):
                            yield x, "eng"
                        else:
                            yield x, "x"

    def _cut_hmm(self, sentence: str):
        """POSTokenizer.__cut: jieba's viterbi over the tagger's HMM."""
        _, pos_list = self._viterbi(sentence, self.char_states, self.start, self.trans, self.emit)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield sentence[begin:i + 1], pos_list[i][1]
                nexti = i + 1
            elif pos == "S":
                yield char, pos_list[i][1]
                nexti = i + 1
        if nexti < len(sentence):
            yield sentence[nexti:], pos_list[nexti][1]


JIEBA = _Jieba()
