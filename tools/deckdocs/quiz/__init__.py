"""Quizzes: questions generated from each slide's items plus the editors' questions in the
speaker notes, rendered for mkdocs-quiz (``<quiz>`` blocks). Pure: no IO.

``model`` holds the value objects, ``material`` and ``text`` what generation compares,
``draft`` what a question is drafted as, ``generate``, ``cases`` and ``terms`` make questions, ``bank`` gathers them into chapter quizzes and the 综合测验,
``render`` writes markdown, ``notes`` reads editors' questions from the speaker notes.
"""

from deckdocs.quiz.bank import build_question_bank
from deckdocs.quiz.model import ChapterQuiz, Option, Question, QuestionBank, Source
from deckdocs.quiz.notes import strip_questions
from deckdocs.quiz.render import PAGE_META, render_chapter_quiz, render_final_quiz, render_question

__all__ = [
    "ChapterQuiz", "Option", "Question", "QuestionBank", "Source", "build_question_bank",
    "render_chapter_quiz", "render_final_quiz", "render_question", "strip_questions", "PAGE_META",
]
