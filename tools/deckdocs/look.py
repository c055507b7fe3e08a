"""The deck's own look on the site: colours from its theme, its logo as logo and favicon.

Extract time (pure): :func:`site_colors` picks the primary and accent colours from the deck's
theme colours (:class:`~deckdocs.model.ThemeColors`) and makes them readable (WCAG AA, 4.5:1)
wherever Material puts text on them or them on a background, in light and dark;
:func:`render_theme_css` writes them as Material's ``custom`` palette variables;
:func:`deck_logo` finds the logo (the picture repeated on many slides, which arrange drops as a
decoration). :func:`look_files` returns both as generated files for ``docs/``.

Site time: :func:`site_logo` tells the plugin which generated logo to use as logo and favicon.
"""

from __future__ import annotations

import colorsys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from deckdocs.arrange import deck_context
from deckdocs.model import Deck, Image, OutputFile, ThemeColors, leaf_shapes

THEME_CSS = "stylesheets/deck-theme.css"  # listed in mkdocs.yml's extra_css
LOGO_STEM = "assets/deck-logo"  # + the picture's extension
AA = 4.5  # WCAG AA for normal text
WHITE = "FFFFFF"
SLATE_BG = "1E2029"  # Material's slate background, hsla(232, 15%, 14%)
# Material's own indigo, for a deck without a theme.
DEFAULT_PRIMARY, DEFAULT_ACCENT = "4051B5", "526CFE"
LOGO_MAX_SHARE = 0.05  # of the slide's area: a logo is small; a repeated full-slide picture is a background
MIN_SATURATION = 0.25  # below this a theme colour is a grey, not the deck's colour


@dataclass(frozen=True)
class SiteColors:
    """The site's palette, every value ``RRGGBB``, each already readable where it is used."""

    primary: str  # header background (white text on it), links in light mode
    primary_light: str
    primary_dark: str
    accent: str  # link hover and focus in light mode (on white)
    link_dark: str  # links in dark mode (on slate)
    accent_dark: str  # hover and focus in dark mode (on slate)
    source: str = "theme"  # "theme", or "default" when the deck had no usable colours


def site_colors(theme: ThemeColors | None) -> SiteColors:
    """Return the site's palette from the deck's theme colours.

    Primary: the theme's second dark colour (dk2, the deck's dark brand colour: navy in
    Office's theme) when it is a colour and not a grey, else accent1. Accent: accent1 when the
    primary is dk2, else accent2. Each is darkened or lightened, keeping its hue, just enough
    for 4.5:1 against what it meets.
    """
    primary, accent = _pick(theme)
    source = "theme" if primary else "default"
    primary = primary or DEFAULT_PRIMARY
    accent = accent or DEFAULT_ACCENT
    header = readable(primary, WHITE)
    return SiteColors(
        primary=header,
        primary_light=readable(_shift(header, +0.08), WHITE),
        primary_dark=_shift(header, -0.08),
        accent=readable(accent, WHITE),
        link_dark=readable(primary, SLATE_BG),
        accent_dark=readable(accent, SLATE_BG),
        source=source,
    )


def _pick(theme: ThemeColors | None) -> tuple[str, str]:
    if theme is None:
        return "", ""
    if _is_colour(theme.dk2):
        return theme.dk2, next((c for c in (theme.accent1, theme.accent2) if _is_colour(c)), "")
    colours = [c for c in (theme.accent1, theme.accent2, theme.accent3) if _is_colour(c)]
    return (colours[0], colours[1] if len(colours) > 1 else "") if colours else ("", "")


def _is_colour(hex_rgb: str) -> bool:
    if len(hex_rgb) != 6:
        return False
    _, lightness, saturation = colorsys.rgb_to_hls(*_rgb(hex_rgb))
    return saturation >= MIN_SATURATION and 0.08 < lightness < 0.92


# ---------------------------------------------------------------- contrast (WCAG 2)


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two ``RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, background: str, ratio: float = AA) -> str:
    """Return ``colour``, darkened on a light background or lightened on a dark one (same hue
    and saturation), until it reaches ``ratio`` against ``background``."""
    step = -0.01 if _luminance(background) > 0.18 else +0.01
    current = colour.upper()
    for _ in range(101):
        if contrast(current, background) >= ratio:
            return current
        current = _shift(current, step)
    return "000000" if step < 0 else WHITE


