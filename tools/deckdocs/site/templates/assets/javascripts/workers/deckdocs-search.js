/*
 * deckdocs search worker: Chinese substring search behind Material's search box.
 *
 * Material's theme runs its search in a web worker and talks to it with four messages
 * (SETUP → READY, QUERY → RESULT); this file speaks the same protocol, so the search box,
 * the results list and their look stay Material's. What differs is the matching:
 *
 * - a query term matches anywhere inside a section's text, so 洗钱 finds 反洗钱 and a phrase
 *   is found whatever way jieba cut the page (lunr only matches the start of index tokens);
 * - a query that does not occur verbatim is cut into the site's own words (the lexicon that
 *   deckdocs.site.search builds with jieba and the deck's user dictionary), never into stray
 *   single characters such as the 等 of 等额本息;
 * - Latin words (QQ, App) match case-insensitively at a word start;
 * - the course's slides come before the glossary, quizzes and other pages that match as well.
 *
 * The index is Material's search_index.json as rewritten by deckdocs.site.search.augment_index,
 * handed over by the theme (fetched over http, or inlined as search_index.js on file://).
 * Plain script, no imports: it must also run inside the iframe-worker shim used offline.
 */
"use strict"

/* Message types, as in Material's integrations/search/worker/message */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* Relevance: a heading that names a term outranks a body that mentions it */
const WEIGHT_TITLE = 4
const WEIGHT_EXACT_TITLE = 6         /* the heading is the query itself */
const WEIGHT_TEXT = 1
const WEIGHT_CONTEXT = 0.5           /* the word is in the title of the item's slide */
const WEIGHT_ADJACENT = 2            /* two query words side by side, as typed */
const WEIGHT_ARTICLE = 0.5           /* whole pages: their sections come first */
const SATURATION = 1.2               /* BM25's k1: the 5th mention adds little */
const LENGTH_NORM = 0.75             /* BM25's b: a mention in a short section says more */
const RELEVANCE_HALF = 10            /* relevance folded into [0, 1) for the score */

/* Which results: how much of the query an entry must hold */
const MIN_MATCH = 0.5                /* share of the query's characters a result must match */
const COMMON_SHARE = 0.2             /* a word in more entries than this may be missing */

/* Cutting a query that does not occur verbatim */
const NON_WORD_PIECE = 0.25          /* a piece found in the text but not a word counts less */
const MAX_WORD = 12                  /* longest word tried */
const MAX_NON_WORD = 4               /* longest piece tried that is no word */

/* Words of a question that are no search term (微粒贷的还款方式有哪些 looks for 微粒贷, 还款方式) */
const QUESTION_WORDS = new Set([
  "什么", "怎么", "怎样", "怎么样", "如何", "哪些", "哪个", "哪里", "为什么", "为何", "是否",
  "能否", "可以", "有没有", "是不是", "能不能", "请问", "一下", "关于", "多少", "多久"
])

const MAX_SECTIONS = 100             /* results sent to the page, best first */
const SNIPPET_BEFORE = 24            /* characters shown before the first match */
const SNIPPET_LENGTH = 100

const HAN = /\p{Script=Han}/u
const WORD_CHAR = /[\p{L}\p{N}]/u
const FULL_WIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g
const NOT_TERM = /[^\p{L}\p{N}]+/gu
const RUN = /\p{Script=Han}+|[^\p{Script=Han}]+/gu

/* ------------------------------------------------------------------------- */

/** Fold full-width letters and digits and lower-case, keeping the length. */
function normalize(value) {
  return value
    .replace(FULL_WIDTH_ALNUM, c => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
}

function isLatinChar(c) {
  return c !== undefined && c !== "" && WORD_CHAR.test(c) && !HAN.test(c)
}

/** Return whether the UTF-16 unit is a (BMP) Chinese character. */
function isHanCode(code) {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff)
}

