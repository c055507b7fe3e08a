"""Read ``source_slides/glossary.yml``, the editor's half of the glossary (术语表).

The file is written by course editors, not programmers, so it is read strictly and every
mistake is one line naming the file, the line, the term and what to do::

    terms:
      等额本息: 每期偿还相同金额的还款方式……      # a term and its definition
      先息后本:
        definition: 借款期内只付利息，到期一次还本。
        aliases: [先付息后还本]                    # other spellings linked to the same entry
    not_terms:
      - 个人信息保护                                # a slide heading that is not a term

A term here is always in the glossary; when a slide also defines it, this definition wins.
``not_terms`` keeps slide headings out that :func:`deckdocs.glossary.concepts.is_concept` would take.

YAML is walked as a node tree (``yaml.compose``) instead of loaded: loaders silently keep the
last of two equal keys, and turn keys such as ``yes`` or ``1.0`` into booleans and numbers.
Here every key and value stays the text the editor typed, and a repeated term is an error.
PyYAML is imported only when there is a file to read (10 ms a run without one); a node's
kind is its ``id``: "scalar", "sequence" or "mapping".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deckdocs.errors import GlossaryError
from deckdocs.messages import N_, _, shown

if TYPE_CHECKING:
    import yaml

TOP_KEYS = ("terms", "not_terms")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
TERM_KEYS = ("definition", "aliases")


@dataclass(frozen=True, order=True)
class GlossaryEntry:
    """One term of glossary.yml with its definition, or (``is_excluded``) one of ``not_terms``."""

    term: str
    definition: str = ""
    aliases: tuple[str, ...] = ()
    is_excluded: bool = False
    path: str = field(default="", compare=False)  # the file, for messages
    line: int = field(default=0, compare=False)  # from 1; 0 when built by hand


def load_glossary_file(path: Path) -> tuple[GlossaryEntry, ...]:
    """Return the entries of ``glossary.yml`` in file order; none when the file does not exist.

    Raises:
        GlossaryError: the file is not valid YAML, has an unknown key, an empty definition or
            alias, or names a term (or alias) twice.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(_("cannot be read ({reason})").format(reason=exc), path=str(path),
                            hint=_("Save it as UTF-8 text.")) from None
    return parse_glossary(text, str(path))


def parse_glossary(text: str, path: str = "glossary.yml") -> tuple[GlossaryEntry, ...]:
    """Return the entries of a glossary.yml text; ``path`` is only used in messages.

    Raises:
        GlossaryError: as :func:`load_glossary_file`.
    """
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        what = _("not valid YAML ({reason})").format(reason=problem)
        if mark is not None:
            what = _("line {line}: {what}").format(line=mark.line + 1, what=what)
        raise GlossaryError(what, path=path,
                            hint=_("Check the indentation, and put a definition that contains ': ' in quotes.")) from None
    if root is None:
        return ()
    reader = _Reader(path)
    return reader.read(root)


