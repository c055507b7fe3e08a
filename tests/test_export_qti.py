"""`deckdocs export-qti`: the question bank as a QTI package an LMS can import."""

from __future__ import annotations

import zipfile

from lxml import etree

from deckdocs.cli import main


def test_export_qti_writes_a_well_formed_package_with_every_question(tmp_path, course_deck, capsys):
    out = tmp_path / "bank.zip"
    assert main(["export-qti", str(course_deck), "--out", str(out)]) == 0
    reported = int(capsys.readouterr().out.split("deckdocs: ")[1].split(" ")[0])
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        assert "imsmanifest.xml" in names
        items = [n for n in names if n.startswith("items/") and n.endswith(".xml")]
        # the whole bank, more than the pages show (only questions with two same-kind distractors are made)
        assert len(items) == reported >= 40
        for name in names:
            if name.endswith(".xml"):
                etree.fromstring(package.read(name))  # raises on malformed XML
        texts = b"".join(package.read(n) for n in items).decode("utf-8")
    assert "微粒贷由哪家银行提供" in texts  # an editor's question from the speaker notes


def test_export_qti_on_a_broken_deck_is_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"not a deck")
    assert main(["export-qti", str(bad), "--out", str(tmp_path / "x.zip")]) == 2
    assert "bad.pptx" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()
