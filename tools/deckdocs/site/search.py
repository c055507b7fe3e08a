"""Chinese search: what the build adds to Material's search index for the deckdocs worker.

Material's own worker (lunr) matches only the start of index tokens and cuts the query greedily,
so 洗钱 never finds 反洗钱 and 等额本息 becomes ``等*``. deckdocs keeps Material's search box and
results list, but points the theme at its own worker (``templates/.../deckdocs-search.js``)
that matches substrings, so any part of a word, a phrase across jieba's cuts and Latin words
mixed in are all found. This module prepares what that worker reads:

- a jieba user dictionary made from the site's headings and glossary terms, so that domain
  words (微粒贷, 反洗钱法) stay whole;
- the lexicon: the words jieba (with that dictionary) finds in the site, shipped in the index's
  ``config`` so the worker can cut a query that does not occur verbatim into words;
- plain, width-folded text for each section, with its source slide number.

Everything travels inside ``search/search_index.json``, so Material's offline plugin inlines it
for ``file://`` like the stock index: there is no second file to fetch.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import jinja2

from deckdocs.scoped import restored

WORKER_URI = "assets/javascripts/workers/deckdocs-search.js"
WORKER_SOURCE = Path(__file__).parent / "templates" / WORKER_URI
INDEX_URI = "search/search_index.json"
USER_DICTIONARY_NAME = "userdict.txt"  # beside the index, in the site
INDEX_FORMAT = 1  # bump when the worker needs a different index

# The theme names its worker with a content hash that changes with every Material release.
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_FULL_WIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_TAG = re.compile(r"<[^>]*>")
_SLIDE_TAGS = re.compile(r"""<!--.*?-->|<(script|style)\b.*?</\1\s*>|(<(?:h[1-6]|p)\b(?:[^>"']|"[^"]*"|'[^']*')*>)""",
                         re.DOTALL | re.IGNORECASE)
_SPACE = re.compile(r"[\s\u3000]+")
# A heading stem (微粒贷 in 微粒贷概述, 微粒贷定义 …) must not end in a particle: 微粒贷的 is no word.
_PARTICLE_END = re.compile(r"[的与和及或之等了在是为对把被]$")
# jieba adds every prefix of a dictionary word to its table and tries them all at each
# character: one 5,000-character heading made cutting a page take minutes. Longer headings
# are sentences, not words; jieba cuts them well enough without help.
MAX_DICTIONARY_TERM_CHARS = 20
STEM_MIN_HEADINGS = 3
STEM_LENGTHS = range(3, 7)


def fold_width(text: str) -> str:
    """Return ``text`` with full-width letters and digits made ASCII (ＱＱ → QQ), length kept.

    NFKC would also turn Chinese punctuation into ASCII in the snippets readers see, and it may
    change a string's length, which the worker's highlighting relies on.
    """
    return _FULL_WIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def plain_text(markup: str) -> str:
    """Return the text of a search-index field: tags and jieba's zero-width cuts removed."""
    text = html.unescape(_TAG.sub(" ", markup)).replace("\u200b", "")
    return fold_width(_SPACE.sub(" ", text).strip())


def has_han(text: str) -> bool:
    """Return whether ``text`` holds a Chinese character."""
    return _HAN.search(text) is not None


# ---------------------------------------------------------------- slides


class _SlideParser(HTMLParser):
    """Collect heading ids and the ``p.dd-slide`` that follows each ``##``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.slides: dict[str, int] = {}
        self._h2: str | None = None
        self._h3s: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2"):
            self._h2 = attrs.get("id") if tag == "h2" else None
            self._h3s = []
        elif tag in ("h3", "h4", "h5", "h6") and attrs.get("id"):
            self._h3s.append(attrs["id"])
            if self._h2 in self.slides:
                self.slides[attrs["id"]] = self.slides[self._h2]
        elif tag == "p" and "dd-slide" in (attrs.get("class") or "").split() and self._h2:
            number = attrs.get("data-slide", "")
            if number.isdigit() and self._h2 not in self.slides:
                for anchor in (self._h2, *self._h3s):
                    self.slides[anchor] = int(number)


def slide_numbers(page_html: str) -> dict[str, int]:
    """Return each heading id of a rendered page mapped to its source slide number.

    A ``##`` section names its slide in ``<p class="dd-slide" data-slide="N">``; the ``###``
    items under it share that number. Headings outside slide sections (本章自测, the glossary)
    are absent.
    """
    parser = _SlideParser()
    # Only the heading and paragraph start tags matter: the parser reads those alone, not the
    # whole page token by token (comments, scripts and styles are skipped as it would skip them).
    parser.feed("".join(m.group() for m in _SLIDE_TAGS.finditer(page_html) if m.group(2)))
    parser.close()
    return parser.slides


_LABEL_TAG = re.compile(r"<(summary|p)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)


def exclude_labels(page_html: str) -> str:
    """Return the page with the labels of collapsible and admonition blocks (the title of a
    notes block, whatever it says) kept out of the search index, so snippets show content.

    Material's indexer skips an element marked ``data-search-exclude``.
    """

    def label(match: re.Match) -> str:
        tag, attrs = match.group(1).lower(), match.group(2)
        is_label = tag == "summary" or re.search(r"""class=["'][^"']*\badmonition-title\b""", attrs)
        if not is_label or "data-search-exclude" in attrs:
            return match.group()
        return f"<{match.group(1)}{attrs} data-search-exclude>"

    return _LABEL_TAG.sub(label, page_html)


def location_anchor(location: str) -> tuple[str, str]:
    """Return (page url, heading id) of a search-index location such as ``01-x/#反洗钱法``."""
    page, _, anchor = location.partition("#")
    return page, unquote(anchor)


# ---------------------------------------------------------------- dictionary


def heading_stems(headings: Iterable[str]) -> list[str]:
    """Return the words that begin at least three headings, such as 微粒贷 (微粒贷概述, 微粒贷定义 …).

    A deck's own product and domain names rarely sit in jieba's dictionary (it cuts 微粒贷需
    as 微粒 / 贷需); headings repeat them at their start. Only the longest stem is kept when a
    shorter one begins exactly the same headings.
    """
    distinct = sorted({h for h in headings if has_han(h)})
    counts: dict[str, set[str]] = {}
    for heading in distinct:
        for length in STEM_LENGTHS:
            stem = heading[:length]
            if len(stem) == length and _HAN_RUN.fullmatch(stem) and stem != heading:
                counts.setdefault(stem, set()).add(heading)
    stems = {s for s, owners in counts.items() if len(owners) >= STEM_MIN_HEADINGS and not _PARTICLE_END.search(s)}
    return sorted(s for s in stems if not any(o != s and o.startswith(s) and counts[o] == counts[s] for o in stems))


def user_dictionary_terms(headings: Iterable[str], glossary_terms: Iterable[str] = ()) -> list[str]:
    """Return the sorted terms of the jieba user dictionary: headings, their stems, glossary terms.

    Terms are width-folded and stripped; terms without a Chinese character are left to the
    worker's Latin matching, and one-character terms would only make jieba cut worse.
    """
    headings = [fold_width(h).strip() for h in headings]
    terms = {t for t in (*headings, *heading_stems(headings), *(fold_width(g).strip() for g in glossary_terms))
             if 2 <= len(t) <= MAX_DICTIONARY_TERM_CHARS and has_han(t) and not _SPACE.search(t)}
    return sorted(terms)


def render_user_dictionary(terms: Iterable[str]) -> str:
    """Return a jieba user dictionary (one word a line) for ``terms``.

    No frequency is written: jieba then gives each word the frequency it needs to be cut out
    whole (``suggest_freq``).
    """
    return "".join(f"{term}\n" for term in sorted(set(terms)))


def quiet_jieba(*, verbose: bool = False) -> None:
    """Keep jieba's start-up lines ("Building prefix dict … Loading model …", on every build)
    out of the log unless ``verbose``."""
    import logging

    import jieba

    jieba.setLogLevel(logging.DEBUG if verbose else logging.WARNING)


@contextmanager
def user_words_added(words: Iterable[str]) -> Iterator:
    """Yield jieba's tokenizer with ``words`` in its dictionary, as a user dictionary adds them;
    afterwards its dictionary is exactly what it was.

    jieba's tokenizer is shared: Material's search cuts the pages with it (the extract may too),
    and its half a million entries are loaded once per process. A tokenizer of our own would
    need a copy of them (17 ms and 20 MB a build); the few hundred entries the words add or
    change are put back instead.
    """
    import jieba

    tokenizer = jieba.dt
    tokenizer.check_initialized()  # loads the dictionary only if Material's search has not
    words = [w for w in words if w]
    prefixes = {word[:n] for word in words for n in range(1, len(word) + 1)}  # what add_word touches
    total = tokenizer.total
    with restored(tokenizer.FREQ, prefixes):
        try:
            for word in words:  # what load_userdict does with a line holding just the word
                tokenizer.add_word(word)
            yield tokenizer
        finally:
            tokenizer.total = total


def build_lexicon(texts: Iterable[str], segmenter) -> list[str]:
    """Return the sorted words of ``texts`` as the segmenter cuts them in search mode.

    Search mode adds the two- and three-character words inside longer ones (洗钱 in 反洗钱法).
    Only words of two or more characters holding Chinese are kept: the worker matches Latin
    words and single characters without a dictionary.
    """
    runs = {run for text in texts for run in _HAN_RUN.findall(text)}  # titles, quizzes, the glossary repeat text
    words: set[str] = set()
    for run in runs:
        words.update(w for w in segmenter.cut_for_search(run, HMM=False) if len(w) >= 2)
    return sorted(words)


# ---------------------------------------------------------------- index


def augment_index(index: Mapping, slides: Mapping[str, Mapping[str, int]], lexicon: Iterable[str]) -> dict:
    """Return Material's search index rewritten for the deckdocs worker.

    ``slides`` maps a page url to its heading ids' slide numbers (:func:`slide_numbers`). Each
    entry keeps its location, tags and boost; title and text become plain text (the worker
    escapes and highlights them itself); entries of a slide section gain ``slide``. The lexicon
    goes into ``config.deckdocs.words``, since the theme hands the worker only ``config`` and
    ``docs``.
    """
    docs = []
    for entry in index.get("docs", []):
        doc = {key: value for key, value in entry.items() if key not in ("title", "text")}
        doc["title"] = plain_text(entry.get("title", ""))
        doc["text"] = plain_text(entry.get("text", ""))
        page, anchor = location_anchor(entry["location"])
        slide = slides.get(page, {}).get(anchor) if anchor else None
        if slide is not None:
            doc["slide"] = slide
        docs.append(doc)
    config = dict(index.get("config", {}))
    config["deckdocs"] = {"format": INDEX_FORMAT, "words": sorted(set(lexicon))}
    return {"config": config, "docs": docs}


@dataclass(frozen=True)
class IndexReport:
    """What :func:`rewrite_search_index` did: sizes for the build log and the benchmarks."""

    sections: int
    words: int
    dictionary_terms: int
    index_bytes: int


def rewrite_search_index(site_dir: Path, slides: Mapping[str, Mapping[str, int]],
                         glossary_terms: Iterable[str] = (), *, aliases: Iterable[Iterable[str]] = (),
                         source_dir: Path | None = None, glossary_url: str = "") -> IndexReport | None:
    """Rewrite ``site_dir/search/search_index.json`` for the deckdocs worker; return a report.

    The user dictionary is generated beside it as ``search/userdict.txt`` (never edited by
    hand; readers' browsers never load it); its words are in jieba's dictionary while the
    lexicon is cut (:func:`user_words_added`). Learners' own words travel with the lexicon
    (:func:`learner_words`): ``aliases`` are the glossary's term groups, ``source_dir`` the
    decks' folder that may hold the editors' synonyms, ``glossary_url`` the glossary page.
    Returns None when there is no index (search disabled).

    Raises:
        ValueError: the index is not Material's JSON.
        SynonymsError: the editors' synonyms file is malformed.
    """
    path = site_dir / INDEX_URI
    if not path.is_file():
        return None
    augmented = augment_index(json.loads(path.read_text(encoding="utf-8")), slides, ())  # plain text, once
    docs = augmented["docs"]
    terms = user_dictionary_terms([doc["title"] for doc in docs], glossary_terms)
    (path.parent / USER_DICTIONARY_NAME).write_text(render_user_dictionary(terms), encoding="utf-8")
    texts = [t for doc in docs for t in (doc["title"], doc["text"])]
    with user_words_added(terms) as segmenter:
        lexicon = build_lexicon(texts, segmenter)
    augmented["config"]["deckdocs"].update(learner_words(lexicon, texts, aliases, source_dir, glossary_url))
    data = json.dumps(augmented, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    path.write_text(data, encoding="utf-8")
    return IndexReport(len(augmented["docs"]), len(augmented["config"]["deckdocs"]["words"]), len(terms),
                       len(data.encode("utf-8")))


def learner_words(lexicon: Iterable[str], texts: Iterable[str], aliases: Iterable[Iterable[str]] = (),
                  source_dir: Path | None = None, glossary_url: str = "") -> dict:
    """Return what the worker needs to read learners' own words (deckdocs.site.search_words):
    the lexicon (``words``) with its pinyin, the variant folding, the homophones' sounds, the
    other readings of the site's characters,
    synonym groups and the glossary page's url.

    Raises:
        SynonymsError: the editors' synonyms file is malformed.
    """
    from deckdocs.site import search_words

    site_text = "\n".join(texts)
    chars = set(site_text)
    folding = search_words.fold_map(chars)
    words = sorted({search_words.fold_text(w, folding) for w in lexicon})
    synonyms = search_words.synonym_groups(site_text, folding, source_dir, aliases)
    pinyin = search_words.word_pinyin(words)
    syllables = {s for p in pinyin for s in p.split()}
    return {
        "words": words,
        "pinyin": pinyin,
        "fold": "".join(v + s for v, s in folding.items()),
        "sounds": search_words.sounds_table(syllables, chars),
        "readings": search_words.readings(chars),
        "synonyms": synonyms,
        "glossary": glossary_url,
    }


# ---------------------------------------------------------------- theme


def redirect_worker(url_filter: Callable, worker_uri: str = WORKER_URI) -> Callable:
    """Return MkDocs' ``url`` template filter, changed to send the theme's search worker to ours.

    Material's ``config`` block writes ``"assets/javascripts/workers/search.<hash>.min.js" | url``;
    wrapping the filter swaps that one path on every page (404 included) without copying the
    theme's template, whatever the hash of the installed Material.
    """

    @jinja2.pass_context
    def url(context, value):
        if isinstance(value, str) and _MATERIAL_WORKER.fullmatch(value):
            value = worker_uri
        return url_filter(context, value)

    return url
