"""Text bodies: paragraphs, runs, levels and the bullets they inherit."""

from __future__ import annotations

import re

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

from deckdocs.model import Paragraph, Run
from deckdocs.read.ooxml import (
    ALTERNATE, A_BR, A_DEF_RPR, A_END_PARA_RPR, A_HLINK_CLICK, A_LST_STYLE, A_P, A_PPR, A_R, A_RPR, A_T, NS,
    RUN_TAGS, R_ID,
)


def one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def read_paragraphs(frame, styles: tuple = ()) -> tuple[Paragraph, ...]:
    return read_body(frame._txBody, frame.part, styles)


def read_body(tx_body, part, styles: tuple = ()) -> tuple[Paragraph, ...]:
    """Return the paragraphs of a text body (``p:txBody``, ``a:txBody``) as python-pptx's
    ``TextFrame.paragraphs`` lists them, with their levels."""
    return tuple(read_paragraph(p, part, _level(p), styles) for p in tx_body.iterchildren(A_P))


def _level(p) -> int:
    ppr = p.find(A_PPR)
    if ppr is None:
        # python-pptx's paragraph.level adds an empty a:pPr, and the slide's look hashes the XML
        # as read: adding it here too keeps every look (and slide picture) the same.
        ppr = p.get_or_add_pPr()
    lvl = ppr.get("lvl")
    return int(lvl) if lvl is not None else 0  # python-pptx: int(), default 0


# A paragraph's bullet is the first of these found going up PowerPoint's inheritance chain.
_BULLET_TAGS = {qn("a:buNone"): "", qn("a:buChar"): "bullet", qn("a:buBlip"): "bullet", qn("a:buAutoNum"): "number"}
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_LEVEL_TAGS = tuple(qn(f"a:lvl{n}pPr") for n in range(1, 10))


def list_styles(tx_body, ph, part) -> tuple:
    """Return the list styles a shape's paragraphs inherit from, nearest first.

    PowerPoint resolves a paragraph's properties from the paragraph itself, then the shape's
    own ``a:lstStyle``, then (for a placeholder) the layout's placeholder of the same idx (else
    type), the master's placeholder of that type, and last the master's text styles
    (``p:titleStyle`` for titles, ``p:bodyStyle`` for every other placeholder). Text boxes
    inherit no bullets. Each entry holds ``a:lvl1pPr`` … ``a:lvl9pPr``. ``tx_body`` is the
    shape's ``p:txBody``, ``ph`` its ``p:ph`` (None: not a placeholder), ``part`` its slide's part.
    """
    styles = [tx_body.find(A_LST_STYLE)]
    if ph is not None:
        try:
            styles += _inherited_list_styles(ph, part)
        except Exception:  # a missing or damaged layout or master costs only inherited bullets
            pass
    return tuple(style for style in styles if style is not None)


