"""Where the statements come from: a learning record store, or a JSON file of them.

Also the quiz.yml ids: an answered statement names its question by content key and stem; the
question bank of the decks (when they are at hand) gives the id an editor writes in quiz.yml.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _, shown

PAGE_LIMIT = 1000  # statements per request; the LRS's ``more`` link gives the rest
TIMEOUT_S = 30


def read_statements(path: Path) -> tuple[dict, ...]:
    """Return the statements of a JSON file: a list, or an LRS answer ``{"statements": […]}``.

    Raises:
        DeckdocsError: the file is missing, not JSON, or holds something other than statements.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DeckdocsError(_("cannot read the statements file ({why})").format(why=exc.strerror), path=str(path),
                            hint=_("Give a JSON file of xAPI statements, e.g. one saved from the LRS.")) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        what = (_("not a JSON file at line {line}").format(line=exc.lineno) if isinstance(exc, json.JSONDecodeError)
                else _("not a JSON file"))
        raise DeckdocsError(what, path=str(path), hint=_("Give a JSON list of xAPI statements.")) from None
    return _checked(data.get("statements") if isinstance(data, dict) else data, str(path))


def fetch_statements(endpoint: str, user: str, password: str) -> tuple[dict, ...]:
    """Return every statement the LRS at ``endpoint`` (its xAPI root, …/xAPI/) gives this user.

    Raises:
        DeckdocsError: the LRS cannot be reached, refuses the user, or answers something else.
    """
    root = endpoint if endpoint.endswith("/") else endpoint + "/"
    headers = {"X-Experience-API-Version": "1.0.3"}
    if user or password:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    found: list = []
    url = root + "statements?" + urllib.parse.urlencode({"limit": PAGE_LIMIT})
    while url:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT_S) as answer:
                page = json.load(answer)
        except urllib.error.HTTPError as exc:
            hint = _("Check --user and --password.") if exc.code in (401, 403) else _("Check the --lrs address (…/xAPI/).")
            raise DeckdocsError(_("the LRS answered HTTP {code}").format(code=exc.code), path=url, hint=hint) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = shown(getattr(exc, "reason", exc))  # the network's words: one line
            raise DeckdocsError(_("cannot reach the LRS ({reason})").format(reason=reason), path=root,
                                hint=_("Check the --lrs address and that the LRS is running.")) from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise DeckdocsError(_("the LRS did not answer with JSON"), path=url,
                                hint=_("Give its xAPI root, e.g. https://lrs.example.com/xAPI/.")) from None
        if not isinstance(page, dict):
            raise DeckdocsError(_("the LRS answered something other than statements"), path=url,
                                hint=_("Give its xAPI root, e.g. https://lrs.example.com/xAPI/."))
        found += _checked(page.get("statements"), url)
        more = page.get("more")
        url = urllib.parse.urljoin(root, more) if more else ""
    return tuple(found)


def _checked(statements, where: str) -> tuple[dict, ...]:
    if not isinstance(statements, list):
        raise DeckdocsError(_("no list of statements"), path=where, hint=_("Give a JSON list of xAPI statements."))
    for number, statement in enumerate(statements, 1):
        if not (isinstance(statement, dict) and isinstance(statement.get("actor"), dict)
                and isinstance(statement.get("verb"), dict) and isinstance(statement.get("object"), dict)):
            raise DeckdocsError(_("statement {number} lacks an actor, a verb or an object").format(number=number),
                                path=where, hint=_("Give xAPI statements as the LRS stores them."))
    return tuple(statements)


def normal_stem(text: str) -> str:
    """Return a stem as compared between the bank and the page: no white space or markdown marks."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*_`\\")


def bank_ids(source: Path, docs: Path) -> dict[str, str]:
    """Return quiz.yml ids by stem (:func:`normal_stem`), from the decks in ``source``; empty
    when there are none (a report made away from the project still works, without ids)."""
    from deckdocs.pipeline import find_decks, question_bank
    from deckdocs.write import root_deck

    try:
        bank = question_bank(find_decks(source), root_deck(docs))
    except DeckdocsError:
        return {}
    ids: dict[str, str] = {}
    for question in bank.questions:
        for stem in (question.prompt, question.alternate):
            if stem:
                ids.setdefault(normal_stem(stem), question.key)
    return ids
