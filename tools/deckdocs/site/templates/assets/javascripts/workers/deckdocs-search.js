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
 * - the course's slides come before the glossary, quizzes and other pages that match as well;
 * - learners' own words (deckdocs.site.search_words): each typed piece stands for the site's
 *   words it may mean, found by synonym (刷脸 → 人脸识别, WeBank → 微众银行), pinyin or initials
 *   (shenpi, rlsb), sound (a homophone typo, 微粒带) or the glossary (a word only a definition
 *   holds leads to its term); traditional and variant characters fold to simplified on both
 *   sides; question words and filler are dropped and a question's intent steers to headings.
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
const MISSING_SHARE = 0.5            /* a stretch matching nothing counts half against a result */

/* Cutting a query that does not occur verbatim */
const NON_WORD_PIECE = 0.25          /* a piece found in the text but not a word counts less */
const MAX_WORD = 12                  /* longest word tried */
const MAX_NON_WORD = 4               /* longest piece tried that is no word */

/* Learners' own words (deckdocs.site.search_words): how much a stand-in counts */
const WEIGHT_SYNONYM = 0.8           /* 刷脸 → 人脸识别 */
const WEIGHT_SOUND = 0.8             /* a homophone typo: 微粒带 → 微粒贷 */
const WEIGHT_PINYIN = 1              /* shenpi → 审批 */
const WEIGHT_INITIALS = 0.9          /* rlsb → 人脸识别 */
const WEIGHT_GLOSSARY = 0.6          /* a word only the glossary explains leads to its term */
const WEIGHT_INTENT = 1.5            /* how → 方式/步骤/流程 in a heading */
const WEIGHT_QUOTED = 0.3            /* a word quoted in a list (“零利息”) is a mention, not the subject */
const WEIGHT_BESIDE_LITERAL = 0.15   /* a stand-in where the typed word itself is on the site */
const WEIGHT_CHARACTER = 0.5        /* a word beginning as a short query does, when none of it is on the site */
const MAX_CHARACTER_QUERY = 3        /* longest query read by its first character */
const MAX_ALTERNATIVES = 24          /* words one typed piece may stand for */

/*
 * Words of a question and filler that are no search term (微粒贷的还款方式有哪些 looks for
 * 微粒贷, 还款方式): neither looked for nor counted against a section.
 */
const QUESTION_WORDS = new Set([
  "什么", "怎么", "怎样", "怎么样", "如何", "哪些", "哪个", "哪里", "哪家", "为什么", "为何", "是否",
  "能否", "可以", "有没有", "是不是", "能不能", "请问", "一下", "关于", "多少", "多久", "多长",
  "是真的吗", "真的吗", "是真的", "真的", "会不会", "要不要", "可不可以", "怎么办", "咋办", "的话",
  "我的", "我们", "你们", "他们", "自己", "需要", "应该", "是否", "时候", "什么时候", "之后",
  "以后", "一个", "这个", "那个", "还是", "就是", "还要", "要求", "说能", "为啥", "干嘛", "咋样",
  "多大", "多高", "几天", "吗", "呢", "吧", "啊", "呀", "么", "嘛"
])
/* A negated word as learners say it and as slides write it (没有抵押 → 无抵押) */
const NEGATIONS = ["没有", "不需要", "不用", "不要", "无需", "没", "免"]

/* Single characters dropped from a question wherever they stand alone between words */
const FILLER_CHARS = new Set([..."吗呢吧啊呀么嘛的了是我你他她它们会能要说被把得就都也还又在有和与及或"])

/*
 * What a question asks for steers towards the section that answers it: how → the way and the
 * steps, how much → amounts, rates and fees, what happens → consequences and handling.
 */
const INTENTS = [
  [/会怎么样|会怎样|会有什么|怎么办|咋办|后果|会不会|影响/, ["后果", "处理", "影响", "处理方式"]],
  [/多久|多长时间|几天|几分钟|多快|什么时候/, ["时间", "几分钟", "快速", "快捷", "及时", "审批", "到账"]],
  [/多少|多高|多大|贵不贵|高不高/, ["额度", "利率", "费用", "利息"]],
  [/谁|哪些人|什么人|哪类人|哪种人/, ["对象", "用户", "群体", "客户", "人群"]],
  [/怎么|如何|怎样|咋|步骤|流程|方法/, ["方式", "步骤", "流程", "方法", "做法"]]
]

