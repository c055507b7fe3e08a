"""The MkDocs adapter: wires MkDocs events to deckdocs functions, and nothing more.

Enabled in deckdocs' embedded config (``site/mkdocs.default.yml``) as ``- deckdocs``. Each hook
calls a pure function of a capability module (glossary, search …) so that tests can call those
directly. The site's own CSS, scripts and templates ship in the package and are added here, as
Material's own plugins add theirs: a project needs no files of its own (deckdocs.site.shipped).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from deckdocs.site import progress, search, shipped
from deckdocs.errors import GlossaryError
from deckdocs.messages import _
from deckdocs.glossary.terms_data import TermLinks
from deckdocs.look import site_logo
from deckdocs.site.nav import title_course_sections
from deckdocs.site.handout import drop_handout_link
from deckdocs.site.search import quiet_jieba
from deckdocs.site.search_words import SynonymsError
from deckdocs.site.termlinks import link_page_terms, load_term_links
from deckdocs.site.watch import DeckWatcher

log = logging.getLogger("mkdocs.plugins.deckdocs")
PROGRESS_SCRIPT = Path(__file__).parent / "assets" / "deckdocs-quiz.js"  # inlined on quiz and home pages
QUIZ_TRANSLATIONS = Path(__file__).parent / "assets" / "mkdocs-quiz.zh.po"  # the quiz UI in Chinese forms


class DeckdocsConfig(Config):
    source = opt.Type(str, default="source_slides")  # folder of decks, relative to mkdocs.yml
    extract_on_serve = opt.Type(bool, default=True)
    search = opt.Choice(("deckdocs", "material"), default="deckdocs")  # engine behind the search box
    handout = opt.Type(bool, default=False)  # the build prints site/course.pdf: link it (deckdocs build sets it)


class DeckdocsPlugin(BasePlugin[DeckdocsConfig]):
    def __init__(self):
        super().__init__()
        self._slides: dict[str, dict[str, int]] = {}  # page url → heading id → slide; kept across serve rebuilds
        self._term_links = TermLinks()  # the glossary's terms, read again on every build
        self._quiz_keys: dict[str, tuple[str, ...]] = {}  # page src → its questions' keys (deckdocs.site.progress)
        self._watcher: DeckWatcher | None = None  # while serving: re-extracts saved decks (deckdocs.site.watch)

    @event_priority(100)  # before the offline plugin adds a CDN copy of the worker shim unless one is listed
    def on_config(self, config):
        """Find the decks; add the shipped CSS, scripts and templates; use the deck's logo (written
        by extract) as logo and favicon; give mkdocs-quiz deckdocs' Chinese strings."""
        shipped.add_to_config(config, Path(config.docs_dir))
        # deckdocs serve without a mkdocs.yml has no config file: the project is the working folder
        self._root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        self._progress_script = PROGRESS_SCRIPT.read_text(encoding="utf-8")
        self._source = self._root / self.config.source
        logo = site_logo(Path(config.docs_dir))
        if logo and not config.theme.get("logo"):
            config.theme["logo"] = logo
            config.theme["favicon"] = logo
        quiet_jieba(verbose=bool(os.environ.get("DECKDOCS_VERBOSE")) or log.isEnabledFor(logging.DEBUG))
        quiz = config.plugins.get("mkdocs_quiz")
        if quiz is not None:  # mkdocs-quiz's own translation mechanism; a site's own file wins
            quiz.config["custom_translations"] = {"zh": str(QUIZ_TRANSLATIONS), **quiz.config["custom_translations"]}
        return config

    def on_serve(self, server, config, builder):
        """Watch the decks: a saved deck is re-extracted into docs/, whose change MkDocs rebuilds."""
        if self.config.extract_on_serve and self._source.is_dir() and self._watcher is None:
            from deckdocs.snapshot import find_soffice

            self._watcher = DeckWatcher(self._source, Path(config.docs_dir), soffice=find_soffice())
            self._watcher.start()
        return server

    # A build and an extract of a saved deck take turns (deckdocs.site.watch).
    def on_pre_build(self, config):
        if self._watcher:
            self._watcher.build_started()

    def on_build_error(self, error):
        if self._watcher:
            self._watcher.build_ended()

    @event_priority(-200)  # after every other plugin's post-build work
    def _build_done(self, config):
        if self._watcher:
            self._watcher.build_ended()

    def on_shutdown(self):
        if self._watcher:
            self._watcher.stop()
            self._watcher = None

    # ---------------------------------------------------------------- search (deckdocs.site.search)

    def _searching(self, config) -> bool:
        return self.config.search == "deckdocs" and "material/search" in config.plugins

    def on_files(self, files, config):
        """Ship the CSS, scripts and search worker; read the glossary's terms for linking
        (deckdocs.site.termlinks)."""
        for uri, source in shipped.site_files(searching=self._searching(config)):
            if files.get_file_from_path(uri) is None:  # a project's own copy in docs/ wins
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        try:
            self._term_links = load_term_links(Path(config.docs_dir), files)
        except GlossaryError as exc:
            raise PluginError(str(exc)) from None
        return files

    def on_nav(self, nav, config, files):
        """With several decks, name each course's nav section after the course."""
        return title_course_sections(nav)

    def on_env(self, env, config, files):
        """Point the theme's search at the deckdocs worker."""
        if self._searching(config):
            env.filters["url"] = search.redirect_worker(env.filters["url"])
        return env

    @event_priority(50)  # before mkdocs-quiz turns the <quiz> blocks into placeholders
    def on_page_markdown(self, markdown, page, config, files):
        """Key every question by its content (deckdocs.site.progress)."""
        self._quiz_keys[page.file.src_uri] = progress.question_keys(markdown) if "<quiz>" in markdown else ()
        return markdown

    def _link_terms(self, html, page, config, files):
        """Link glossary terms in chapter pages; note which slide each heading comes from; drop the
        handout's link from a build without the handout."""
        html = link_page_terms(html, self._term_links, page.file.src_uri, page.url)
        self._slides[page.url] = search.slide_numbers(html)
        if self._searching(config):
            html = search.exclude_labels(html)  # snippets show notes' content, not their label
        if not self.config.handout:
            html = drop_handout_link(html)  # no PDF in this build: no link to a 404
        return html

    @event_priority(-50)  # after mkdocs-quiz has rendered the questions and added its scripts
    def _key_quizzes(self, html, page, config, files):
        """Stamp each question with its key; load the progress script before mkdocs-quiz's."""
        keys = self._quiz_keys.get(page.file.src_uri, ())
        if not keys:
            return html
        tag = progress.script_tag(self._progress_script, page.file.src_uri)
        stamped = progress.insert_before_quiz_scripts(progress.stamp_quiz_keys(html, keys), tag)
        if stamped is None and progress.has_quizzes(html):
            raise PluginError(_("{page}: mkdocs-quiz's scripts were not found; saved quiz answers cannot be checked "
                                "(is the mkdocs_quiz plugin after deckdocs?)").format(page=page.file.src_uri))
        return html if stamped is None else stamped

    on_page_content = CombinedEvent(_link_terms, _key_quizzes)

    def on_page_context(self, context, page, config, nav):
        """Give the home page's progress boxes the keys of today's questions."""
        if page.content and progress.has_progress(page.content):
            tag = progress.script_tag(self._progress_script)
            page.content = progress.fill_progress(page.content, self._quiz_keys) + tag
        return context

    @event_priority(-50)  # after Material's search writes the index (0), before offline inlines it (-100)
    def _rewrite_search_index(self, config):
        """Rewrite the search index for the deckdocs worker."""
        if self._searching(config):
            terms = self._term_links.words  # the glossary's terms and aliases, without importing deckdocs.glossary
            links = self._term_links
            try:
                report = search.rewrite_search_index(Path(config.site_dir), self._slides, terms, source_dir=self._source,
                                                     aliases=[t.words for t in links.terms if t.aliases],
                                                     glossary_url=links.glossary_url)
            except SynonymsError as exc:
                raise PluginError(str(exc)) from None
            if report:
                log.info("search: %d sections, %d words, %d dictionary terms, %d bytes",
                         report.sections, report.words, report.dictionary_terms, report.index_bytes)

    on_post_build = CombinedEvent(_rewrite_search_index, _build_done)
