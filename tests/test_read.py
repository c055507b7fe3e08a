"""deckdocs.read on decks built with python-pptx: what it reads, and what it refuses with which message."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

import deckdocs.read.parts as parts
import deckdocs.read.shapes as shapes
from decks import (
    SHOW_TYPE, TEMPLATE_TYPE, Chart, Embedded, Group, Picture, SlideSpec, SmartArt, Table, Text, Title, Video,
    build_deck, empty_deck, png, retyped, rewrite_parts,
)
from deckdocs.errors import DeckReadError
from deckdocs.model import ShapeKind, leaf_shapes
from deckdocs.read import image_format, read_deck


def one_slide(tmp_path, *shapes, **kw):
    deck = read_deck(build_deck(tmp_path / "deck.pptx", [SlideSpec(list(shapes), **kw)]))
    return deck.slides[0]


def by_kind(slide, kind):
    return [s for s in leaf_shapes(slide.shapes) if s.kind is kind]


# ---------------------------------------------------------------- what is read


def test_text_in_groups_nested_four_deep_is_read_in_slide_coordinates(tmp_path):
    inner = Text(2, 3, 4, 1, "第四层的文字")
    slide = one_slide(tmp_path, Group([Group([Group([Group([inner], "g4")], "g3")], "g2")], "g1"))
    depth, shape = 0, slide.shapes[0]
    while shape.kind is ShapeKind.GROUP:
        depth, shape = depth + 1, shape.children[0]
    assert depth == 4 and shape.text == "第四层的文字"
    assert (shape.box.left_emu, shape.box.top_emu) == (Inches(2), Inches(3))


def test_table_cells_are_read_row_by_row(tmp_path):
    slide = one_slide(tmp_path, Table(1, 1, 6, 2, [["名称", "说明"], ["利率", "按日计息\n随借随还"]]))
    (table,) = by_kind(slide, ShapeKind.TABLE)
    assert table.table == (("名称", "说明"), ("利率", "按日计息\n随借随还"))


def test_smartart_text_comes_from_the_data_part_in_diagram_order_nested_by_level(tmp_path):
    slide = one_slide(tmp_path, SmartArt(1, 1, 8, 4, ["申请", ("审核", ["征信", "额度"]), "放款"]))
    (diagram,) = by_kind(slide, ShapeKind.DIAGRAM)
    assert [(p.level, p.text) for p in diagram.paragraphs] == [
        (0, "申请"), (0, "审核"), (1, "征信"), (1, "额度"), (0, "放款")]
    assert all(p.is_bullet for p in diagram.paragraphs)


def test_notes_and_hidden_slides_are_read(tmp_path):
    deck = read_deck(build_deck(tmp_path / "deck.pptx", [
        SlideSpec([Title("可见")], notes="讲者备注第一行\n第二行"),
        SlideSpec([Title("隐藏")], hidden=True)]))
    assert deck.slides[0].notes == "讲者备注第一行\n第二行" and not deck.slides[0].is_hidden
    assert deck.slides[1].is_hidden


def test_a_chart_gives_its_title_categories_and_series_even_for_3d_types(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([
        Chart(1, 1, 6, 4, ["一季度", "二季度"], {"放款额": [1.5, 2.0], "笔数": [3, 4]}, title="季度放款"),
        Chart(7, 1, 5, 4, ["甲", "乙"], {"份额": [0.25, 0.75]}, kind=XL_CHART_TYPE.PIE)])])
    # python-pptx can neither write nor plot a 3-D pie; the cached data reads the same.
    three_d = rewrite_parts(deck, tmp_path / "3d.pptx", lambda name, data: data.replace(b"c:pieChart>", b"c:pie3DChart>"))
    slide = read_deck(three_d).slides[0]
    first, second = (s.chart for s in by_kind(slide, ShapeKind.CHART))
    assert first.title == "季度放款" and first.categories == ("一季度", "二季度")
    assert first.series == (("放款额", ("1.5", "2")), ("笔数", ("3", "4")))
    assert second.categories == ("甲", "乙") and second.series == (("份额", ("0.25", "0.75")),)
    assert second.title == "份额"  # PowerPoint titles a one-series chart with its series' name


def test_videos_are_media_and_embedded_objects_are_ole(tmp_path):
    slide = one_slide(tmp_path, Video(1, 1, 4, 3, "产品介绍视频"), Embedded(6, 1, 1, 1))
    (video,) = by_kind(slide, ShapeKind.MEDIA)
    (ole,) = by_kind(slide, ShapeKind.OLE)
    assert video.name == "产品介绍视频" and ole.description == "Excel.Sheet.12"


def test_the_description_editors_set_in_the_deck_properties_is_read(tmp_path):
    path = build_deck(tmp_path / "deck.pptx", [SlideSpec([Text(1, 1, 4, 1, "封面")])])
    assert read_deck(path).description == ""  # python-pptx's own "generated using python-pptx" is not one
    prs = Presentation(str(path))
    prs.core_properties.subject = "面向新员工的产品入门课"
    prs.save(str(path))
    assert read_deck(path).description == "面向新员工的产品入门课"
    prs.core_properties.comments = "介绍微粒贷的产品、流程\n与风险。"
    prs.save(str(path))
    assert read_deck(path).description == "介绍微粒贷的产品、流程 与风险。"  # comments first, one line


def test_linked_and_missing_pictures_are_read_with_a_problem_instead_of_failing(tmp_path):
    slide = one_slide(tmp_path, Picture(1, 1, 3, 3, png(), linked=True),
                      Picture(5, 1, 3, 3, png(9, 9), missing=True), Text(1, 5, 6, 1, "图片旁的文字"))
    problems = sorted(s.problem for s in by_kind(slide, ShapeKind.PICTURE))
    assert problems == ["the picture is linked to an outside file, not embedded",
                        "the picture's image is missing from the deck"]
    assert by_kind(slide, ShapeKind.TEXT)[0].text == "图片旁的文字"


def test_a_picture_browsers_cannot_show_is_not_passed_on(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Picture(1, 1, 3, 3, png(), "示意图")])])
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    swapped = rewrite_parts(deck, tmp_path / "svg.pptx", lambda name, data: svg if name.startswith("ppt/media/") else data)
    (picture,) = by_kind(read_deck(swapped).slides[0], ShapeKind.PICTURE)
    assert picture.image is None and picture.problem == "the picture is in SVG format, which browsers cannot show"


@pytest.mark.parametrize("data, expected", [
    (png(), ("png", "PNG")), (b"\xff\xd8\xff\xe0....", ("jpg", "JPG")), (b"GIF89a...", ("gif", "GIF")),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", ("webp", "WEBP")), (b"\x01\x00\x00\x00" + bytes(36) + b" EMF", (None, "EMF")),
    (b"\xd7\xcd\xc6\x9a\x00\x00", (None, "WMF")), (b"<svg onload='x'>", (None, "SVG")), (b"<html>", (None, "unknown")),
])
def test_image_format_is_decided_by_the_bytes_not_the_name(data, expected):
    assert image_format(data) == expected


def test_one_shape_that_fails_keeps_its_text_and_the_slide_goes_on(tmp_path, monkeypatch):
    real = shapes.font_facts

    def failing(text_body):
        if "坏" in "".join(text_body.itertext()):
            raise ValueError("python-pptx choked")
        return real(text_body)

    monkeypatch.setattr(shapes, "font_facts", failing)
    slide = one_slide(tmp_path, Text(1, 1, 6, 1, "坏形状里的字", name="bad"), Text(1, 3, 6, 1, "好形状"))
    bad, good = slide.shapes
    assert (bad.text, bad.problem) == ("坏形状里的字", "unreadable shape (its XML is not laid out as PowerPoint writes it)")
    assert good.text == "好形状" and good.problem is None


def _edit_slide(deck, target, edit):
    """Copy ``deck`` to ``target`` with slide 1's XML passed through ``edit(root)``."""
    def change(name, data):
        if name != "ppt/slides/slide1.xml":
            return data
        root = etree.fromstring(data)
        edit(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rewrite_parts(deck, target, change)


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_alternate_content_is_read_from_its_fallback(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Text(1, 1, 6, 1, "墨迹的替代文字"), Text(1, 3, 6, 1, "普通")])])

    def wrap_first_shape(root):
        sp = root.find(".//" + qn("p:sp"))
        alternate = etree.Element(f"{{{MC}}}AlternateContent", nsmap={"mc": MC})
        etree.SubElement(alternate, f"{{{MC}}}Choice", Requires="p14")
        fallback = etree.SubElement(alternate, f"{{{MC}}}Fallback")
        sp.addprevious(alternate)
        fallback.append(sp)

    slide = read_deck(_edit_slide(deck, tmp_path / "ac.pptx", wrap_first_shape)).slides[0]
    assert sorted(s.text for s in slide.shapes) == ["墨迹的替代文字", "普通"]


