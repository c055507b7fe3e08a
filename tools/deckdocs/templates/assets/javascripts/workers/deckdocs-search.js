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
 *   deckdocs.search builds with jieba and the deck's user dictionary), never into stray
 *   single characters such as the 等 of 等额本息;
 * - Latin words (QQ, App) match case-insensitively at a word start.
 *
 * The index is Material's search_index.json as rewritten by deckdocs.search.augment_index,
 * handed over by the theme (fetched over http, or inlined as search_index.js on file://).
 * Plain script, no imports: it must also run inside the iframe-worker shim used offline.
 */
"use strict"

/* Message types, as in Material's integrations/search/worker/message */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* Ranking: a heading that names a term outranks a body that mentions it */
const WEIGHT_TITLE = 4
const WEIGHT_EXACT_TITLE = 6         /* the heading is the query itself */
const WEIGHT_TEXT = 1
const WEIGHT_ADJACENT = 2            /* two query words side by side, as typed */
const WEIGHT_ARTICLE = 0.5           /* whole pages: their sections come first */
const WEIGHT_OFF_SLIDE = 0.7         /* sections that are no slide (quiz, glossary, home) */
const SATURATION = 1.2               /* BM25's k1: the 5th mention adds little */
const NON_WORD_PIECE = 0.4           /* a query piece found in the text but not a word */

const MAX_SECTIONS = 100             /* results sent to the page, best first */
const MAX_WORD = 12                  /* longest query piece tried when cutting a query */
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

  /** Index the documents: one string holding every section, and the set of its bigrams. */
  constructor({ config, docs }) {
    const extra = (config && config.deckdocs) || {}
    this.words = new Set(extra.words || [])
    this.docs = docs
    this.titles = []
    this.texts = []
    this.starts = new Int32Array(docs.length)
    this.titleEnds = new Int32Array(docs.length)
    this.pages = new Map()

    /* One haystack: \u0001 title \u0002 text … so a term is found with a single indexOf loop */
    const parts = []
    let length = 0
    docs.forEach((doc, i) => {
      const title = normalize(doc.title || "")
      const text = normalize(doc.text || "")
      this.titles.push(title)
      this.texts.push(text)
      this.starts[i] = length
      this.titleEnds[i] = length + 1 + title.length
      parts.push("\u0001", title, "\u0002", text)
      length += 2 + title.length + text.length
      const [page] = doc.location.split("#")
      if (!this.pages.has(page))
        this.pages.set(page, i)
    })
    this.haystack = parts.join("")

    /* Every pair of adjacent characters, to reject query pieces without scanning */
    this.bigrams = new Set()
    for (let i = 0; i + 1 < this.haystack.length; i++)
      this.bigrams.add(this.haystack.slice(i, i + 2))
    this.sortedWords = [...this.words].sort()
  }

  /** Return Map(doc → {title, text} counts) of the places `term` occurs. */
  find(term) {
    const hits = new Map()
    const latin = isLatinChar(term[0])
    const hay = this.haystack
    let doc = 0
    for (let at = hay.indexOf(term); at >= 0; at = hay.indexOf(term, at + 1)) {
      if (latin && isLatinChar(hay[at - 1]))
        continue
      while (doc + 1 < this.starts.length && this.starts[doc + 1] <= at)
        doc++
      let hit = hits.get(doc)
      if (!hit)
        hits.set(doc, hit = { title: 0, text: 0 })
      if (at < this.titleEnds[doc]) hit.title++
      else hit.text++
    }
    return hits
  }

  /** Return whether `term` occurs anywhere. */
  has(term) {
    const latin = isLatinChar(term[0])
    for (let at = this.haystack.indexOf(term); at >= 0; at = this.haystack.indexOf(term, at + 1))
      if (!latin || !isLatinChar(this.haystack[at - 1]))
        return true
    return false
  }

  /** Return whether `piece` occurs anywhere (cheap: its bigrams are checked first). */
  occurs(piece, cache) {
    if (cache.has(piece))
      return cache.get(piece)
    let found = true
    for (let i = 0; found && i + 1 < piece.length; i++)
      found = this.bigrams.has(piece.slice(i, i + 2))
    if (found)
      found = this.has(piece)
    cache.set(piece, found)
    return found
  }

  /**
   * Cut a run of Chinese characters that does not occur verbatim into the site's words,
   * preferring few long pieces. Characters no piece covers are dropped: a lone 等 or 的
   * would match almost every section.
   */
  segment(run, cache) {
    const n = run.length
    const best = new Float64Array(n + 1).fill(-1)
    const from = new Int32Array(n + 1).fill(-1)
    const isPiece = new Uint8Array(n + 1)
    best[0] = 0
    for (let i = 1; i <= n; i++) {
      best[i] = best[i - 1]
      from[i] = i - 1
      for (let j = Math.max(0, i - MAX_WORD); j <= i - 2; j++) {
        const piece = run.slice(j, i)
        const weight = this.words.has(piece)
          ? piece.length ** 2
          : this.occurs(piece, cache) ? NON_WORD_PIECE * piece.length ** 2 : -1
        if (weight > 0 && best[j] + weight > best[i]) {
          best[i] = best[j] + weight
          from[i] = j
          isPiece[i] = 1
        }
      }
    }
    const pieces = []
    for (let i = n; i > 0; i = from[i])
      if (isPiece[i])
        pieces.unshift(run.slice(from[i], i))
    return pieces
  }

  /** Return the query's parts, each a list of terms (the words to look for). */
  parse(query) {
    const cache = new Map()
    const parts = []
    for (const part of normalize(query).split(NOT_TERM)) {
      if (!part)
        continue
      if (part.length === 1 || this.occurs(part, cache)) {
        parts.push([part])
        continue
      }
      const terms = []
      for (const run of part.match(RUN) || []) {
        if (!HAN.test(run) || run.length === 1 || this.occurs(run, cache))
          terms.push(run)
        else
          terms.push(...this.segment(run, cache))
      }
      parts.push(terms)
    }
    return parts
  }

  /** Search: Material's SearchResult, sections grouped by page, best first. */
  search(query, options) {
    const parts = this.parse(query)
    const terms = [...new Set(parts.flat())]
    const result = { items: [] }
    if (options && options.suggest)
      result.suggest = this.suggest(query)
    if (!terms.length)
      return result

    const total = this.docs.length
    const scores = new Map()
    const matched = new Map()
    const idf = df => Math.log(1 + total / Math.max(df, 1))

    /* Score each term where it occurs */
    for (const term of terms) {
      const hits = this.find(term)
      const weight = idf(hits.size)
      for (const [doc, hit] of hits) {
        let score = 0
        if (hit.title) {
          score += WEIGHT_TITLE * (1 + term.length / this.titles[doc].length)
          if (this.titles[doc] === term)
            score += WEIGHT_EXACT_TITLE
        }
        if (hit.text)
          score += WEIGHT_TEXT * hit.text * (SATURATION + 1) / (hit.text + SATURATION)
        scores.set(doc, (scores.get(doc) || 0) + weight * score)
        if (!matched.has(doc))
          matched.set(doc, new Set())
        matched.get(doc).add(term)
      }
    }

    /* Words typed side by side count more where they also stand side by side */
    for (const part of parts)
      for (let i = 0; i + 1 < part.length; i++) {
        const hits = this.find(part[i] + part[i + 1])
        const weight = idf(hits.size)
        for (const [doc, hit] of hits)
          if (scores.has(doc))
            scores.set(doc, scores.get(doc) + weight * WEIGHT_ADJACENT * (hit.title ? WEIGHT_TITLE : 1))
      }

    /* All terms matched beats some; then the kind of entry */
    const ranked = []
    for (const [doc, score] of scores) {
      const entry = this.docs[doc]
      const coverage = matched.get(doc).size / terms.length
      let value = score * coverage * coverage * (entry.boost || 1)
      if (!entry.location.includes("#"))
        value *= WEIGHT_ARTICLE
      else if (entry.slide === undefined)
        value *= WEIGHT_OFF_SLIDE
      ranked.push([doc, value])
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0])

    /* Group by page, as Material's results list expects, with the page entry in each group */
    const groups = new Map()
    for (const [doc, score] of ranked.slice(0, MAX_SECTIONS)) {
      const [page] = this.docs[doc].location.split("#")
      if (!groups.has(page))
        groups.set(page, [])
      groups.get(page).push(this.item(doc, score, terms, matched.get(doc)))
    }
    for (const [page, items] of groups) {
      const article = this.pages.get(page)
      if (article !== undefined && !items.some(item => item.location === this.docs[article].location))
        items.push(this.item(article, 0, terms, new Set()))
    }
    result.items = [...groups.values()]
    return result
  }

  /** Return one result entry: highlighted title, a snippet around the first match. */
  item(doc, score, terms, matched) {
    const entry = this.docs[doc]
    const found = terms.filter(term => matched.has(term))
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
    const flags = {}
    for (const term of terms)
      flags[term] = matched.has(term)
    const item = {
      location: entry.location,
      title: mark(title, ranges(this.titles[doc], found)),
      text: snippet,
      score,
      terms: flags
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