@dataclass
class _Reader:
    path: str
    seen: dict[str, int] = field(default_factory=dict)  # term, alias or not_terms entry → its line

    def fail(self, node: yaml.Node, what: str, hint: str) -> GlossaryError:
        return GlossaryError(_("line {line}: {what}").format(line=node.start_mark.line + 1, what=what), path=self.path,
                             hint=hint)

    def read(self, root: yaml.Node) -> tuple[GlossaryEntry, ...]:
        if root.id != "mapping":
            raise self.fail(root, _("the file must start with 'terms:' (and optionally 'not_terms:')"),
                            _("See the example at the top of the file."))
        entries: list[GlossaryEntry] = []
        for key, key_node, value in self.pairs(root, N_("key")):
            if key == "terms":
                entries.extend(self.read_terms(value))
            elif key == "not_terms":
                entries.extend(self.read_not_terms(value))
            else:
                raise self.fail(key_node, _("unknown key '{key}'").format(key=shown(key)),
                                _("Use only {keys} at the left margin.").format(keys=_(" and ").join(
                                    repr(k) for k in TOP_KEYS)))
        return tuple(entries)

    def pairs(self, node: yaml.MappingNode, what: str):
        """Yield (key text, key node, value node), refusing repeated and empty keys."""
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.text(key_node, what)
            if not key:
                raise self.fail(key_node, _("a {what} is empty").format(what=_(what)), _("Write the text before the colon."))
            if key in keys:
                raise self.fail(key_node, _("{what} {key} is listed twice (first on line {line})").format(
                                    what=_(what), key=key, line=keys[key]), _("Keep one entry and delete the other."))
            keys[key] = key_node.start_mark.line + 1
            yield key, key_node, value_node

    def text(self, node: yaml.Node, what: str) -> str:
        if node.id != "scalar":
            raise self.fail(node, _("a {what} must be text, not a list or a mapping").format(what=_(what)),
                            _("Write it on one line after the colon."))
        return " ".join(node.value.split())

    def claim(self, word: str, node: yaml.Node, what: str) -> None:
        """Record ``word`` as taken: a term, alias or not_terms entry appears once in the file."""
        if word in self.seen:
            raise self.fail(node, _("{what} {key} is listed twice (first on line {line})").format(
                                what=_(what), key=word, line=self.seen[word]), _("Keep one entry and delete the other."))
        self.seen[word] = node.start_mark.line + 1

    def read_terms(self, node: yaml.Node) -> list[GlossaryEntry]:
        if _is_empty(node):
            return []
        if node.id != "mapping":
            raise self.fail(node, _("'terms' must list terms as '术语: 释义' lines"),
                            _("Indent each term under 'terms:' and follow it with a colon."))
        entries = []
        for term, key_node, value in self.pairs(node, N_("term")):
            self.claim(term, key_node, N_("term"))
            definition, aliases = self.read_term(term, value)
            entries.append(GlossaryEntry(term, definition, aliases, False, self.path, key_node.start_mark.line + 1))
        return entries

    def read_term(self, term: str, node: yaml.Node) -> tuple[str, tuple[str, ...]]:
        aliases: tuple[str, ...] = ()
        if node.id == "mapping":
            pairs = list(self.pairs(node, N_("key")))
            keys = {key: key_node for key, key_node, _value in pairs}
            fields = {key: value for key, _key_node, value in pairs}
            unknown = sorted(set(fields) - set(TERM_KEYS))
            if unknown:
                raise self.fail(keys[unknown[0]], _("term {term} has unknown key '{key}'").format(term=term, key=shown(unknown[0])),
                                _("Use 'definition' and, if needed, 'aliases'."))
            if "definition" not in fields:
                raise self.fail(node, _("term {term} has no definition").format(term=term), _("Add 'definition: 释义' under it."))
            node = fields["definition"]
            if "aliases" in fields:
                aliases = self.read_aliases(term, fields["aliases"])
        definition = "" if _is_empty(node) else _join_lines(self.text(node, N_("definition")))
        if not definition:
            raise self.fail(node, _("term {term} has an empty definition").format(term=term),
                            _("Write its definition after the colon, or delete the term."))
        return definition, aliases

    def read_aliases(self, term: str, node: yaml.Node) -> tuple[str, ...]:
        if node.id == "sequence":
            items = node.value
        elif node.id == "scalar" and not _is_empty(node):
            items = [node]  # a single alias written without brackets
        else:
            raise self.fail(node, _("aliases of {term} must be a list").format(term=term), _("Write them as [别名一, 别名二]."))
        aliases = []
        for item in items:
            alias = self.text(item, N_("alias"))
            if not alias:
                raise self.fail(item, _("term {term} has an empty alias").format(term=term), _("Delete the empty alias."))
            self.claim(alias, item, N_("alias"))
            aliases.append(alias)
        return tuple(aliases)

    def read_not_terms(self, node: yaml.Node) -> list[GlossaryEntry]:
        if _is_empty(node):
            return []
        if node.id != "sequence":
            raise self.fail(node, _("'not_terms' must be a list"), _("Write one heading per line as '  - 小标题'."))
        entries = []
        for item in node.value:
            heading = self.text(item, N_("heading"))
            if not heading:
                raise self.fail(item, _("an entry of not_terms is empty"), _("Delete the empty line."))
            self.claim(heading, item, N_("not_terms entry"))
            entries.append(GlossaryEntry(heading, "", (), True, self.path, item.start_mark.line + 1))
        return entries


def _join_lines(text: str) -> str:
    """Return ``text`` without the spaces YAML puts between folded lines of Chinese."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def _is_empty(node: yaml.Node) -> bool:
    """Return whether a node is YAML's null (nothing after the colon, ``~`` or ``null``)."""
    return node.tag == "tag:yaml.org,2002:null"