def test_shapes_hidden_in_the_selection_pane_are_left_out(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Text(1, 1, 6, 1, "看不见"), Text(1, 3, 6, 1, "看得见")])])

    def hide_first(root):
        root.find(".//" + qn("p:sp")).find(".//" + qn("p:cNvPr")).set("hidden", "1")

    slide = read_deck(_edit_slide(deck, tmp_path / "hidden.pptx", hide_first)).slides[0]
    assert [s.text for s in slide.shapes] == ["看得见"]


def test_hyperlinks_keep_their_target_for_render_to_judge(tmp_path):
    slide = one_slide(tmp_path, Text(1, 1, 6, 1, "官网", href="https://www.webank.com/"),
                      Text(1, 3, 6, 1, "坏链接", href="javascript:alert(1)"))
    assert [s.paragraphs[0].runs[0].href for s in slide.shapes] == ["https://www.webank.com/", "javascript:alert(1)"]


def test_names_sections_and_alt_text_are_single_lines(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Picture(1, 1, 3, 3, png(), "第一行\n!!! danger")]),
                                               SlideSpec([Title("二")])],
                      sections=[("第一节\n# 不是标题", [1]), ("第二节", [2])])
    read_back = read_deck(deck)
    assert [s.name for s in read_back.sections] == ["第一节 # 不是标题", "第二节"]
    assert read_back.slides[0].shapes[0].description == "第一行 !!! danger"


