/*
 * deckdocs xAPI adapter: the course site sends xAPI statements to a learning record store.
 * Shipped only in the package `deckdocs export-xapi` writes, on its launch page deckdocs-xapi.html.
 *
 * The LMS (or a link) opens the launch page with the Tin Can launch parameters: endpoint, auth,
 * actor, registration and, optionally, activity_id. Without endpoint and actor it opens the plain
 * site. Otherwise it shows the site in a frame; every page there carries the SCORM export's page
 * hook (deckdocs-scorm.js, "page" role), which calls window.deckdocsScorm.pageShown(href) and
 * .answered() on its parent; this file provides that object, so the hook is the same for both.
 *
 * Statements: initialized at launch; experienced for a chapter when the learner leaves it (with
 * the sections seen, and completion when every section was on screen); answered for every new
 * answer (read from the saved-answers record of deckdocs-quiz.js, keyed by question content);
 * completed once every chapter was opened; passed or failed once every 综合测验 question has an
 * answer; terminated when the learner leaves.
 *
 * cmi5 (package made with --format cmi5, launched with a "fetch" parameter): the token comes from
 * the fetch URL (once), the session's context from the LMS.LaunchData state document; every
 * statement carries that context; initialized, completed, passed/failed and terminated are the
 * cmi5-defined statements on the AU (activityId), with the cmi5 category (and moveOn on
 * completed, passed, failed); nothing is judged in Browse or Review mode, nothing after passed.
 *
 * Delivery: a statement gets its UUID when it is made and is queued in localStorage before it is
 * sent, so a statement that fails (offline, LRS down) is sent later with the same id, and an LRS
 * that already has it answers 409 (dropped here): none is stored twice.
 */
