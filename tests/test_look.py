"""look: the deck's theme colours and logo become the site's palette, logo and favicon."""

from __future__ import annotations

import colorsys
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from decks import Picture, SlideSpec, Text, Title, build_deck, png, rewrite_parts
from deckdocs.cli import main
from deckdocs.look import (
    AA, DEFAULT_PRIMARY, LOGO_STEM, SLATE_BG, THEME_CSS, WHITE, contrast, deck_logo, look_files, readable,
    render_theme_css, site_colors, site_logo,
)
from deckdocs.model import ThemeColors
from deckdocs.read import read_deck

OFFICE_2007 = ThemeColors("000000", "FFFFFF", "1F497D", "EEECE1", "4F81BD", "C0504D", "9BBB59", "8064A2")
OFFICE_2013 = ThemeColors("000000", "FFFFFF", "44546A", "E7E6E6", "4472C4", "ED7D31", "A5A5A5", "FFC000")


def hue(colour: str) -> float:
    return colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)))[0]


def test_contrast_is_the_wcag_ratio():
    assert contrast("FFFFFF", "000000") == pytest.approx(21)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour, background", [("FFC000", WHITE), ("4F81BD", WHITE), ("1F497D", SLATE_BG),
                                                ("C0504D", SLATE_BG), ("000000", SLATE_BG)])
def test_readable_keeps_the_hue_and_reaches_aa(colour, background):
    adjusted = readable(colour, background)
    assert contrast(adjusted, background) >= AA
    if colour != "000000":
        assert hue(adjusted) == pytest.approx(hue(colour), abs=0.02)


def test_a_navy_dk2_is_the_primary_and_accent1_the_accent_each_readable_where_used():
    colors = site_colors(OFFICE_2007)
    assert colors.primary == "1F497D" and colors.source == "theme"  # already 9:1 under white text
    assert hue(colors.accent) == pytest.approx(hue("4F81BD"), abs=0.02)
    for text, background in ((WHITE, colors.primary), (colors.accent, WHITE), (colors.link_dark, SLATE_BG),
                             (colors.accent_dark, SLATE_BG), (WHITE, colors.primary_light)):
        assert contrast(text, background) >= AA


def test_a_grey_dk2_gives_way_to_accent1_and_accent2():
    colors = site_colors(OFFICE_2013)
    assert hue(colors.primary) == pytest.approx(hue("4472C4"), abs=0.02)
    assert hue(colors.accent) == pytest.approx(hue("ED7D31"), abs=0.02)
    assert contrast(WHITE, colors.primary) >= AA and contrast(colors.accent, WHITE) >= AA


def test_no_theme_keeps_materials_indigo():
    colors = site_colors(None)
    assert colors.source == "default" and colors.primary == readable(DEFAULT_PRIMARY, WHITE)


def test_the_stylesheet_sets_materials_custom_palettes_for_light_and_dark():
    colors = site_colors(OFFICE_2007)
    css = render_theme_css(colors)
    assert "[data-md-color-primary=custom] {" in css and "[data-md-color-accent=custom] {" in css
    assert f"--md-primary-fg-color: #{colors.primary};" in css
    assert f"[data-md-color-scheme=slate][data-md-color-primary=custom] {{\n  --md-typeset-a-color: #{colors.link_dark};" in css
    assert css.isascii()


def test_the_theme_colours_are_read_from_the_decks_master(tmp_path):
    deck = build_deck(tmp_path / "plain.pptx", [SlideSpec([Title("一")])])
    assert read_deck(deck).theme.dk2 == "1F497D"  # python-pptx's template: Office's theme

    def recolour(name, data):
        if re.fullmatch(r"ppt/theme/theme\d+\.xml", name):
            return re.sub(rb'(<a:dk2>\s*<a:srgbClr val=")[0-9A-Fa-f]{6}', rb"\g<1>1f3a5f", data)
        return data
    theme = read_deck(rewrite_parts(deck, tmp_path / "navy.pptx", recolour)).theme
    assert theme.dk2 == "1F3A5F" and theme.dk1 == "000000"  # a sysClr gives its last colour


def test_a_deck_whose_theme_cannot_be_read_keeps_the_default_look(tmp_path):
    deck = build_deck(tmp_path / "plain.pptx", [SlideSpec([Title("一")])])
    broken = rewrite_parts(deck, tmp_path / "broken.pptx",
                           lambda name, data: b"<not xml" if re.fullmatch(r"ppt/theme/theme\d+\.xml", name) else data)
    assert read_deck(broken).theme is None
    css = look_files(read_deck(broken))[0]
    assert css.path == THEME_CSS and b"Material's indigo" in css.content


def logo_deck(path, slides=4):
    logo, photo = png(rgb=(30, 60, 120)), png(16, 16, rgb=(200, 30, 30))
    specs = [SlideSpec([Title(f"第{n}页"), Text(1, 2, 8, 1, "正文。"), Picture(12, 0.3, 0.6, 0.6, logo)])
             for n in range(1, slides + 1)]
    specs[1].shapes.append(Picture(2, 3, 4, 3, photo, description="照片"))
    return build_deck(path, specs), logo


def test_the_picture_repeated_on_many_slides_is_the_logo_and_favicon(tmp_path):
    deck, logo = logo_deck(tmp_path / "logo.pptx")
    files = {f.path: f.content for f in look_files(read_deck(deck))}
    assert files[f"{LOGO_STEM}.png"] == logo
    assert deck_logo(read_deck(build_deck(tmp_path / "none.pptx", [SlideSpec([Title("一")])]))) is None


def test_a_background_picture_on_every_slide_is_not_a_logo(tmp_path):
    background = png(32, 18, rgb=(240, 240, 240))
    deck = build_deck(tmp_path / "bg.pptx", [SlideSpec([Picture(0, 0, 13.333, 7.5, background), Title(f"第{n}页")])
                                             for n in range(1, 5)])
    assert deck_logo(read_deck(deck)) is None
    assert [f.path for f in look_files(read_deck(deck))] == [THEME_CSS]


def test_the_plugin_uses_the_generated_logo_and_the_footer_is_chinese(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "source_slides").mkdir(parents=True)
    logo_deck(root / "source_slides" / "course.pptx")
    monkeypatch.chdir(root)
    assert main(["extract"]) == 0
    assert site_logo(root / "docs") == f"{LOGO_STEM}.png"
    (root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: 课程
        theme: {name: material, language: zh, font: false, palette: {primary: custom, accent: custom}}
        plugins: [deckdocs]
        """), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="icon" href="{LOGO_STEM}.png">' in html
    assert re.search(rf'class="md-header__button md-logo"[^>]*>\s*<img src="{LOGO_STEM}.png"', html)
    assert f'href="{THEME_CSS}"' in html and 'data-md-color-primary="custom"' in html
    assert "Made with" not in html and "本站根据培训课件生成" in html