# ---------------------------------------------------------------- package variants


@pytest.mark.parametrize("main_type, suffix", [(SHOW_TYPE, ".ppsx"), (TEMPLATE_TYPE, ".potx")])
def test_shows_and_templates_are_read_like_presentations(tmp_path, main_type, suffix):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Title("放映文件")])])
    variant = retyped(deck, tmp_path / f"deck{suffix}", main_type)
    with pytest.raises(Exception):
        Presentation(str(variant))  # python-pptx alone refuses it
    assert read_deck(variant).slides[0].shapes[0].text == "放映文件"


# ---------------------------------------------------------------- one slide in memory at a time


def test_a_long_deck_is_parsed_one_slide_and_its_notes_at_a_time(tmp_path, monkeypatch):
    count = 30
    path = build_deck(tmp_path / "long.pptx", [SlideSpec([Title(f"第{n}页")], notes=f"第{n}页的备注")
                                               for n in range(1, count + 1)])
    alive, most, parsed = [0], [0], []
    parse, release = parts.parse_xml, parts.LazyXmlPart.release

    def counting_parse(blob):
        parsed.append(blob)
        alive[0] += 1
        most[0] = max(most[0], alive[0])
        return parse(blob)

    def counting_release(part):
        alive[0] -= part._tree is not None
        release(part)

    monkeypatch.setattr(parts, "parse_xml", counting_parse)
    monkeypatch.setattr(parts.LazyXmlPart, "release", counting_release)
    deck = read_deck(path)
    assert [s.notes for s in deck.slides] == [f"第{n}页的备注" for n in range(1, count + 1)]
    assert len(parsed) == 2 * count  # every slide and every notes page, each parsed once …
    assert most[0] == 2 and alive[0] == 0  # … and let go before the next slide is parsed


def test_other_users_of_python_pptx_in_the_process_still_get_its_own_parts(tmp_path):
    from pptx.opc.package import PartFactory
    from pptx.parts.slide import SlidePart

    registry = dict(PartFactory.part_type_for)
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Title("第一页")], notes="备注")])
    read_deck(deck)
    with pytest.raises(DeckReadError):  # python-pptx fails while our parts are registered
        read_deck(rewrite_parts(deck, tmp_path / "bad.pptx",
                                lambda name, data: b"<p:presentation/>" if name == "ppt/presentation.xml" else data))
    assert PartFactory.part_type_for == registry
    slide = Presentation(str(deck)).slides[0]
    assert type(slide.part) is SlidePart and slide.shapes.title.text == "第一页"