const MAX_SECTIONS = 100             /* results sent to the page, best first */
const SNIPPET_BEFORE = 24            /* characters shown before the first match */
const SNIPPET_LENGTH = 100

const HAN = /\p{Script=Han}/u
const WORD_CHAR = /[\p{L}\p{N}]/u
const FULL_WIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g
const NOT_TERM = /[^\p{L}\p{N}]+/gu
const RUN = /\p{Script=Han}+|[^\p{Script=Han}]+/gu

/* ------------------------------------------------------------------------- */

/**
 * Fold full-width letters and digits, lower-case, and fold traditional and variant characters to
 * simplified with the site's `fold` map (OpenCC's data), keeping the length.
 */
function normalize(value, fold) {
  const folded = value
    .replace(FULL_WIDTH_ALNUM, c => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
  if (!fold || !fold.size)
    return folded
  let out = ""
  for (const c of folded)
    out += fold.get(c) || c
  return out
}

/** Return the Latin letters of a typed pinyin word: tone marks, tone numbers and ü dropped. */
function pinyinLetters(value) {
  return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ü/g, "v").replace(/[1-5]/g, "")
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
    this.fold = new Map()
    const fold = extra.fold || ""
    for (let i = 0; i + 1 < fold.length; i += 2)
      this.fold.set(fold[i], fold[i + 1])
    this.words = new Set(extra.words || [])
    this.sortedWords = [...this.words].sort()
    this.docs = docs
    this.titles = docs.map(doc => this.normalize(doc.title || ""))
    this.texts = docs.map(doc => this.normalize(doc.text || ""))
    this.pages = new Map()
    this.bigrams = undefined
    this.glossary = extra.glossary || ""
    this.learnWords(extra)

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

    /* Where a word stands between quotation marks (a list of phrases, not the subject) */
    this.quoted = new Uint8Array(this.haystack.length)
    let inQuote = false
    for (let i = 0; i < this.haystack.length; i++) {
      const c = this.haystack[i]
      if (c === "\u201c" || c === "\u300c") inQuote = true
      else if (c === "\u201d" || c === "\u300d" || c < "\u0004") inQuote = false
      else if (inQuote) this.quoted[i] = 1
    }
  }

  normalize(value) {
    return normalize(value, this.fold)
  }

  /** Read the index's pinyin, sounds and synonyms (deckdocs.site.search_words). */
  learnWords(extra) {
    const add = (map, key, value) => {
      if (!key) return
      if (!map.has(key)) map.set(key, [])
      if (!map.get(key).includes(value)) map.get(key).push(value)
    }
    this.byPinyin = new Map()        /* "shenpi" → [审批] */
    this.byInitials = new Map()      /* "sp" → [审批, …] */
    this.bySound = new Map()         /* "shen pi" → [审批] */
    this.byPinyinStart = new Map()   /* "fanqizha" → [反欺诈] (of 反欺诈技术) */
    this.byInitialsStart = new Map()
    this.charSounds = new Map()      /* 审 → [shen] */
    const words = extra.words || []
    const pinyin = extra.pinyin || []
    const otherReadings = extra.readings || {}
    words.forEach((word, i) => {
      const syllables = (pinyin[i] || "").split(" ").filter(Boolean)
      if (syllables.length < 2 || syllables.length !== [...word].length)
        return
      const chars = [...word]
      /* Every way the word may be read: pypinyin's, and the other readings of its characters
         (还款: haikuan as pypinyin says, huankuan as learners say) */
      let readings = [syllables]
      chars.forEach((c, k) => {
        const others = (otherReadings[c] || "").split(" ").filter(s => s && s !== syllables[k])
        if (others.length && readings.length < 8)
          readings = readings.flatMap(r => [r, ...others.map(o => [...r.slice(0, k), o, ...r.slice(k + 1)])]).slice(0, 8)
      })
      for (const reading of readings) {
        add(this.byPinyin, reading.join(""), word)
        add(this.byInitials, reading.map(s => s[0]).join(""), word)
        add(this.bySound, reading.join(" "), word)
        /* The start of a longer word is a word too (fanqizha: 反欺诈 of 反欺诈技术) */
        for (let k = 2; k < reading.length; k++) {
          add(this.byPinyinStart, reading.slice(0, k).join(""), chars.slice(0, k).join(""))
          add(this.byInitialsStart, reading.slice(0, k).map(s => s[0]).join(""), chars.slice(0, k).join(""))
        }
      }
      chars.forEach((c, k) => add(this.charSounds, c, syllables[k]))
    })
    for (const [syllable, chars] of Object.entries(extra.sounds || {}))
      for (const c of chars)
        add(this.charSounds, c, syllable)
    this.synonyms = new Map()        /* 刷脸 → [人脸识别, 刷脸 …] */
    this.latinPhrases = 1
    for (const group of extra.synonyms || [])
      for (const word of group) {
        const key = this.normalize(word)
        this.synonyms.set(key, [...new Set([...(this.synonyms.get(key) || []), ...group.map(w => this.normalize(w))])])
        if (!HAN.test(key))
          this.latinPhrases = Math.max(this.latinPhrases, key.split(" ").length)
      }
  }

  /**
   * Return where `term` occurs: parallel arrays of entries (ascending) and the number of
   * occurrences in their title, text (and how many of those quoted) and context.
   * Results are kept in `cache` for the query.
   */
  find(term, cache) {
    const key = "\u0000" + term
    if (cache.has(key))
      return cache.get(key)
    const hits = { docs: [], title: [], text: [], quoted: [], context: [] }
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
        hits.quoted.push(0)
        hits.context.push(0)
        last = doc
      }
      const k = hits.docs.length - 1
      if (at < this.titleEnds[doc]) hits.title[k]++
      else if (at < this.textEnds[doc]) {
        hits.text[k]++
        if (this.quoted[at]) hits.quoted[k]++
      }
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

  /** Return the site's words that `piece` may stand for, with weights: itself and its synonyms. */
  alternatives(piece, cache) {
    const alts = new Map()
    if (this.occurs(piece, cache))
      alts.set(piece, 1)
    for (const word of this.synonyms.get(piece) || [])
      if (!alts.has(word) && this.occurs(word, cache))
        alts.set(word, WEIGHT_SYNONYM)
    return alts
  }

  /** Return the site's way of saying a negated word (没有抵押 → 无抵押), or "". */
  negated(piece, cache) {
    for (const negation of NEGATIONS)
      if (piece.length > negation.length + 1 && piece.startsWith(negation)) {
        const rest = piece.slice(negation.length)
        for (const prefix of ["无", "无需", "不"])
          if (this.occurs(prefix + rest, cache))
            return prefix + rest
      }
    return ""
  }

  /** Return the site's words that sound like `piece` (a homophone typo: 微粒带 → 微粒贷). */
  soundAlikes(piece) {
    let keys = [""]
    for (const c of piece) {
      const sounds = this.charSounds.get(c)
      if (!sounds)
        return []
      keys = keys.flatMap(key => sounds.slice(0, 3).map(s => key ? key + " " + s : s)).slice(0, 16)
    }
    return [...new Set(keys.flatMap(key => this.bySound.get(key) || []))]
  }

  /**
   * Cut a run of Chinese characters that does not occur verbatim into the site's words (or
   * synonyms, or words it sounds like), preferring few long pieces. Returns {groups, missing}:
   * for each piece the words it may stand for, and the stretches of two or more characters
   * nothing covers (量子 of 量子计算机). A lone uncovered character (的, the 金 of 等额本金) is
   * dropped: it would match almost every section. Question words (什么, 如何 …) are neither.
   */
  segment(run, cache) {
    const n = run.length
    const best = new Float64Array(n + 1).fill(-1)
    const from = new Int32Array(n + 1).fill(-1)
    const kind = new Uint8Array(n + 1)          /* 0 dropped, 1 term, 2 question word */
    const alts = new Array(n + 1)
    best[0] = 0
    for (let i = 1; i <= n; i++) {
      best[i] = best[i - 1] + (FILLER_CHARS.has(run[i - 1]) ? 0.01 : 0)
      from[i] = i - 1
      kind[i] = FILLER_CHARS.has(run[i - 1]) ? 2 : 0
      for (let j = Math.max(0, i - MAX_WORD); j <= i - 2; j++) {
        const piece = run.slice(j, i)
        let weight = -1
        let k = 1
        let found
        if (QUESTION_WORDS.has(piece)) {
          weight = piece.length ** 2
          k = 2
        } else if (this.words.has(piece) || this.synonyms.has(piece)) {
          found = this.alternatives(piece, cache)
          if (found.size) weight = piece.length ** 2
        } else if (piece.length <= MAX_NON_WORD && this.occurs(piece, cache)) {
          weight = NON_WORD_PIECE * piece.length ** 2
        }
        if (weight < 0) {
          const negated = this.negated(piece, cache)
          if (negated) {
            found = new Map([[negated, WEIGHT_SYNONYM]])
            weight = piece.length ** 2
          }
        }
        if (weight < 0 && piece.length <= MAX_NON_WORD + 2) {
          const alike = this.soundAlikes(piece)
          if (alike.length) {
            found = new Map(alike.map(word => [word, WEIGHT_SOUND]))
            weight = WEIGHT_SOUND * piece.length ** 2
          }
        }
        if (weight > 0 && best[j] + weight > best[i]) {
          best[i] = best[j] + weight
          from[i] = j
          kind[i] = k
          alts[i] = found
        }
      }
    }
    const groups = []
    const missing = []
    let gap = ""
    for (let i = n; i > 0; i = from[i]) {
      if (kind[i] === 0) {
        gap = run[i - 1] + gap
        continue
      }
      if (gap.length > 1) missing.unshift(gap)
      gap = ""
      if (kind[i] === 1) {
        const piece = run.slice(from[i], i)
        groups.unshift({ text: piece, alts: alts[i] || this.alternatives(piece, cache) })
      }
    }
    if (gap.length > 1) missing.unshift(gap)
    return { groups, missing }
  }

  /**
   * Read Latin words that match nothing as the site's words: English names and abbreviations
   * (synonyms, longest phrase first), then pinyin, full or initials, with or without spaces,
   * tones or capitals (xinyong pingfen, rlsb, Shěn Pī). Returns {groups, missing}.
   */
  latin(tokens, cache) {
    const groups = []
    const missing = []
    let letters = []                     /* tokens waiting to be read as pinyin */
    const flush = () => {
      if (!letters.length) return
      const cut = this.pinyin(letters.map(pinyinLetters).join(""))
      if (cut) groups.push(...cut)
      else missing.push(letters.join(" "))
      letters = []
    }
    for (let i = 0; i < tokens.length;) {
      let matched = 0
      for (let n = Math.min(this.latinPhrases, tokens.length - i); n >= 1 && !matched; n--) {
        const phrase = tokens.slice(i, i + n).join(" ")
        const alts = this.alternatives(phrase, cache)
        if (alts.size && (n > 1 || alts.has(phrase) || this.synonyms.has(phrase))) {
          flush()
          groups.push({ text: phrase, alts })
          matched = n
        }
      }
      if (!matched) {
        letters.push(tokens[i])
        matched = 1
      }
      i += matched
    }
    flush()
    return { groups, missing }
  }

  /** Cut a string of letters into pinyin of the site's words; null when it is none. */
  pinyin(letters) {
    const n = letters.length
    if (n < 2) return null
    const best = new Float64Array(n + 1).fill(-Infinity)
    const from = new Int32Array(n + 1).fill(-1)
    const words = new Array(n + 1)
    best[0] = 0
    for (let i = 1; i <= n; i++)
      for (let j = Math.max(0, i - 40); j <= i - 2; j++) {
        if (best[j] === -Infinity) continue
        const piece = letters.slice(j, i)
        const full = this.byPinyin.get(piece) || this.byPinyinStart.get(piece)
        const initials = this.byInitials.get(piece) || this.byInitialsStart.get(piece)
        const found = full ? [full, WEIGHT_PINYIN, piece.length] : initials ? [initials, WEIGHT_INITIALS, piece.length * 0.9] : null
        if (found && best[j] + found[2] > best[i]) {
          best[i] = best[j] + found[2]
          from[i] = j
          words[i] = found
        }
      }
    if (best[n] === -Infinity) return null
    const groups = []
    for (let i = n; i > 0; i = from[i]) {
      const [list, weight] = words[i]
      groups.unshift({ text: letters.slice(from[i], i), alts: new Map(list.slice(0, MAX_ALTERNATIVES).map(w => [w, weight])),
        chars: list[0].length })
    }
    return groups
  }

  /**
   * Return {groups, missing, intents}: for each piece of the query the site's words it may
   * stand for (with weights), the stretches that match nothing, and the heading words its
   * question asks for.
   */
  parse(query, cache) {
    const groups = []
    const missing = []
    const normal = this.normalize(query)
    const intents = []
    for (const [pattern, words] of INTENTS)
      if (pattern.test(normal)) {
        intents.push(...words)
        break
      }
    let latin = []
    const flushLatin = () => {
      if (!latin.length) return
      const cut = this.latin(latin, cache)
      groups.push(...cut.groups)
      missing.push(...cut.missing)
      latin = []
    }
    for (const part of normal.split(NOT_TERM)) {
      if (!part)
        continue
      if (!HAN.test(part)) {
        latin.push(part)
        continue
      }
      flushLatin()
      if (part.length === 1 || (this.occurs(part, cache) && !QUESTION_WORDS.has(part))) {
        if (!QUESTION_WORDS.has(part) && !FILLER_CHARS.has(part))
          groups.push({ text: part, alts: this.alternatives(part, cache) })
        continue
      }
      for (const run of part.match(RUN) || []) {
        if (!HAN.test(run)) {
          groups.push(...this.latin([run], cache).groups)
        } else if (run.length === 1 || (this.occurs(run, cache) && !this.hasQuestion(run))) {
          groups.push({ text: run, alts: this.alternatives(run, cache) })
        } else {
          const cut = this.segment(run, cache)
          groups.push(...cut.groups)
          missing.push(...cut.missing)
        }
      }
    }
    flushLatin()
    let kept = groups.filter(g => g.alts.size)
    if (!kept.length) {
      /* No word of a short query is on the site: the site's words that begin as it does
         (罚款 → 罚金, 罚息); 量子计算机 is no 量 */
      const han = [...normal].filter(c => HAN.test(c)).join("")
      if (han.length >= 2 && han.length <= MAX_CHARACTER_QUERY) {
        const alts = new Map(this.wordsStarting(han[0]).slice(0, MAX_ALTERNATIVES).map(w => [w, WEIGHT_CHARACTER]))
        if (alts.size) {
          kept = [{ text: han, alts }]
          missing.splice(0, missing.length, ...missing.filter(m => m !== han))
        }
      }
    }
    return { groups: kept, missing, intents }
  }

  /** Return whether a run that occurs verbatim still holds a question word to drop. */
  hasQuestion(run) {
    for (const word of QUESTION_WORDS)
      if (word.length > 1 && run.includes(word))
        return true
    return false
  }

  /** Search: Material's SearchResult, sections grouped by page, best first. */
  search(query, options) {
    const cache = new Map()
    const { groups, missing, intents } = this.parse(query, cache)
    const result = { items: [] }
    if (options && options.suggest)
      result.suggest = this.suggest(query)
    if (!groups.length)
      return result
    groups.splice(30)

    const total = this.docs.length
    const score = new Float64Array(total)
    const mask = new Int32Array(total)       /* bit g: groups[g] found in the entry */
    const touched = []
    const common = []
    const idf = df => Math.log(1 + total / Math.max(df, 1))
    const isGlossary = doc => this.glossary && this.docs[doc].location.startsWith(this.glossary + "#")

    /* A word only a glossary definition holds leads to its term, which the slides use */
    groups.forEach(group => {
      const slides = [...group.alts.keys()].some(word =>
        this.find(word, cache).docs.some(doc => this.docs[doc].slide !== undefined))
      if (slides || !this.glossary) return
      for (const word of [...group.alts.keys()])
        for (const doc of this.find(word, cache).docs)
          if (isGlossary(doc) && this.titles[doc] && !group.alts.has(this.titles[doc]))
            group.alts.set(this.titles[doc], WEIGHT_GLOSSARY * group.alts.get(word))
    })

    /* Score each group where one of its words occurs: the best of its words counts */
    const bestValue = new Float64Array(total)
    const chosen = []                        /* per group: its words, and which counted where */
    groups.forEach((group, g) => {
      const alts = [...group.alts]
      const bestWord = new Uint8Array(total) /* 1 + the index of the word that counted */
      const seen = []
      let df = 0
      /* The word as typed, where the site has it, outranks its stand-ins */
      const literal = group.alts.get(group.text) === 1
      alts.forEach(([word, alt], a) => {
        const weight = literal && word !== group.text ? alt * WEIGHT_BESIDE_LITERAL : alt
        const hits = this.find(word, cache)
        df = Math.max(df, hits.docs.length)
        const wordIdf = idf(hits.docs.length)
        for (let k = 0; k < hits.docs.length; k++) {
          const doc = hits.docs[k]
          let value = 0
          if (hits.title[k]) {
            value += WEIGHT_TITLE * (1 + word.length / this.titles[doc].length)
            if (this.titles[doc] === word)
              value += WEIGHT_EXACT_TITLE
          }
          if (hits.text[k]) {
            const tf = hits.text[k] - (1 - WEIGHT_QUOTED) * hits.quoted[k]
            const norm = 1 - LENGTH_NORM + LENGTH_NORM * this.texts[doc].length / this.averageText
            value += WEIGHT_TEXT * tf * (SATURATION + 1) / (tf + SATURATION * norm)
          }
          if (hits.context[k])
            value += WEIGHT_CONTEXT
          value *= wordIdf * weight
          if (!bestWord[doc]) {
            seen.push(doc)
            bestWord[doc] = a + 1
            bestValue[doc] = value
          } else if (value > bestValue[doc]) {
            bestWord[doc] = a + 1
            bestValue[doc] = value
          }
        }
      })
      common.push(df / total > COMMON_SHARE)
      for (const doc of seen) {
        if (!mask[doc])
          touched.push(doc)
        mask[doc] |= 1 << g
        score[doc] += bestValue[doc]
      }
      chosen.push([alts, bestWord])
    })
    /* Highlight the words that counted: the typed one where it is there */
    const foundWords = doc => chosen.filter(([, bestWord]) => bestWord[doc])
      .map(([alts, bestWord]) => alts[bestWord[doc] - 1][0])

    /* Words typed side by side count more where they also stand side by side */
    for (let g = 0; g + 1 < groups.length; g++) {
      const hits = this.find(groups[g].text + groups[g + 1].text, cache)
      const weight = idf(hits.docs.length)
      for (let k = 0; k < hits.docs.length; k++)
        score[hits.docs[k]] += weight * WEIGHT_ADJACENT * (hits.title[k] ? WEIGHT_TITLE : 1)
    }

    /* A question's intent: sections whose heading names what it asks for */
    if (intents.length)
      for (const doc of touched)
        if (intents.some(word => this.titles[doc].includes(word)))
          score[doc] += WEIGHT_INTENT * idf(touched.length)

    /*
     * Order: entries holding every telling word of the query first (a word in most entries,
     * such as the product's name, may be missing); among them the course's slides before the
     * glossary, quizzes and other pages; then by relevance. Less than half of the query
     * matched is no answer, unless nothing holds more. The three keys are folded into one score.
     */
    let required = 0
    let all = 0
    groups.forEach((group, g) => {
      all |= 1 << g
      if (!common[g]) required |= 1 << g
    })
    if (!required)
      required = all
    /* Coverage counts the telling words: the product's name in every section says nothing */
    const size = (group, g) => (required & (1 << g)) ? group.chars || [...group.text].length : 0
    const typed = groups.reduce((n, group, g) => n + size(group, g), 0) +
      MISSING_SHARE * missing.join("").length
    const keyed = touched.map(doc => {
      let chars = 0
      groups.forEach((group, g) => {
        if (mask[doc] & (1 << g)) chars += size(group, g)
      })
      const coverage = chars / Math.max(typed, 1)
      const entry = this.docs[doc]
      const relevance = score[doc] * coverage * coverage * (entry.boost || 1) *
        (entry.location.includes("#") ? 1 : WEIGHT_ARTICLE)
      const complete = (mask[doc] & required) === required
      return [doc, (complete ? 2 : 0) + (entry.slide !== undefined ? 1 : 0) +
        relevance / (relevance + RELEVANCE_HALF), coverage]
    })
    let ranked = keyed.filter(([, , coverage]) => coverage >= MIN_MATCH)
    if (!ranked.length)
      ranked = keyed                         /* some word matched: never an empty list */

    /* A glossary entry never outranks the slide that explains its term */
    const slideKey = new Map()
    for (const [doc, value] of ranked)
      if (this.docs[doc].slide !== undefined)
        slideKey.set(doc, value)
    for (const row of ranked) {
      if (!isGlossary(row[0]) || !this.titles[row[0]])
        continue
      let cap = -1
      for (const doc of this.find(this.titles[row[0]], cache).docs)
        if (slideKey.has(doc) && slideKey.get(doc) > cap)
          cap = slideKey.get(doc)
      if (cap >= 0 && row[1] >= cap)
        row[1] = cap - 1e-6
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0])

    /* Group by page, as Material's results list expects, with the page entry in each group */
    const shown = [...groups.map(group => group.text), ...missing]
    const groupsByPage = new Map()
    const foundOn = new Map()            /* page → the typed pieces its listed sections hold */
    for (const [doc, value] of ranked.slice(0, MAX_SECTIONS)) {
      const [page] = this.docs[doc].location.split("#")
      if (!groupsByPage.has(page)) {
        groupsByPage.set(page, [])
        foundOn.set(page, new Set())
      }
      const found = groups.filter((_, g) => mask[doc] & (1 << g)).map(group => group.text)
      groupsByPage.get(page).push(this.item(doc, value, shown, found, foundWords(doc)))
      found.forEach(term => foundOn.get(page).add(term))
    }
    for (const [page, items] of groupsByPage) {
      const article = this.pages.get(page)
      if (article === undefined)
        continue
      /* The page row links with ?h= of its terms: the words its sections hold are on the page */
      const found = shown.filter(term => foundOn.get(page).has(term))
      const at = items.findIndex(item => item.location === this.docs[article].location)
      if (at < 0) {
        items.push(this.item(article, 0, shown, found, [...new Set(items.flatMap(item =>
          Object.keys(item.terms).filter(term => item.terms[term] && !shown.includes(term))))]))
      } else {
        /* Material heads each group with its page; below a better section it is no result */
        const [heading] = items.splice(at, 1)
        items.splice(at > 0 ? items.length : 0, 0, { ...heading, score: at > 0 ? 0 : heading.score,
          terms: Object.fromEntries(shown.map(term => [term, found.includes(term)])) })
      }
    }
    result.items = [...groupsByPage.values()]
    return result
  }

  /** Return one result entry: highlighted title, a snippet around the first match. */
  item(doc, score, shown, found, words = found) {
    const entry = this.docs[doc]
    const title = entry.title || ""
    const text = entry.text || ""
    const textMarks = ranges(this.texts[doc], words)
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
    /* The words found for it (审批 for shenpi) too: the page's ?h= highlights those */
    for (const word of words)
      terms[word] = true
    const item = {
      location: entry.location,
      title: mark(title, ranges(this.titles[doc], words)),
      text: snippet,
      score,
      terms
    }
    if (entry.tags)
      item.tags = [...entry.tags]
    return item
  }

  /** Return the site's words that begin with `prefix`, in order. */
  wordsStarting(prefix) {
    const words = this.sortedWords
    let lo = 0
    let hi = words.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (words[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    const out = []
    for (let i = lo; i < words.length && words[i].startsWith(prefix); i++)
      out.push(words[i])
    return out
  }

  /** Return a word completing the last typed word (反洗 → 反洗钱), for Material's suggestion. */
  suggest(query) {
    const typed = query.split(/[\s-]+/).pop()
    if (!typed || !HAN.test(typed) || typed !== this.normalize(typed))
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
