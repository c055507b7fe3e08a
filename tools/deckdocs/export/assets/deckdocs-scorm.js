/*
 * deckdocs SCORM adapter: the course site inside an LMS (SCORM 1.2 or 2004). Shipped only in the
 * package `deckdocs export-scorm` writes; the hosted site never loads it.
 *
 * One file, two roles, chosen by the script tag's data-deckdocs-scorm attribute:
 *
 * - "launch", on deckdocs-scorm.html (the package's one SCO): finds the LMS's API as the
 *   standard says (API / API_1484_11 up the parent chain, then the opener's), initialises,
 *   restores the learner's saved answers (suspend_data) into localStorage, then shows the site in
 *   a frame at the saved location. It reports the location, the answers, the 综合测验's score and
 *   the status, commits on every answer and page, and finishes when the learner leaves. The
 *   session lives here, not in the pages, because SCORM allows one Initialize/Finish per launch
 *   while the site loads a new page for every chapter. Without an LMS it opens the plain site.
 * - "page", added to every page of the package: tells the launch page which page is shown and
 *   when a quiz was answered. Outside the launch page's frame it does nothing.
 *
 * Answers are mkdocs-quiz's localStorage entries ("quiz_progress_" + page path) and any entry
 * whose key starts with "deckdocs-"; in suspend_data page paths are relative to the package, so
 * they follow the learner to another LMS address or device.
 */