def test_a_damaged_notes_page_no_slide_in_the_show_reaches_is_still_found(tmp_path):
    # python-pptx parsed every part on opening, so such a part was stubbed and named: it still is.
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Title("第一页")], notes="第一页的备注"),
                                               SlideSpec([Title("第二页")], notes="第二页的备注")])

    def change(name, data):
        if name == "ppt/presentation.xml":  # slide 2 leaves the show; its part stays in the package
            return re.sub(rb'<p:sldId id="257" r:id="[^"]+"/>', b"", data)
        return data.replace(b"</p:notes>", b"") if name == "ppt/notesSlides/notesSlide2.xml" else data

    read = read_deck(rewrite_parts(deck, tmp_path / "orphan.pptx", change))
    assert [s.notes for s in read.slides] == ["第一页的备注"]
    assert len(read.problems) == 1 and "notesSlide2.xml' is damaged (not well-formed XML" in read.problems[0]


def test_only_the_read_package_imports_python_pptx():
    package = Path(read_deck.__code__.co_filename).parents[1]
    importers = sorted(path.relative_to(package).as_posix() for path in package.rglob("*.py")
                       if re.search(r"^\s*(from|import) pptx\b", path.read_text(encoding="utf-8"), re.M))
    assert importers and all(name.startswith("read/") for name in importers), importers


# ---------------------------------------------------------------- what is refused


def refusal(path) -> str:
    with pytest.raises(DeckReadError) as caught:
        read_deck(path)
    return caught.value.message


def cfb(*streams: str, tail: bytes = b"") -> bytes:
    """Return bytes that start like an OLE compound file naming ``streams`` (enough for the check)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"".join(s.encode("utf-16-le") for s in streams) + tail


def a_deck_bytes(tmp_path) -> bytes:
    return build_deck(tmp_path / "ok.pptx", [SlideSpec([Title("好")])]).read_bytes()


def test_password_protected_decks_say_so(tmp_path):
    (tmp_path / "locked.pptx").write_bytes(cfb("EncryptionInfo", "EncryptedPackage"))
    assert "password-protected" in refusal(tmp_path / "locked.pptx")


def test_old_binary_ppt_is_named_even_when_it_carries_a_zip(tmp_path):
    (tmp_path / "old.pptx").write_bytes(cfb("PowerPoint Document", tail=a_deck_bytes(tmp_path)))
    message = refusal(tmp_path / "old.pptx")
    assert "old binary PowerPoint 97-2003 file (.ppt)" in message and "save it as .pptx" in message


def test_truncated_and_non_zip_files_are_called_damaged_or_not_pptx(tmp_path):
    data = a_deck_bytes(tmp_path)
    (tmp_path / "half.pptx").write_bytes(data[: len(data) // 2])
    (tmp_path / "text.pptx").write_text("这不是演示文稿", encoding="utf-8")
    (tmp_path / "zero.pptx").write_bytes(b"")
    assert "the file is damaged (truncated" in refusal(tmp_path / "half.pptx")
    assert "not a .pptx file (it is not a zip package)" in refusal(tmp_path / "text.pptx")
    assert "the file is empty" in refusal(tmp_path / "zero.pptx")


def test_strict_open_xml_is_refused_with_the_save_as_fix(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Title("严格")])])
    transitional = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strict = rewrite_parts(deck, tmp_path / "strict.pptx", lambda name, data: data.replace(
        transitional, b"http://purl.oclc.org/ooxml/officeDocument/relationships") if name.endswith(".rels") else data)
    message = refusal(strict)
    assert "Strict Open XML" in message and "Save As" in message


def test_a_word_file_renamed_to_pptx_is_not_a_presentation(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Override PartName="/word/document.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    (tmp_path / "doc.pptx").write_bytes(buffer.getvalue())
    assert "not a presentation" in refusal(tmp_path / "doc.pptx")


def test_a_deck_without_slides_says_so(tmp_path):
    assert "the deck has no slides" in refusal(empty_deck(tmp_path / "empty.pptx"))


def test_a_missing_file_says_it_cannot_be_read(tmp_path):
    assert "cannot read the file" in refusal(tmp_path / "nowhere.pptx")
