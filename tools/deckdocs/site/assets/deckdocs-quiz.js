/* deckdocs: saved quiz answers that never lie (deckdocs/progress.py explains the keys).
 *
 * The plugin inlines this file just before mkdocs-quiz's scripts, followed by
 * deckdocsQuiz("<page id>") on a quiz page or deckdocsQuiz("") on a page with progress boxes.
 * Inline, because Material's instant navigation runs a page's inline scripts at once but waits
 * for an external one, which would let mkdocs-quiz start first.
 *
 * On a quiz page it runs just before mkdocs-quiz. mkdocs-quiz saves answers by
 * question position and option index under "quiz_progress_" + the page's path; here the
 * record is kept instead under "deckdocs-quiz:" + the page's id, one entry per question key
 * (a hash of the question's source, stamped on the page as data-deckdocs-key), compact because
 * the SCORM adapter carries it in suspend_data (4,096 characters in SCORM 1.2):
 *   key=<1 if right else 0><answer>,<answer>…;key=…
 * where an answer is a 4-character hash of the chosen option's text, or the text typed in a
 * blank, URI-encoded.
 * Before mkdocs-quiz starts, the answers of questions that are still on the page, unchanged,
 * are handed to it (with rightness worked out again from the page); answers to questions that
 * changed or went are dropped. Whenever mkdocs-quiz saves, its entry is folded back into the
 * record. mkdocs-quiz's own entry stays beside the record (the SCORM adapter scores and packs
 * it), rewritten from the record on every visit; an entry without a record (saved before this
 * script, or carried without it) cannot be checked and is dropped, never shown.
 *
 * On a page with progress boxes ([data-quiz-keys], the course home) it shows, per box, how
 * many of today's questions have a saved answer and how many of those are right.
 */