(function () {
  "use strict";

  var QUEUE_KEY = "deckdocs-xapi-queue";
  var STATE_PREFIX = "deckdocs-xapi-state:";
  var RECORD_PREFIX = "deckdocs-quiz:"; // deckdocs-quiz.js's saved answers, + page id
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    experienced: "http://adlnet.gov/expapi/verbs/experienced",
    answered: "http://adlnet.gov/expapi/verbs/answered",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated",
  };
  var RETRY_MS = 10000;
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVE_ON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var CMI5_DEFINED = { initialized: 1, completed: 1, passed: 1, failed: 1, terminated: 1 };

  var config = JSON.parse(document.getElementById("deckdocs-xapi-config").textContent);
  var root = new URL(".", window.location.href);
  var params = new URLSearchParams(window.location.search);
  var endpoint = params.get("endpoint");
  var actor = readActor(params.get("actor"));
  if (!endpoint || !actor) {
    window.location.replace(new URL(config.start, root).href); // no LRS: the plain site
    return;
  }
  if (endpoint.charAt(endpoint.length - 1) !== "/") endpoint += "/";
  // cmi5 (a "fetch" parameter): the token comes from the fetch URL, the session's context from
  // the LMS.LaunchData state document, the AU's id is activityId; statements wait for both.
  var cmi5 = !!params.get("fetch");
  var launchData = null;
  var auth = params.get("auth") || "";
  var registration = params.get("registration") || "";
  var base = (cmi5 ? params.get("activityId") : params.get("activity_id")) || config.base;
  var started = Date.now();
  var stateKey = STATE_PREFIX + base + "|" + JSON.stringify(actor) + "|" + registration;
  var state = loadJson(stateKey, null);
  var finished = false;
  var sending = false;
  var inFlight = {}; // statement id → true while a request carries it
  var frame = null;
  var current = null; // {path, sections: {id: true}, total, observer}

  var chapterPaths = config.chapters.map(function (c) { return c.path; });
  var byKey = {};
  config.questions.forEach(function (q) { byKey[q.page + "|" + q.key] = q; });

  if (!state) {
    // A new learner on this device: answers already saved here were made before this launch.
    state = { opened: [], answers: readAnswers(), completed: false, finalSent: "" };
    saveState();
  }

  // ------------------------------------------------------------------ statements

  function activity(id, type, name, definition) {
    var def = definition || {};
    def.type = type;
    def.name = { "zh-CN": name };
    return { objectType: "Activity", id: id, definition: def };
  }

  function courseActivity() {
    return activity(base, config.types.course, config.title);
  }

  function pageActivity(page, kind) {
    return activity(base + "/page/" + page.path.replace(/\.html$/, ""), config.types[kind], page.title);
  }

  function statement(verb, object, result, parent) {
    var context = launchData ? JSON.parse(JSON.stringify(launchData.contextTemplate || {})) : {};
    var activities = context.contextActivities = context.contextActivities || {};
    if (object.id !== base) activities.grouping = (activities.grouping || []).concat([{ id: base, objectType: "Activity" }]);
    if (parent) activities.parent = [{ id: parent, objectType: "Activity" }];
    if (launchData && CMI5_DEFINED[verb]) {
      var categories = [{ id: CMI5 }];
      if (verb === "completed" || verb === "passed" || verb === "failed") categories.push({ id: MOVE_ON });
      activities.category = (activities.category || []).concat(categories);
      if ((verb === "passed" || verb === "failed") && typeof launchData.masteryScore === "number") {
        context.extensions = context.extensions || {};
        context.extensions[MASTERY] = launchData.masteryScore;
      }
    }
    if (!Object.keys(activities).length) delete context.contextActivities;
    if (registration) context.registration = registration;
    var s = {
      id: uuid(),
      actor: actor,
      verb: { id: VERBS[verb], display: { "en-US": verb } },
      object: object,
      context: context,
      timestamp: new Date().toISOString(),
    };
    if (result) s.result = result;
    return s;
  }

  function enqueue(s) {
    var queue = loadJson(QUEUE_KEY, []);
    queue.push({ endpoint: endpoint, statement: s });
    saveJson(QUEUE_KEY, queue);
    flush(false);
  }

  // One request at a time, except the last one as the page goes (keepalive), which leaves out
  // the statements still on their way so that it is not refused for holding one the LRS has.
  function flush(keepalive) {
    if ((sending && !keepalive) || (cmi5 && !launchData)) return;
    var queue = loadJson(QUEUE_KEY, []).filter(function (e) { return e.endpoint === endpoint && !inFlight[e.statement.id]; });
    if (!queue.length) return;
    var batch = queue.map(function (e) { return e.statement; });
    if (!keepalive) sending = true;
    mark(batch, true);
    post(batch, keepalive).then(function (status) {
      mark(batch, false);
      if (!keepalive) sending = false;
      if (status >= 200 && status < 300) {
        forget(batch);
        flush(false);
      } else if (status === 400 || status === 409 || status === 422) {
        sendOneByOne(batch); // one statement spoils a batch: find it
      }
    }, function () {
      mark(batch, false);
      if (!keepalive) sending = false; // offline or unreachable: kept for the next try
    });
  }

  function mark(batch, on) {
    batch.forEach(function (s) { if (on) inFlight[s.id] = true; else delete inFlight[s.id]; });
  }

  function sendOneByOne(batch) {
    if (sending) return;
    sending = true;
    var next = function (i) {
      if (i >= batch.length) { sending = false; flush(false); return; }
      post(batch[i], false).then(function (status) {
        // 409: the LRS has a statement with this id (an earlier send whose answer was lost).
        if ((status >= 200 && status < 300) || status === 400 || status === 409 || status === 422) forget([batch[i]]);
        next(i + 1);
      }, function () { sending = false; });
    };
    next(0);
  }

  function post(body, keepalive) {
    var headers = { "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3" };
    if (auth) headers.Authorization = auth;
    return fetch(endpoint + "statements", {
      method: "POST", headers: headers, body: JSON.stringify(body), keepalive: !!keepalive,
    }).then(function (response) { return response.status; });
  }

  function forget(sent) {
    var ids = {};
    sent.forEach(function (s) { ids[s.id] = true; });
    saveJson(QUEUE_KEY, loadJson(QUEUE_KEY, []).filter(function (e) { return !ids[e.statement.id]; }));
  }

  // ------------------------------------------------------------------ what the learner does

  function pageShown(href) {
    if (finished || href.indexOf(root.href) !== 0) return;
    var path = href.slice(root.href.length).split("#")[0].split("?")[0];
    if (current && current.path !== path) leaveChapter();
    var index = chapterPaths.indexOf(path);
    if (index < 0 || (current && current.path === path)) return;
    current = { path: path, sections: {}, total: 0, observer: null, entered: Date.now() };
    if (state.opened.indexOf(path) < 0) state.opened.push(path);
    saveState();
    watchSections();
    if (!state.completed && judging() && chapterPaths.every(function (p) { return state.opened.indexOf(p) >= 0; })) {
      state.completed = true;
      saveState();
      enqueue(statement("completed", courseActivity(), { completion: true, duration: since(started) }));
    }
  }

  // A section counts as seen once its heading was on screen.
  function watchSections() {
    var doc;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc || !window.IntersectionObserver) return;
    var watched = current;
    if (doc.readyState === "loading") {
      // The hook reports the page from its head, before the sections are parsed.
      doc.addEventListener("DOMContentLoaded", function () { if (current === watched) watchSections(); });
      return;
    }
    var headings = doc.querySelectorAll("article h2[id]");
    watched.total = headings.length;
    watched.observer = new (frame.contentWindow.IntersectionObserver || IntersectionObserver)(function (entries) {
      entries.forEach(function (entry) { if (entry.isIntersecting) watched.sections[entry.target.id] = true; });
    });
    Array.prototype.forEach.call(headings, function (h) { watched.observer.observe(h); });
  }

  function leaveChapter() {
    var left = current;
    current = null;
    if (left.observer) left.observer.disconnect();
    var page = config.chapters[chapterPaths.indexOf(left.path)];
    var seen = Object.keys(left.sections).sort();
    var result = { completion: left.total > 0 && seen.length >= left.total, extensions: {} };
    result.extensions[config.sectionsExtension] = seen;
    result.duration = "PT" + Math.max(0, Math.round((Date.now() - left.entered) / 1000)) + "S";
    enqueue(statement("experienced", pageActivity(page, "chapter"), result, base));
  }

  function answered() {
    if (finished) return;
    var now = readAnswers();
    Object.keys(now).forEach(function (id) {
      if (state.answers[id] === now[id]) return;
      var q = byKey[id];
      if (q) enqueue(answerStatement(q, now[id]));
    });
    state.answers = now;
    saveState();
    judgeFinal(now);
  }

  function answerStatement(q, recordText) {
    var record = parseEntry(recordText);
    var definition = {
      description: { "zh-CN": q.prompt },
      interactionType: q.type,
      correctResponsesPattern: [q.pattern],
    };
    var response;
    if (q.type === "fill-in") {
      response = record.answers.join("[,]");
    } else {
      definition.choices = q.choices.map(function (c) { return { id: c[0], description: { "zh-CN": c[1] } }; });
      if (q.type === "true-false") {
        var text = {};
        q.choices.forEach(function (c) { text[c[0]] = c[1]; });
        response = text[record.answers[0]] === "正确" ? "true" : "false";
        delete definition.choices;
      } else {
        response = record.answers.join("[,]");
      }
    }
    var page = (config.chapters.concat(config.finals)).filter(function (p) { return p.path === q.page; })[0];
    var parent = base + "/page/" + page.path.replace(/\.html$/, "");
    var object = activity(base + "/question/" + q.key, config.types.question, q.prompt, definition);
    return statement("answered", object, { success: record.right, response: response }, parent);
  }

  function judgeFinal(now) {
    var finals = config.questions.filter(function (q) { return q.final; });
    if (!finals.length || !config.finals.length) return;
    var right = 0, parts = [];
    for (var i = 0; i < finals.length; i++) {
      var text = now[finals[i].page + "|" + finals[i].key];
      if (!text) return; // not finished yet
      parts.push(text);
      if (parseEntry(text).right) right++;
    }
    var signature = parts.join(";");
    if (state.finalSent === signature || !judging() || (cmi5 && state.passed)) return; // cmi5: nothing after passed
    state.finalSent = signature;
    saveState();
    var scaled = right / finals.length;
    var passed = Math.round(scaled * 100) >= config.mastery;
    state.passed = state.passed || passed;
    saveState();
    var result = {
      success: passed, duration: since(started),
      score: { scaled: Math.round(scaled * 10000) / 10000, raw: right, min: 0, max: finals.length },
    };
    var judged = cmi5 ? courseActivity() : pageActivity(config.finals[0], "final"); // cmi5: the AU is judged
    enqueue(statement(passed ? "passed" : "failed", judged, result, cmi5 ? null : base));
  }

  // cmi5 in Browse or Review mode: the learner looks, nothing is judged.
  function judging() {
    return !launchData || !launchData.launchMode || launchData.launchMode === "Normal";
  }

  function since(time) {
    return "PT" + Math.max(0, Math.round((Date.now() - time) / 1000)) + "S";
  }

  // cmi5: the token (once per launch) from the fetch URL, then LMS.LaunchData from the State API.
  function prepareCmi5() {
    return fetch(params.get("fetch"), { method: "POST" }).then(function (response) {
      if (!response.ok) throw new Error("fetch " + response.status);
      return response.json();
    }).then(function (token) {
      auth = "Basic " + token["auth-token"];
      var query = new URLSearchParams({ stateId: "LMS.LaunchData", activityId: base,
        agent: JSON.stringify(actor), registration: registration });
      return fetch(endpoint + "activities/state?" + query.toString(), {
        headers: { Authorization: auth, "X-Experience-API-Version": "1.0.3" },
      });
    }).then(function (response) {
      if (!response.ok) throw new Error("state " + response.status);
      return response.json();
    }).then(function (data) {
      launchData = data && typeof data === "object" ? data : {};
      if (typeof launchData.masteryScore === "number") config.mastery = launchData.masteryScore * 100;
    });
  }

  // Every saved answer of the package's questions: {"page|key": "1ab3d,x9k2"} (deckdocs-quiz.js's form).
  function readAnswers() {
    var answers = {};
    config.chapters.concat(config.finals).forEach(function (page) {
      var text;
      try { text = localStorage.getItem(RECORD_PREFIX + page.path.replace(/\.html$/, "")) || ""; } catch (e) { text = ""; }
      text.split(";").forEach(function (entry) {
        var match = /^([0-9a-f]+(?:-\d+)?)=([01].*)$/.exec(entry);
        if (match) answers[page.path + "|" + match[1]] = match[2];
      });
    });
    return answers;
  }

  function parseEntry(text) {
    var answers = text.slice(1).split(",").map(function (a) {
      try { return decodeURIComponent(a); } catch (e) { return a; }
    });
    return { right: text.charAt(0) === "1", answers: answers };
  }

  function finish() {
    if (finished || (cmi5 && !launchData)) return; // cmi5: no session yet, so none to end
    if (current) leaveChapter();
    finished = true;
    var result = { duration: "PT" + Math.max(0, Math.round((Date.now() - started) / 1000)) + "S" };
    var queue = loadJson(QUEUE_KEY, []);
    queue.push({ endpoint: endpoint, statement: statement("terminated", courseActivity(), result) });
    saveJson(QUEUE_KEY, queue);
    flush(true); // keepalive: the request outlives the page
  }

  // ------------------------------------------------------------------ small things

  function readActor(text) {
    var value;
    try { value = JSON.parse(text || "null"); } catch (e) { return null; }
    if (!value || typeof value !== "object") return null;
    // Tin Can launch links often wrap each field in an array (Rustici's early form).
    var actor = { objectType: "Agent" };
    ["name", "mbox", "mbox_sha1sum", "openid"].forEach(function (f) {
      var v = Array.isArray(value[f]) ? value[f][0] : value[f];
      if (typeof v === "string" && v) actor[f] = v;
    });
    var account = Array.isArray(value.account) ? value.account[0] : value.account;
    if (account && (account.homePage || account.accountServiceHomePage)) {
      actor.account = { homePage: account.homePage || account.accountServiceHomePage, name: account.name || account.accountName };
    }
    if (actor.mbox && actor.mbox.indexOf("mailto:") !== 0) actor.mbox = "mailto:" + actor.mbox;
    return actor.mbox || actor.mbox_sha1sum || actor.openid || actor.account ? actor : null;
  }

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b); // crypto.randomUUID needs a secure context; a package may be on plain http
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function loadJson(key, fallback) {
    try {
      var value = JSON.parse(localStorage.getItem(key) || "null");
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function saveJson(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off: sent now or never */ }
  }

  function saveState() { saveJson(stateKey, state); }

  window.deckdocsScorm = { pageShown: pageShown, answered: answered, finish: finish }; // the page hook's host
  window.deckdocsXapi = { flush: function () { flush(false); }, finish: finish };
  var begin = function () {
    enqueue(statement("initialized", courseActivity()));
    if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
  };
  if (cmi5) {
    prepareCmi5().then(begin, function () {
      finished = true; // no token or launch data: the course without records, as cmi5 has no other way
      if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
    });
  }
  window.addEventListener("online", function () { flush(false); });
  setInterval(function () { if (!finished) flush(false); }, RETRY_MS);
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  var show = function () {
    frame = document.createElement("iframe");
    frame.title = document.title;
    frame.src = new URL(config.start, root).href;
    document.body.appendChild(frame);
  };
  if (!cmi5) begin();
})();
