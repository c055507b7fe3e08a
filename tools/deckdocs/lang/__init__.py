"""What the Chinese-language libraries answer, cheaply: pypinyin's pinyin (``pinyin``) and
jieba's words and parts of speech (``segment``).

Both libraries take longer to load their dictionaries than deckdocs takes to read the course
deck, and a run asks them about a few titles, headings and terms. So their answers are
remembered in the project's cache (``memo``), and new questions are answered from a
machine-wide index of the libraries' own data (``index``) instead of loading it whole. The
answers are always the libraries' own.
"""