window.deckdocsQuiz = function (page) {
  "use strict";

  var PREFIX = "deckdocs-quiz:";

  function load(key) {
    try {
      var value = JSON.parse(localStorage.getItem(key) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) {
      return {};
    }
  }

  function store(key, value) {
    try {
      if (Object.keys(value).length) {
        localStorage.setItem(key, JSON.stringify(value));
      } else {
        localStorage.removeItem(key);
      }
    } catch (e) {
      // storage disabled or full: answers simply are not kept
    }
  }

  // A page's record: {key: [1 or 0, answer …]} ⇄ "key=1ab3d,x9k2;key=0…".
  function loadRecord(key) {
    var record = {};
    var text;
    try {
      text = localStorage.getItem(key) || "";
    } catch (e) {
      return record;
    }
    text.split(";").forEach(function (entry) {
      var match = /^([0-9a-f]+(?:-\d+)?)=([01])(.*)$/.exec(entry);
      if (!match) return;
      try {
        var answers = match[3].split(",").map(decodeURIComponent); // "" is one empty blank
        record[match[1]] = [Number(match[2])].concat(answers);
      } catch (e) {
        // a damaged entry: that question starts fresh
      }
    });
    return record;
  }

  function storeRecord(key, record) {
    var text = Object.keys(record)
      .sort()
      .map(function (k) {
        return k + "=" + record[k][0] + record[k].slice(1).map(encodeURIComponent).join(",");
      })
      .join(";");
    try {
      if (text) {
        localStorage.setItem(key, text);
      } else {
        localStorage.removeItem(key);
      }
    } catch (e) {
      // storage disabled or full: answers simply are not kept
    }
  }

  function normalize(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  function textHash(text) {
    var h = 0x811c9dc5; // FNV-1a, 32 bits
    text = normalize(text);
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return ("000" + (h >>> 0).toString(36)).slice(-4);
  }

  function isFillBlank(quiz) {
    return quiz.getAttribute("data-quiz-type") === "fill-blank";
  }

  function options(quiz) {
    return Array.prototype.slice.call(quiz.querySelectorAll('fieldset input[name="answer"]'));
  }

  function blanks(quiz) {
    return Array.prototype.slice.call(quiz.querySelectorAll("input.quiz-blank-input"));
  }

  function optionHash(input) {
    var label = input.parentElement && input.parentElement.querySelector("label");
    return textHash(label ? label.textContent : "");
  }

  // mkdocs-quiz compares a blank's answer trimmed and lower-cased.
  function sameBlank(typed, answer) {
    return String(typed).trim().toLowerCase() === String(answer || "").trim().toLowerCase();
  }

  // A saved record → mkdocs-quiz's entry for ``quiz``; null when it no longer fits.
  function toEntry(quiz, record) {
    if (!Array.isArray(record) || record.length < 2) return null;
    var answers = record.slice(1);
    if (isFillBlank(quiz)) {
      var inputs = blanks(quiz);
      if (inputs.length !== answers.length) return null;
      var right = inputs.every(function (input, i) {
        return sameBlank(answers[i], input.getAttribute("data-answer"));
      });
      return { answered: true, correct: right, selectedValues: answers.map(String) };
    }
    var chosen = [];
    var allRight = true;
    options(quiz).forEach(function (input) {
      var picked = answers.indexOf(optionHash(input)) >= 0;
      if (picked) chosen.push(input.value);
      if (picked !== input.hasAttribute("data-correct")) allRight = false;
    });
    if (!chosen.length || chosen.length !== answers.length) return null;
    return { answered: true, correct: allRight, selectedValues: chosen };
  }

  // mkdocs-quiz's entry → the compact record.
  function toRecord(quiz, entry) {
    if (!entry || !entry.answered || !Array.isArray(entry.selectedValues)) return null;
    var answers;
    if (isFillBlank(quiz)) {
      answers = entry.selectedValues.map(String);
    } else {
      var byValue = {};
      options(quiz).forEach(function (input) {
        byValue[input.value] = optionHash(input);
      });
      answers = entry.selectedValues
        .map(function (value) {
          return byValue[value];
        })
        .filter(Boolean);
    }
    return answers.length ? [entry.correct ? 1 : 0].concat(answers) : null;
  }

  // Chinese forms for the brackets mkdocs-quiz writes into its progress boxes itself
  // (its words come from the translation file, these characters do not).
  function chineseBrackets(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (/[()]/.test(node.nodeValue)) node.nodeValue = node.nodeValue.replace(/\s*\(/g, "（").replace(/\)/g, "）");
    }
  }

  // mkdocs-quiz writes "(empty)" for a blank left empty without passing it through its
  // translations when a fill-in answer is submitted (it does when restoring one).
  function emptyBlanksInChinese() {
    var empty = (window.mkdocsQuizTranslations || {})["(empty)"];
    if (!empty) return;
    document.querySelectorAll(".quiz-feedback del").forEach(function (del) {
      if (del.textContent === "(empty)") del.textContent = empty;
    });
  }

  function setUpQuizPage(page) {
    var quizzes = Array.prototype.slice.call(document.querySelectorAll(".quiz[data-deckdocs-key]"));
    if (!quizzes.length) return;
    var recordKey = PREFIX + page;
    var quizKey = "quiz_progress_" + location.pathname; // mkdocs-quiz's own key
    var path = location.pathname;

    var saved = loadRecord(recordKey);
    var kept = {};
    var entries = {};
    quizzes.forEach(function (quiz) {
      var key = quiz.getAttribute("data-deckdocs-key");
      var entry = saved[key] && toEntry(quiz, saved[key]);
      if (entry) {
        entries[quiz.id] = entry;
        kept[key] = toRecord(quiz, entry);
      }
    });
    storeRecord(recordKey, kept);
    store(quizKey, entries); // none: no entry, which mkdocs-quiz reads as no answers

    function fold() {
      if (location.pathname !== path || !quizzes[0].isConnected) return; // another page's quizzes
      emptyBlanksInChinese();
      var current = load(quizKey);
      var record = {};
      quizzes.forEach(function (quiz) {
        var value = toRecord(quiz, current[quiz.id]);
        if (value) record[quiz.getAttribute("data-deckdocs-key")] = value;
      });
      storeRecord(recordKey, record);
    }
    if (window.__deckdocsQuizFold) window.removeEventListener("quizProgressUpdate", window.__deckdocsQuizFold);
    window.__deckdocsQuizFold = fold;
    window.addEventListener("quizProgressUpdate", fold); // sent by mkdocs-quiz after every save

    ["quiz-progress-sidebar", "quiz-progress-mobile", "quiz-results"].forEach(function (id) {
      var box = document.getElementById(id);
      if (box) chineseBrackets(box);
    });
  }

  function showProgress() {
    document.querySelectorAll("[data-quiz-keys]").forEach(function (box) {
      var pages;
      try {
        pages = JSON.parse(box.getAttribute("data-quiz-keys"));
      } catch (e) {
        return;
      }
      var total = 0;
      var answered = 0;
      var right = 0;
      Object.keys(pages).forEach(function (page) {
        var saved = loadRecord(PREFIX + page);
        pages[page].forEach(function (key) {
          total += 1;
          if (Array.isArray(saved[key])) {
            answered += 1;
            if (saved[key][0] === 1) right += 1;
          }
        });
      });
      if (!answered) {
        box.hidden = true;
        return;
      }
      box.textContent =
        answered === total
          ? "已全部作答，答对 " + right + "／" + total + " 题"
          : "已答 " + answered + "／" + total + " 题，答对 " + right + " 题";
      box.hidden = false;
    });
  }

  if (page) setUpQuizPage(page);
  showProgress();
};