function escapeHTML(value) {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

/** Return [start, end) ranges of all `terms` in `norm`, merged. */
function ranges(norm, terms) {
  const found = []
  for (const term of terms) {
    for (let at = norm.indexOf(term); at >= 0 && found.length < 200; at = norm.indexOf(term, at + 1))
      if (!isLatinChar(term[0]) || !isLatinChar(norm[at - 1]))
        found.push([at, at + term.length])
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged = []
  for (const range of found) {
    const last = merged[merged.length - 1]
    if (last && range[0] <= last[1])
      last[1] = Math.max(last[1], range[1])
    else
      merged.push([...range])
  }
  return merged
}

/** Return `value[start:end)` as HTML with the ranges wrapped in <mark>. */
function mark(value, marks, start = 0, end = value.length) {
  let html = ""
  let cursor = start
  for (const [from, to] of marks) {
    if (to <= start || from >= end)
      continue
    const a = Math.max(from, start)
    const b = Math.min(to, end)
    html += escapeHTML(value.slice(cursor, a)) + "<mark>" + escapeHTML(value.slice(a, b)) + "</mark>"
    cursor = b
  }
  return html + escapeHTML(value.slice(cursor, end))
}

/* ------------------------------------------------------------------------- */

class Engine {

  /** Index the documents: one string holding every entry, searched with indexOf. */
  constructor({ config, docs }) {
    const extra = (config && config.deckdocs) || {}
    this.words = new Set(extra.words || [])
    this.sortedWords = [...this.words].sort()
    this.docs = docs
    this.titles = docs.map(doc => normalize(doc.title || ""))
    this.texts = docs.map(doc => normalize(doc.text || ""))
    this.pages = new Map()
    this.bigrams = undefined

    /* An item's context is the title of its slide: the first entry of the same page and slide */
    const slideTitles = new Map()
    const contexts = docs.map((doc, i) => {
      if (doc.slide === undefined)
        return ""
      const key = `${doc.location.split("#")[0]}#${doc.slide}`
      if (!slideTitles.has(key)) {
        slideTitles.set(key, this.titles[i])
        return ""
      }
      return slideTitles.get(key)
    })

    /* One haystack, \u0001 title \u0002 text \u0003 context per entry */
    const n = docs.length
    this.starts = new Int32Array(n)
    this.titleEnds = new Int32Array(n)
    this.textEnds = new Int32Array(n)
    const parts = []
    let length = 0
    let textTotal = 0
    let textCount = 0
    for (let i = 0; i < n; i++) {
      const title = this.titles[i]
      const text = this.texts[i]
      this.starts[i] = length
      this.titleEnds[i] = length + 1 + title.length
      this.textEnds[i] = this.titleEnds[i] + 1 + text.length
      parts.push("\u0001", title, "\u0002", text, "\u0003", contexts[i])
      length += 3 + title.length + text.length + contexts[i].length
      textTotal += text.length
      textCount += text.length ? 1 : 0
      const [page] = docs[i].location.split("#")
      if (!this.pages.has(page))
        this.pages.set(page, i)
    }
    this.haystack = parts.join("")
    this.averageText = textTotal / Math.max(textCount, 1)
  }

  /**
   * Return where `term` occurs: parallel arrays of entries (ascending) and the number of
   * occurrences in their title, text and context. Results are kept in `cache` for the query.
   */
  find(term, cache) {
    const key = "\u0000" + term
    if (cache.has(key))
      return cache.get(key)
    const hits = { docs: [], title: [], text: [], context: [] }
    const latin = isLatinChar(term[0])
    const hay = this.haystack
    const starts = this.starts
    let doc = 0
    let last = -1
    for (let at = hay.indexOf(term); at >= 0; at = hay.indexOf(term, at + 1)) {
      if (latin && isLatinChar(hay[at - 1]))
        continue
      while (doc + 1 < starts.length && starts[doc + 1] <= at)
        doc++
      if (doc !== last) {
        hits.docs.push(doc)
        hits.title.push(0)
        hits.text.push(0)
        hits.context.push(0)
        last = doc
      }
      const k = hits.docs.length - 1
      if (at < this.titleEnds[doc]) hits.title[k]++
      else if (at < this.textEnds[doc]) hits.text[k]++
      else hits.context[k]++
    }
    cache.set(key, hits)
    return hits
  }

  /** Return whether `piece` occurs anywhere; two Chinese characters are looked up directly. */
  occurs(piece, cache) {
    if (cache.has(piece))
      return cache.get(piece)
    let found = true
    if (/^\p{Script=Han}+$/u.test(piece)) {
      const bigrams = this.hanBigrams()
      for (let i = 0; found && i + 1 < piece.length; i++)
        found = bigrams.has(piece.charCodeAt(i) * 0x10000 + piece.charCodeAt(i + 1))
      if (found && piece.length > 2)
        found = this.haystack.includes(piece)
    } else {
      found = this.find(piece, cache).docs.length > 0
    }
    cache.set(piece, found)
    return found
  }

  /** Return the set of adjacent Chinese character pairs (as numbers), built on first use. */
  hanBigrams() {
    if (this.bigrams === undefined) {
      this.bigrams = new Set()
      const hay = this.haystack
      let previous = hay.charCodeAt(0)
      for (let i = 1; i < hay.length; i++) {
        const code = hay.charCodeAt(i)
        if (isHanCode(code) && isHanCode(previous))
          this.bigrams.add(previous * 0x10000 + code)
        previous = code
      }
    }
    return this.bigrams
  }

  /**
   * Cut a run of Chinese characters that does not occur verbatim into the site's words,
   * preferring few long pieces. Returns {terms, missing}: the words to look for, and the
   * stretches of two or more characters no word covers (量子 of 量子计算机), which the results
   * list shows as missing. A lone uncovered character (的, the 金 of 等额本金) is dropped: it
   * would match almost every section. Question words (什么, 如何 …) are neither.
   */
  segment(run, cache) {
    const n = run.length
    const best = new Float64Array(n + 1).fill(-1)
    const from = new Int32Array(n + 1).fill(-1)
    const kind = new Uint8Array(n + 1)          /* 0 dropped, 1 term, 2 question word */
    best[0] = 0
    for (let i = 1; i <= n; i++) {
      best[i] = best[i - 1]
      from[i] = i - 1
      for (let j = Math.max(0, i - MAX_WORD); j <= i - 2; j++) {
        const piece = run.slice(j, i)
        let weight = -1
        let k = 1
        if (QUESTION_WORDS.has(piece)) {
          weight = 1
          k = 2
        } else if (this.words.has(piece)) {
          weight = piece.length ** 2
        } else if (piece.length <= MAX_NON_WORD && this.occurs(piece, cache)) {
          weight = NON_WORD_PIECE * piece.length ** 2
        }
        if (weight > 0 && best[j] + weight > best[i]) {
          best[i] = best[j] + weight
          from[i] = j
          kind[i] = k
        }
      }
    }
    const terms = []
    const missing = []
    let gap = ""
    for (let i = n; i > 0; i = from[i]) {
      if (kind[i] === 0) {
        gap = run[i - 1] + gap
        continue
      }
      if (gap.length > 1) missing.unshift(gap)
      gap = ""
      if (kind[i] === 1) terms.unshift(run.slice(from[i], i))
    }
    if (gap.length > 1) missing.unshift(gap)
    return { terms, missing }
  }

  /**
   * Return {parts, missing}: for each space-separated part of the query the terms to look for,
   * and the stretches of it that match nothing in the site.
   */
  parse(query, cache) {
    const parts = []
    const missing = []
    for (const part of normalize(query).split(NOT_TERM)) {
      if (!part)
        continue
      if (part.length === 1 || this.occurs(part, cache)) {
        parts.push([part])
        continue
      }
      const terms = []
      for (const run of part.match(RUN) || []) {
        if (!HAN.test(run) || run.length === 1 || this.occurs(run, cache)) {
          terms.push(run)
        } else {
          const cut = this.segment(run, cache)
          terms.push(...cut.terms)
          missing.push(...cut.missing)
        }
      }
      parts.push(terms)
    }
    return { parts, missing }
  }

  /** Search: Material's SearchResult, sections grouped by page, best first. */
  search(query, options) {
    const cache = new Map()
    const { parts, missing } = this.parse(query, cache)
    const terms = [...new Set(parts.flat())].slice(0, 30)
    const result = { items: [] }
    if (options && options.suggest)
      result.suggest = this.suggest(query)
    if (!terms.length)
      return result

    const total = this.docs.length
    const score = new Float64Array(total)
    const mask = new Int32Array(total)       /* bit t: terms[t] found in the entry */
    const touched = []
    const common = []
    const idf = df => Math.log(1 + total / Math.max(df, 1))

    /* Score each term where it occurs */
    terms.forEach((term, t) => {
      const hits = this.find(term, cache)
      const weight = idf(hits.docs.length)
      common.push(hits.docs.length / total > COMMON_SHARE)
      for (let k = 0; k < hits.docs.length; k++) {
        const doc = hits.docs[k]
        let value = 0
        if (hits.title[k]) {
          value += WEIGHT_TITLE * (1 + term.length / this.titles[doc].length)
          if (this.titles[doc] === term)
            value += WEIGHT_EXACT_TITLE
        }
        if (hits.text[k]) {
          const tf = hits.text[k]
          const norm = 1 - LENGTH_NORM + LENGTH_NORM * this.texts[doc].length / this.averageText
          value += WEIGHT_TEXT * tf * (SATURATION + 1) / (tf + SATURATION * norm)
        }
        if (hits.context[k])
          value += WEIGHT_CONTEXT
        if (!mask[doc])
          touched.push(doc)
        mask[doc] |= 1 << t
        score[doc] += weight * value
      }
    })

    /* Words typed side by side count more where they also stand side by side */
    for (const part of parts)
      for (let i = 0; i + 1 < part.length; i++) {
        const hits = this.find(part[i] + part[i + 1], cache)
        const weight = idf(hits.docs.length)
        for (let k = 0; k < hits.docs.length; k++)
          score[hits.docs[k]] += weight * WEIGHT_ADJACENT * (hits.title[k] ? WEIGHT_TITLE : 1)
      }

    /*
     * Order: entries holding every telling word of the query first (a word in most entries,
     * such as the product's name, may be missing); among them the course's slides before the
     * glossary, quizzes and other pages; then by relevance. Less than half of the query
     * matched is no answer. The three keys are folded into one score for Material's list.
     */
    let required = 0
    let all = 0
    terms.forEach((term, t) => {
      all |= 1 << t
      if (!common[t]) required |= 1 << t
    })
    if (!required)
      required = all
    const typed = [...terms, ...missing].join("").length
    const ranked = []
    for (const doc of touched) {
      let chars = 0
      terms.forEach((term, t) => {
        if (mask[doc] & (1 << t)) chars += term.length
      })
      const coverage = chars / Math.max(typed, 1)
      if (coverage < MIN_MATCH)
        continue
      const entry = this.docs[doc]
      const relevance = score[doc] * coverage * coverage * (entry.boost || 1) *
        (entry.location.includes("#") ? 1 : WEIGHT_ARTICLE)
      const complete = !missing.length && (mask[doc] & required) === required
      ranked.push([doc, (complete ? 2 : 0) + (entry.slide !== undefined ? 1 : 0) +
        relevance / (relevance + RELEVANCE_HALF)])
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0])

    /* Group by page, as Material's results list expects, with the page entry in each group */
    const shown = [...terms, ...missing]
    const groups = new Map()
    const foundOn = new Map()            /* page → the terms its listed sections hold */
    for (const [doc, value] of ranked.slice(0, MAX_SECTIONS)) {
      const [page] = this.docs[doc].location.split("#")
      if (!groups.has(page)) {
        groups.set(page, [])
        foundOn.set(page, new Set())
      }
      const found = terms.filter((_, t) => mask[doc] & (1 << t))
      groups.get(page).push(this.item(doc, value, shown, found))
      found.forEach(term => foundOn.get(page).add(term))
    }
    for (const [page, items] of groups) {
      const article = this.pages.get(page)
      if (article === undefined)
        continue
      /* The page row links with ?h= of its terms: the words its sections hold are on the page */
      const found = terms.filter(term => foundOn.get(page).has(term))
      const at = items.findIndex(item => item.location === this.docs[article].location)
      if (at < 0) {
        items.push(this.item(article, 0, shown, found))
      } else {
        /* Material heads each group with its page; below a better section it is no result */
        const [heading] = items.splice(at, 1)
        items.splice(at > 0 ? items.length : 0, 0, { ...heading, score: at > 0 ? 0 : heading.score,
          terms: Object.fromEntries(shown.map(term => [term, found.includes(term)])) })
      }
    }
    result.items = [...groups.values()]
    return result
  }

  /** Return one result entry: highlighted title, a snippet around the first match. */
  item(doc, score, shown, found) {
    const entry = this.docs[doc]
    const title = entry.title || ""
    const text = entry.text || ""
    const textMarks = ranges(this.texts[doc], found)
    let snippet = ""
    if (text) {
      const first = textMarks.length ? textMarks[0][0] : 0
      const start = Math.max(0, first - SNIPPET_BEFORE)
      const end = Math.min(text.length, start + SNIPPET_LENGTH)
      snippet = "<p>" + (start > 0 ? "…" : "") + mark(text, textMarks, start, end) +
        (end < text.length ? "…" : "") + "</p>"
    }
    const terms = {}
    for (const term of shown)
      terms[term] = found.includes(term)
    const item = {
      location: entry.location,
      title: mark(title, ranges(this.titles[doc], found)),
      text: snippet,
      score,
      terms
    }
    if (entry.tags)
      item.tags = [...entry.tags]
    return item
  }

  /** Return a word completing the last typed word (反洗 → 反洗钱), for Material's suggestion. */
  suggest(query) {
    const typed = query.split(/[\s-]+/).pop()
    if (!typed || !HAN.test(typed) || typed !== normalize(typed))
      return []
    const words = this.sortedWords
    let lo = 0
    let hi = words.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (words[mid] < typed) lo = mid + 1
      else hi = mid
    }
    let best
    for (let i = lo; i < words.length && words[i].startsWith(typed); i++)
      if (words[i].length > typed.length && (!best || words[i].length < best.length))
        best = words[i]
    return best ? [best] : []
  }
}

/* ------------------------------------------------------------------------- */

let engine
let options = {}

function handle(message) {
  switch (message.type) {
    case SETUP:
      engine = new Engine(message.data)
      options = message.data.options || {}
      return { type: READY }
    case QUERY:
      try {
        return { type: RESULT, data: engine.search(message.data, options) }
      } catch (err) {
        console.warn(`deckdocs search: query failed: ${message.data}`, err)
        return { type: RESULT, data: { items: [] } }
      }
    default:
      throw new TypeError("Invalid message type")
  }
}

/* Export for tests in Node; in a worker (or Material's iframe shim) answer messages */
if (typeof module !== "undefined" && module.exports) {
  module.exports = { Engine, normalize, handle }
} else {
  addEventListener("message", ev => {
    postMessage(handle(ev.data))
  })
}