def _inherited_list_styles(ph, part) -> list:
    ph_type, ph_idx = ph.get("type", "body"), ph.get("idx", "0")
    layout = part.slide_layout
    master = layout.slide_master
    base_type = "title" if ph_type in ("title", "ctrTitle") else ph_type
    if base_type not in ("title", "dt", "ftr", "sldNum", "hdr"):
        base_type = "body"  # the master has one body placeholder for every kind of content
    styles = []
    for tree, matches in ((layout._element, (lambda t, i: i == ph_idx, lambda t, i: t == ph_type)),
                          (master._element, (lambda t, i: t == base_type,))):
        placeholders = [(sp, sp_ph.get("type", "body"), sp_ph.get("idx", "0"))
                        for sp in tree.iter(qn("p:sp")) for sp_ph in sp.iter(qn("p:ph"))]
        for match in matches:
            found = next((sp for sp, t, i in placeholders if match(t, i)), None)
            if found is not None:
                styles.append(found.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"))
                break
    tx_styles = master._element.find(qn("p:txStyles"))
    if tx_styles is not None:
        styles.append(tx_styles.find(qn("p:titleStyle") if base_type == "title" else qn("p:bodyStyle")))
    return styles


def _bullet(ppr, styles: tuple, level: int) -> str:
    """Return "bullet", "number" or "" (none) for a paragraph at ``level`` (from 0)."""
    level_tag = _LEVEL_TAGS[min(level, 8)]
    for props in (ppr, *(style.find(level_tag) for style in styles)):
        if props is None:
            continue
        for child in props:
            if child.tag in _BULLET_TAGS:
                return _BULLET_TAGS[child.tag]
    return ""


def read_paragraph(p, part, level: int = 0, styles: tuple = ()) -> Paragraph:
    """Return one ``a:p`` as runs; ``part`` resolves hyperlinks (``None``: no links); ``styles``
    are the list styles it inherits bullets from (see :func:`list_styles`)."""
    runs = []
    for child in _run_elements(p):
        if child.tag == A_BR:
            runs.append(Run("\n"))
            continue
        text = "".join(t.text or "" for t in child.iter(A_T))
        rpr = child.find(A_RPR)
        runs.append(Run(_clean(text), _flag(rpr, "b"), _flag(rpr, "i"), _href(part, rpr)))
    bullet = _bullet(p.find(A_PPR), styles, level)
    return Paragraph(tuple(_merge(runs)), level, bool(bullet), bullet == "number")


def _run_elements(p):
    """Yield a paragraph's runs, fields and breaks, taking AlternateContent's fallback (equations)."""
    for child in p:
        if child.tag in RUN_TAGS:
            yield child
        elif child.tag == ALTERNATE:
            fallback = child.find("mc:Fallback", NS)
            if fallback is not None:
                yield from _run_elements(fallback)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")


def _clean(text: str) -> str:
    # PowerPoint stores a soft return typed in a run as a vertical tab.
    return _CONTROL.sub("", text.replace("\u000b", "\n").replace("\r\n", "\n").replace("\r", "\n"))


def _flag(rpr, name: str) -> bool:
    return rpr is not None and rpr.get(name) in ("1", "true")


def _href(part, rpr) -> str | None:
    """Return an external hyperlink's target; render decides which schemes are safe."""
    if rpr is None or part is None:
        return None
    click = rpr.find(A_HLINK_CLICK)
    rid = click.get(R_ID) if click is not None else None
    if not rid:
        return None
    try:
        rel = part.rels[rid]
    except KeyError:
        return None
    return rel.target_ref.strip() if rel.is_external else None


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of equal formatting (PowerPoint splits runs at every edit)."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last and run.text != "\n" and last.text != "\n" and \
                (last.is_bold, last.is_italic, last.href) == (run.is_bold, run.is_italic, run.href):
            merged[-1] = Run(last.text + run.text, last.is_bold, last.is_italic, last.href)
        else:
            merged.append(run)
    return merged


def salvaged_paragraphs(element) -> tuple[Paragraph, ...]:
    """Return the plain text of a shape python-pptx could not read, straight from its XML."""
    try:
        paragraphs = tuple(read_paragraph(p, None) for p in element.iter(A_P))
    except Exception:
        return ()
    return paragraphs if any(p.text.strip() for p in paragraphs) else ()


def font_facts(body) -> tuple[float | None, bool]:
    """Return the largest font size set on the text body's runs (pt) and whether all text is bold.

    Sizes come from the runs, the paragraphs' defaults and the shape's own list style; a size
    inherited from the layout or master is not resolved (``None``), except for titles.
    """
    sizes = [int(el.get("sz")) / 100 for tag in (A_RPR, A_DEF_RPR, A_END_PARA_RPR)
             for el in body.iter(tag) if (el.get("sz") or "").isdigit()]
    runs = [r for r in body.iter(A_R) if (r.findtext(A_T) or "").strip()]
    bold = bool(runs) and all(_flag(r.find(A_RPR), "b") for r in runs)
    return (max(sizes) if sizes else None), bold


def cell_text(cell) -> str:
    return "\n".join(p.text for p in read_paragraphs(cell.text_frame) if p.text.strip())