def _shift(colour: str, amount: float) -> str:
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    lightness = min(1.0, max(0.0, lightness + amount))
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, lightness, saturation))


def _rgb(hex_rgb: str) -> tuple[float, float, float]:
    return tuple(int(hex_rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(hex_rgb: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(hex_rgb))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# ---------------------------------------------------------------- the stylesheet


def render_theme_css(colors: SiteColors) -> str:
    """Return the stylesheet of Material's ``custom`` primary and accent palettes."""
    origin = "the deck's theme colours" if colors.source == "theme" else "Material's indigo (the deck has no theme colours)"
    return f"""\
/* Generated by deckdocs extract from {origin}: do not edit.
 * Material's palettes are `primary: custom` and `accent: custom` in mkdocs.yml. Every text
 * colour here reaches 4.5:1 (WCAG AA) against its background. */
[data-md-color-primary=custom] {{
  --md-primary-fg-color: #{colors.primary};
  --md-primary-fg-color--light: #{colors.primary_light};
  --md-primary-fg-color--dark: #{colors.primary_dark};
  --md-primary-bg-color: #FFFFFF;
  --md-primary-bg-color--light: #FFFFFFB3;
  --md-typeset-a-color: #{colors.primary};
}}
[data-md-color-accent=custom] {{
  --md-accent-fg-color: #{colors.accent};
  --md-accent-fg-color--transparent: #{colors.accent}1A;
  --md-accent-bg-color: #FFFFFF;
  --md-accent-bg-color--light: #FFFFFFB3;
}}
[data-md-color-scheme=slate][data-md-color-primary=custom] {{
  --md-typeset-a-color: #{colors.link_dark};
}}
[data-md-color-scheme=slate][data-md-color-accent=custom] {{
  --md-accent-fg-color: #{colors.accent_dark};
  --md-accent-fg-color--transparent: #{colors.accent_dark}1A;
  --md-accent-bg-color: #{SLATE_BG};
}}
"""


# ---------------------------------------------------------------- the logo


def deck_logo(deck: Deck) -> Image | None:
    """Return the deck's logo: of the small pictures arrange drops as repeated (a logo), the
    one on the most slides; ``None`` when there is none. A repeated picture that covers much
    of the slide is a background, not a logo."""
    repeated = deck_context(deck).repeated_images
    largest = LOGO_MAX_SHARE * deck.slide_width_emu * deck.slide_height_emu
    counts: Counter[str] = Counter()
    images: dict[str, Image] = {}
    for slide in deck.slides:
        seen = {s.image.sha1: s.image for s in leaf_shapes(slide.shapes)
                if s.image is not None and s.image.sha1 in repeated and s.box.area_emu2 <= largest}
        counts.update(seen.keys())
        images.update(seen)
    ranked = sorted((-n, sha) for sha, n in counts.items())
    return images[ranked[0][1]] if ranked else None


def look_files(deck: Deck | None) -> tuple[OutputFile, ...]:
    """Return the theme stylesheet and, when the deck has one, its logo, as files for ``docs/``."""
    theme = deck.theme if deck is not None else None
    name = deck.name if deck is not None else ""
    files = [OutputFile(THEME_CSS, render_theme_css(site_colors(theme)).encode(), (), name)]
    logo = deck_logo(deck) if deck is not None else None
    if logo is not None:
        files.append(OutputFile(f"{LOGO_STEM}.{logo.ext}", logo.data, (), name))
    return tuple(files)


def site_logo(docs_dir: Path) -> str | None:
    """Return the docs-relative path of the generated logo, if extract wrote one."""
    folder = docs_dir / Path(LOGO_STEM).parent
    found = sorted(folder.glob(Path(LOGO_STEM).name + ".*")) if folder.is_dir() else []
    return f"{Path(LOGO_STEM).parent.as_posix()}/{found[0].name}" if found else None