(function () {
  "use strict";

  var QUIZ_PREFIX = "quiz_progress_"; // mkdocs-quiz's key prefix (js/quiz.js), + location.pathname
  var OWN_PREFIX = "deckdocs-";
  var ROOT_MARK = "~/"; // the package root inside a saved key

  var script = document.currentScript;

  // ------------------------------------------------------------------ page role

  function reportToLaunchPage() {
    var host = null;
    try {
      if (window.parent !== window && window.parent.deckdocsScorm) host = window.parent.deckdocsScorm;
    } catch (e) {
      host = null; // framed by a page of another origin: not our launch page
    }
    if (!host) return;
    var shown = function () { host.pageShown(window.location.href); };
    shown();
    window.addEventListener("hashchange", shown);
    window.addEventListener("quizProgressUpdate", function () {
      setTimeout(host.answered, 0); // once every listener has saved (the progress record, deckdocs-quiz.js)
    });
    document.addEventListener("DOMContentLoaded", function () {
      // Material's instant navigation swaps pages without loading them.
      if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(shown);
    });
  }

  // ------------------------------------------------------------------ launch role

  var NAMES = {
    "1.2": {
      api: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish",
      location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", exit: "cmi.core.exit",
      time: "cmi.core.session_time", mastery: "cmi.student_data.mastery_score",
      locationMax: 255, suspendMax: 4096,
    },
    "2004": {
      api: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate",
      location: "cmi.location", suspend: "cmi.suspend_data", exit: "cmi.exit",
      time: "cmi.session_time", mastery: "cmi.scaled_passing_score",
      locationMax: 1000, suspendMax: 64000,
    },
  };

  function launch() {
    var config = JSON.parse(document.getElementById("deckdocs-scorm-config").textContent);
    var names = NAMES[config.version];
    var root = new URL(".", window.location.href);
    var api = findApi(names.api);
    if (!api || call(api, names.init, [""]) !== "true") {
      window.location.replace(new URL(config.start, root).href); // no LMS: the plain site
      return;
    }
    var rootPath = root.pathname;
    var started = Date.now();
    var sent = {};
    var finished = false;
    var frame = null;
    var mastery = readMastery(api, names, config.mastery);

    var saved = decodeSuspendData(call(api, names.get, [names.suspend]));
    clearAnswers(rootPath); // the LMS holds this learner's answers, not whoever used the browser before
    restoreAnswers(saved, rootPath);
    var opened = saved.o || [];
    var resume = call(api, names.get, [names.location]);
    var start = isPagePath(resume) ? resume : config.start;

    function set(element, value) {
      value = String(value);
      if (sent[element] === value) return false;
      sent[element] = value;
      call(api, names.set, [element, value]);
      return true;
    }

    function report() {
      var changed = set(names.suspend, encodeSuspendData(opened, rootPath, config, names.suspendMax));
      var score = finalScore(rootPath, config);
      var allOpened = config.chapters.every(function (_, i) { return opened.indexOf(i) >= 0; });
      var done = score.total > 0 && score.answered >= score.total;
      var passed = done && score.raw >= mastery;
      // The score only once the test is finished: with a mastery score an LMS may judge any
      // score it gets (SCORM 2004 must), and half a test is not a fail.
      if (config.version === "1.2") {
        if (done) {
          changed = set("cmi.core.score.min", 0) || changed;
          changed = set("cmi.core.score.max", 100) || changed;
          changed = set("cmi.core.score.raw", score.raw) || changed;
        }
        var status = done ? (passed ? "passed" : "failed") : allOpened ? "completed" : "incomplete";
        changed = set("cmi.core.lesson_status", status) || changed;
      } else {
        if (done) {
          changed = set("cmi.score.min", 0) || changed;
          changed = set("cmi.score.max", 100) || changed;
          changed = set("cmi.score.raw", score.raw) || changed;
          changed = set("cmi.score.scaled", score.raw / 100) || changed;
        }
        changed = set("cmi.completion_status", allOpened ? "completed" : "incomplete") || changed;
        changed = set("cmi.success_status", done ? (passed ? "passed" : "failed") : "unknown") || changed;
      }
      return changed;
    }

    function pageShown(href) {
      var path = pagePath(href, root.href);
      if (path === null || finished) return;
      if (path.length > names.locationMax) path = path.split("#")[0];
      var chapter = config.chapters.indexOf(path.split("#")[0]);
      if (chapter >= 0 && opened.indexOf(chapter) < 0) opened.push(chapter);
      var changed = set(names.location, path);
      if (report() || changed) call(api, names.commit, [""]);
    }

    function answered() {
      if (!finished && report()) call(api, names.commit, [""]);
    }

    function finish() {
      if (finished) return;
      try {
        if (frame && frame.contentWindow) pageShown(frame.contentWindow.location.href);
      } catch (e) { /* the frame shows a page of another site */ }
      finished = true;
      call(api, names.set, [names.exit, "suspend"]); // keep location and answers for the next launch
      call(api, names.set, [names.time, sessionTime(Date.now() - started, config.version)]);
      call(api, names.commit, [""]);
      call(api, names.finish, [""]);
    }

    window.deckdocsScorm = { pageShown: pageShown, answered: answered, finish: finish };
    report();
    call(api, names.commit, [""]);
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
    var show = function () {
      frame = document.createElement("iframe");
      frame.title = document.title;
      frame.src = new URL(start, root).href;
      document.body.appendChild(frame);
    };
    if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
  }

  // The standard's search: the window's parents, then the opener's (SCORM RTE, "API discovery").
  function findApi(name) {
    var candidates = [window];
    try { if (window.opener) candidates.push(window.opener); } catch (e) { /* closed or foreign */ }
    try { if (window.top && window.top.opener) candidates.push(window.top.opener); } catch (e) { /* foreign */ }
    for (var c = 0; c < candidates.length; c++) {
      var win = candidates[c];
      for (var hops = 0; win && hops < 500; hops++) {
        try {
          if (win[name]) return win[name];
        } catch (e) { /* a frame of another origin: keep climbing */ }
        if (win.parent === win) break;
        win = win.parent;
      }
    }
    return null;
  }

  function call(api, method, args) {
    try {
      var result = api[method].apply(api, args);
      return result === undefined || result === null ? "" : String(result);
    } catch (e) {
      return ""; // an LMS that throws must not break the course
    }
  }

  function readMastery(api, names, fallback) {
    var value = parseFloat(call(api, names.get, [names.mastery]));
    if (isNaN(value)) return fallback;
    return names.mastery === "cmi.scaled_passing_score" ? value * 100 : value;
  }

  function isPagePath(path) {
    return /^[A-Za-z0-9_.\-\/]+\.html(#[A-Za-z0-9_.\-%]*)?$/.test(path) && path.indexOf("..") < 0 && path.charAt(0) !== "/";
  }

  function pagePath(href, rootHref) {
    if (href.indexOf(rootHref) !== 0) return null;
    var path = href.slice(rootHref.length).split("?")[0];
    return isPagePath(path) ? path : null;
  }

  function finalScore(rootPath, config) {
    var answered = 0, correct = 0;
    config.finals.forEach(function (page) {
      var quizzes = readJson(localStorage.getItem(QUIZ_PREFIX + rootPath + page));
      for (var id in quizzes) {
        if (quizzes[id] && quizzes[id].answered) {
          answered++;
          if (quizzes[id].correct) correct++;
        }
      }
    });
    var total = config.questions;
    return { answered: answered, total: total, raw: total > 0 ? Math.round((100 * correct) / total) : 0 };
  }

  // ------------------------------------------------------------------ suspend_data
  // {"o":[chapters opened], "q":{page: answers}, "k":{key: value}}. A page's answers are
  // "3c1;4w0,2" (quiz-3 right with option 1; quiz-4 wrong with 0 and 2), or mkdocs-quiz's own
  // JSON when an entry does not fit that form. Over the limit, "deckdocs-" entries go first
  // (largest first), then chapter answers from the last chapter back; the 综合测验 and the
  // chapters opened stay.

  function ourKeys(rootPath) {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key.indexOf(QUIZ_PREFIX + rootPath) === 0 || key.indexOf(OWN_PREFIX) === 0) keys.push(key);
    }
    return keys.sort();
  }

  function clearAnswers(rootPath) {
    try {
      ourKeys(rootPath).forEach(function (key) {
        if (key.indexOf(QUIZ_PREFIX) === 0 || key.indexOf(rootPath) >= 0) localStorage.removeItem(key);
      });
    } catch (e) { /* storage disabled: quizzes then start empty, as on the plain site */ }
  }

  function encodeSuspendData(opened, rootPath, config, limit) {
    var data = { o: opened.slice().sort(function (a, b) { return a - b; }), q: {}, k: {} };
    var quizKey = QUIZ_PREFIX + rootPath;
    try {
      ourKeys(rootPath).forEach(function (key) {
        var value = localStorage.getItem(key);
        if (key.indexOf(quizKey) === 0) data.q[key.slice(quizKey.length)] = compactQuizzes(value);
        else data.k[key.replace(rootPath, ROOT_MARK)] = value;
      });
    } catch (e) { /* storage disabled */ }
    var text = JSON.stringify(data);
    var chapters = Object.keys(data.q).filter(function (p) { return config.finals.indexOf(p) < 0; });
    var own = Object.keys(data.k).sort(function (a, b) { return data.k[a].length - data.k[b].length; }); // largest last
    while (text.length > limit && (own.length || chapters.length)) {
      if (own.length) delete data.k[own.pop()];
      else delete data.q[chapters.pop()];
      text = JSON.stringify(data);
    }
    return text.length > limit ? JSON.stringify({ o: data.o, q: {}, k: {} }) : text;
  }

  function decodeSuspendData(text) {
    var data = readJson(text);
    return { o: Array.isArray(data.o) ? data.o.filter(isIndex) : [], q: data.q || {}, k: data.k || {} };
  }

  function restoreAnswers(saved, rootPath) {
    try {
      Object.keys(saved.q).forEach(function (page) {
        if (!isPagePath(page)) return;
        var quizzes = typeof saved.q[page] === "string" ? expandQuizzes(saved.q[page]) : saved.q[page];
        if (quizzes && typeof quizzes === "object") localStorage.setItem(QUIZ_PREFIX + rootPath + page, JSON.stringify(quizzes));
      });
      Object.keys(saved.k).forEach(function (key) {
        var value = saved.k[key];
        var name = key.replace(ROOT_MARK, rootPath);
        if (name.indexOf(OWN_PREFIX) === 0 && typeof value === "string") localStorage.setItem(name, value);
      });
    } catch (e) { /* storage disabled or full: the quizzes start empty */ }
  }

  function compactQuizzes(value) {
    var quizzes = readJson(value);
    var parts = [];
    var ids = Object.keys(quizzes);
    for (var i = 0; i < ids.length; i++) {
      var match = /^quiz-(\d+)$/.exec(ids[i]);
      var entry = quizzes[ids[i]];
      var fits = match && entry && entry.answered === true && typeof entry.correct === "boolean" &&
        Array.isArray(entry.selectedValues) && Object.keys(entry).length === 3 &&
        entry.selectedValues.every(function (v) { return /^\d+$/.test(v); });
      if (!fits) return quizzes;
      parts.push(match[1] + (entry.correct ? "c" : "w") + entry.selectedValues.join(","));
    }
    return parts.join(";");
  }

  function expandQuizzes(text) {
    var quizzes = {};
    text.split(";").forEach(function (part) {
      var match = /^(\d+)([cw])([\d,]*)$/.exec(part);
      if (!match) return;
      quizzes["quiz-" + match[1]] = {
        answered: true,
        correct: match[2] === "c",
        selectedValues: match[3] ? match[3].split(",") : [],
      };
    });
    return quizzes;
  }

  function readJson(text) {
    try {
      var value = JSON.parse(text || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) {
      return {};
    }
  }

  function isIndex(value) {
    return typeof value === "number" && value >= 0 && value % 1 === 0;
  }

  function sessionTime(ms, version) {
    var seconds = Math.floor(ms / 1000);
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (version !== "1.2") return "PT" + h + "H" + m + "M" + s + "S";
    var pad = function (n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; };
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2);
  }

  if (script && script.getAttribute("data-deckdocs-scorm") === "launch") {
    launch();
  } else {
    reportToLaunchPage();
  }
})();
