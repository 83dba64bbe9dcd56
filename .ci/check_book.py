#!/usr/bin/env python3
"""Checks the built book (`cargo xtask book`) as a reader would get it: from file://, offline.

Without a browser (the standard library only):
  - every link leads where Chromium goes when it is clicked: resolved against the page's
    own file:// URL, it names a page or file of the book (not a directory, whose file list
    Chromium would show, and not a file outside the book, which the book does not carry),
    and its #fragment is an id on that page. The guide's links to source files
    (`../crates/...`, for forges) must have become links to the book's source pages;
  - every picture, script, stylesheet and font the pages and stylesheets use exists;
  - nothing is loaded from the network: no http(s):// or //host source for a script, a
    stylesheet, a font, a picture or a frame, in the HTML, the CSS and the SVG pictures.
    Ordinary outbound links (<a href="https://...">) are fine.
In headless Chromium (Debian's chromium and chromium-driver, driven by selenium):
  - every page renders: its text is there, the book's stylesheet and its bundled font are
    in use;
  - every link within a page still finds its target once the page's scripts ran (the
    line ids of a listing survive highlight.js);
  - nothing scrolls sideways at the window's width (1280 px): no listing, console or
    other code block, and not the sidebar; long lines wrap;
  - a link to a line of a listing (the first on each page) lands on the line and marks it:
    it is the :target, has a background, and is in the window;
  - no page logs a console error (severity SEVERE);
  - no page makes a request other than file: (requests to http(s) are blocked and fail);
  - searching for `as_completed` in the search box lists the page of Example 19.1;
  - each quiz (mdbook-quiz, on the pages *_quiz.html) starts, takes an answer to each of its
    questions, the first one wrong and the others right, and then says so: the score, "✗
    Incorrect" on the first answer, "✓ Correct" on the others, and, once the correct answers
    are asked for, the correct one and an explanation under each question. Nothing is kept
    in the browser's storage, and no quiz code scrolls sideways.
Without the browser, each *_quiz.html page must hold its quiz (not the note that stands in
for it when the book is built without mdbook-quiz), and the book carries no rust-editor (the
in-page editor that an mdbook-quiz built with that feature loads, rust-analyzer in wasm).
--self-test breaks a copy of the book in one way per check and fails unless every break is
reported.

usage: check_book.py BOOK_DIR [--no-browser] [--self-test] [--screenshot PAGE PNG]
                     [--quiz-screenshots DIR]
"""

import argparse
import html.parser
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

SEARCH_TERM = "as_completed"
# Where `cargo xtask book` puts the pages of the source files that the guide links.
SOURCES = "source"
SEARCH_EXPECTS = "ex19_1_fetch.html"
# The pages that hold a quiz, and how long a quiz may take to appear or to move on.
QUIZ_PAGES = "*_quiz.html"
QUIZ_WAIT = 10
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Keeps Chromium off the network: no background services, and no host name resolves.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1280,900",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome", "devtools"}
# Where the HTML names a resource that a browser loads by itself, tag by tag.
RESOURCE_ATTRIBUTES = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""")


class Failures:
    """The failures found so far, each a kind, the page and what is wrong."""

    def __init__(self):
        self.items = []

    def add(self, kind, page, detail):
        item = (kind, str(page), detail)
        if item not in self.items:  # mdBook writes each picture twice (the zoomed copy)
            self.items.append(item)

    def kinds_on(self, page):
        return {kind for kind, where, _ in self.items if where == page}


class Page(html.parser.HTMLParser):
    """What the checks need from one HTML file: its ids, links, resources and styles."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.resources, self.styles = set(), [], [], []
        self.classes = set()
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.update((attrs.get("class") or "").split())
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        for name in RESOURCE_ATTRIBUTES.get(tag, []):
            value = attrs.get(name)
            if not value:
                continue
            if tag == "link" and "canonical" in (attrs.get("rel") or ""):
                continue
            urls = [part.split()[0] for part in value.split(",") if part.split()]
            self.resources.extend((tag, url) for url in (urls if "srcset" in name else [value]))
        if attrs.get("style"):
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def is_remote(url):
    """A URL a browser would fetch from the network, rather than from the book's folder."""
    scheme = urlsplit(url).scheme.lower()
    return url.startswith("//") or (scheme != "" and scheme not in LOCAL_SCHEMES)


def target_of(book, page, url):
    """The file a relative URL names (without its fragment), and the fragment."""
    parts = urlsplit(url)
    path = page if parts.path == "" else (page.parent / unquote(parts.path))
    return Path(os.path.normpath(path)), parts.fragment


def static_checks(book, failures):
    """Links, anchors, pictures and remote resources, read from the files."""
    pages = {p: Page(p.read_text(encoding="utf-8")) for p in sorted(book.rglob("*.html"))}
    counts = {"pages": len(pages), "links": 0, "targets": set(), "sources": 0, "broken": 0,
              "resources": 0}
    for path, page in pages.items():
        name = path.relative_to(book)
        if path.match(QUIZ_PAGES) and "quiz-placeholder" not in page.classes:
            failures.add("no-quiz", name, "no quiz, only the note that says how to get it "
                                          "(was the book built without mdbook-quiz?)")
        for url in page.links:
            if urlsplit(url).scheme or url.startswith("//"):
                continue  # an ordinary outbound link (https://..., mailto:...)
            counts["links"] += 1
            # Where Chromium goes: the URL resolved against the page's file:// URL.
            target, fragment = target_of(book, path, url)
            counts["targets"].add((target, fragment))
            problem = None
            if not target.is_relative_to(book):
                problem = ("broken-link", f"{url}: leads out of the book, to {target}")
            elif target.is_dir():
                problem = ("broken-link", f"{url}: a directory, of which Chromium lists the files")
            elif not target.is_file():
                problem = ("broken-link", f"{url}: no {target.relative_to(book)} in the book")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(fragment) not in ids:
                    problem = ("broken-anchor", f"{url}: no #{fragment} in {target.name}")
            if problem:
                counts["broken"] += 1
                failures.add(problem[0], name, problem[1])
            elif target.relative_to(book).parts[0] == SOURCES:
                counts["sources"] += 1
        styles_urls = [(None, u) for css in page.styles for u in css_urls(css)]
        for tag, url in page.resources + styles_urls:
            counts["resources"] += 1
            if is_remote(url):
                failures.add("remote-resource", name, f"<{tag or 'style'}> loads {url}")
                continue
            if urlsplit(url).scheme:
                continue  # data: and the like
            target, _ = target_of(book, path, url)
            if not target.is_file():
                kind = "missing-picture" if tag in ("img", "source", "image") else "missing-file"
                failures.add(kind, name, f"<{tag}> {url}: no {target} in the book")
    for editor in sorted(book.rglob("ra-worker*.js")) + sorted(book.rglob("*.wasm")):
        failures.add("rust-editor", editor.relative_to(book), "the quizzes' rust-editor is in the "
                     "book: mdbook-quiz was built with --features rust-editor")
    for sheet in sorted(book.rglob("*.css")) + sorted(book.rglob("*.svg")):
        name = sheet.relative_to(book)
        text = sheet.read_text(encoding="utf-8", errors="replace")
        urls = list(css_urls(text))
        if sheet.suffix == ".svg":
            svg = Page(text)
            urls += [url for _, url in svg.resources] + [u for s in svg.styles for u in css_urls(s)]
        for url in urls:
            counts["resources"] += 1
            if is_remote(url):
                failures.add("remote-resource", name, f"loads {url}")
            elif not urlsplit(url).scheme and not url.startswith("#"):
                target, _ = target_of(book, sheet, url)
                if not target.is_file():
                    failures.add("missing-file", name, f"{url}: no {target} in the book")
    return pages, counts


def css_urls(text):
    for match in CSS_URL.finditer(text):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        if url and not url.startswith("data:"):
            yield url.strip()


def start_browser():
    os.environ.setdefault("SE_AVOID_STATS", "true")
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="book-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    blocked = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": blocked})
    return driver, profile


# What a rendered page shows: its text, the book's stylesheet applied, the bundled font used.
RENDER_PROBE = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const main = document.querySelector('main');
  const body = document.body;
  done({
    text: (main || body).innerText.trim().length,
    h1: main ? !!main.querySelector('h1') : null,
    height: (main || body).getBoundingClientRect().height,
    family: getComputedStyle(body).fontFamily,
    font: document.fonts.check('16px "Open Sans"') &&
          [...document.fonts].some(f => f.family.includes('Open Sans') && f.status === 'loaded'),
  });
});
"""


# In-page links whose target is gone once the page's scripts ran. mdBook's highlight.js
# (10.1) keeps the line ids of a listing as it colours it; a highlighter that rewrote the
# block from its text would drop them.
LOST_ANCHORS = """
return [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'))
  .filter(href => href.length > 1 && !document.getElementById(decodeURIComponent(href.slice(1))));
"""


# The code blocks (and the sidebar) that scroll sideways: their content is wider than they are.
SIDEWAYS = """
return [...document.querySelectorAll('main pre, main pre > code, .sidebar-scrollbox')]
  .filter(e => e.scrollWidth > e.clientWidth)
  .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ` +
            `(${e.scrollWidth} px of content in ${e.clientWidth} px): ` +
            JSON.stringify(e.textContent.trim().slice(0, 60)));
"""

# The first link on the page to a line of one of its listings, if any.
FIRST_LINE_LINK = """
const a = [...document.querySelectorAll('a[href^="#"]')].find(a => {
  const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  return target && target.matches('pre.listing .line');
});
return a ? a.getAttribute('href') : null;
"""

# Whether the line that the URL's fragment names is marked, and where it is.
MARKED = """
const line = document.querySelector(':target');
if (!line) return {target: null};
const box = line.getBoundingClientRect();
return {target: line.id, line: line.matches('pre.listing .line'),
        background: getComputedStyle(line).backgroundColor,
        inWindow: box.top >= 0 && box.bottom <= window.innerHeight};
"""


def marks_its_line(driver, path, name, href, failures):
    """Follows the in-page link `href` to a line as a click would, and checks the line."""
    driver.get(path.as_uri() + href)
    driver.execute_async_script(RENDER_PROBE)
    state = driver.execute_script(MARKED)
    transparent = state.get("background") in (None, "transparent", "rgba(0, 0, 0, 0)")
    if state["target"] != href[1:] or not state.get("line") or transparent or not state["inWindow"]:
        failures.add("line-not-marked", name, f"{href} lands on {state}")


def browser_checks(driver, book, pages, failures, screenshot, quiz_shots):
    counts = {"loaded": 0, "console": 0, "requests": 0, "blocks": 0, "marked": 0, "quizzes": 0,
              "questions": 0}
    for path in pages:
        name = path.relative_to(book)
        driver.get(path.as_uri())
        state = driver.execute_async_script(RENDER_PROBE)
        counts["loaded"] += 1
        if state["text"] == 0 or state["height"] < 10 or state["h1"] is False:
            failures.add("not-rendered", name, f"nothing shows: {state}")
        elif "Open Sans" not in state["family"] or not state["font"]:
            failures.add("not-rendered", name, f"the book's style or font is not in use: {state}")
        for href in driver.execute_script(LOST_ANCHORS):
            failures.add("lost-anchor", name, f"{href}: no such id once the page's scripts ran")
        counts["blocks"] += driver.execute_script("return document.querySelectorAll('main pre').length")
        for block in driver.execute_script(SIDEWAYS):
            failures.add("scrolls-sideways", name, block)
        line_link = driver.execute_script(FIRST_LINE_LINK)
        if line_link:
            counts["marked"] += 1
            marks_its_line(driver, path, name, line_link, failures)
        read_logs(driver, name, failures, counts)
    search(driver, book, failures)
    read_logs(driver, Path("index.html"), failures, counts)
    for path in sorted(book.glob(QUIZ_PAGES)):
        name = path.relative_to(book)
        counts["quizzes"] += 1
        counts["questions"] += take_quiz(driver, path, name, failures, quiz_shots)
        read_logs(driver, name, failures, counts)
    if screenshot:
        page, png = screenshot  # the page may end in #ID: the window then shows that line
        page, _, fragment = page.partition("#")
        driver.get((book / page).as_uri() + (f"#{fragment}" if fragment else ""))
        driver.execute_async_script(RENDER_PROBE)
        driver.save_screenshot(png)
    return counts


def read_logs(driver, name, failures, counts):
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE":
            counts["console"] += 1
            failures.add("console-error", name, entry["message"])
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.requestWillBeSent":
            continue
        counts["requests"] += 1
        url = message["params"]["request"]["url"]
        if is_remote(url):
            failures.add("remote-request", name, f"requested {url}")


def search(driver, book, failures):
    """Types the search term into the search box of the first page and reads the results."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get((book / "index.html").as_uri())
    driver.find_element(By.ID, "mdbook-search-toggle").click()
    box = driver.find_element(By.ID, "mdbook-searchbar")
    box.send_keys(SEARCH_TERM)
    links = []

    def listed(driver):
        links[:] = [a.get_attribute("href") or "" for a in
                    driver.find_elements(By.CSS_SELECTOR, "#mdbook-searchresults li a")]
        return any(urlsplit(link).path.endswith("/" + SEARCH_EXPECTS) for link in links)

    try:
        WebDriverWait(driver, 5).until(listed)
    except Exception:  # selenium's TimeoutException: the page never listed it
        shown = [urlsplit(link).path.rsplit("/", 1)[-1] for link in links]
        failures.add("search", "index.html",
                     f"searching {SEARCH_TERM!r} did not list {SEARCH_EXPECTS}; results: {shown}")


# The quiz's questions, as mdbook-quiz put them into the page.
QUIZ_QUESTIONS = """
const quiz = document.querySelector('.quiz-placeholder');
return quiz ? JSON.parse(quiz.dataset.quizQuestions).questions : null;
"""

# What the answer review says about each answer: the marks ("✓ Correct", "✗ Incorrect") that
# the quiz's stylesheet puts before the answer given, and the explanation under it.
REVIEW = """
const marks = e => [...e.querySelectorAll('.answer-row > div:first-child .correct, ' +
                                          '.answer-row > div:first-child .incorrect')]
  .map(m => ({mark: getComputedStyle(m, '::before').content,
              color: getComputedStyle(m, '::before').color}));
const score = document.querySelector('.mdbook-quiz section p strong');
return {
  score: score ? score.textContent : null,
  answers: [...document.querySelectorAll('.mdbook-quiz .answer-wrapper')].map(w => ({
    marks: marks(w),
    correct: !!w.querySelector('.answer-row > div:nth-child(2)'),
    context: (w.querySelector('.context') || {innerText: ''}).innerText.trim(),
  })),
  stored: localStorage.length,
  telemetry: typeof window.telemetry,
};
"""

QUIZ_SIDEWAYS = """
return [...document.querySelectorAll('.mdbook-quiz pre')]
  .filter(e => e.scrollWidth > e.clientWidth)
  .map(e => `${e.scrollWidth} px of code in ${e.clientWidth} px: ` +
            JSON.stringify(e.textContent.trim().slice(0, 60)));
"""


def answer(driver, question, right):
    """Gives the quiz's current question the right answer, or a wrong one."""
    from selenium.webdriver.common.by import By

    form = driver.find_element(By.CSS_SELECTOR, ".mdbook-quiz form.response")
    kind, key = question["type"], question["answer"]
    if kind == "Tracing":
        compiles = key["doesCompile"] == right
        form.find_element(By.CSS_SELECTOR, f"input[name=doesCompile][value={str(compiles).lower()}]").click()
        if compiles:
            stdout = key["stdout"] if right else "0"
            form.find_element(By.CSS_SELECTOR, "textarea[name=stdout]").send_keys(stdout)
    elif kind == "MultipleChoice":
        wanted = key["answer"] if right else question["prompt"]["distractors"][0]
        wanted = wanted if isinstance(wanted, list) else [wanted]
        for choice in form.find_elements(By.CSS_SELECTOR, "input[name=answer]"):
            if choice.get_attribute("value") in wanted:
                choice.click()
    else:  # ShortAnswer
        given = key["answer"] if right else "not " + key["answer"]
        form.find_element(By.CSS_SELECTOR, "input[name=answer]").send_keys(given)
    form.find_element(By.CSS_SELECTOR, "input[type=submit]").click()


def take_quiz(driver, path, name, failures, shots):
    """Answers the page's quiz, the first question wrong and the others right, and checks
    what the quiz says about each; returns how many questions it answered."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, QUIZ_WAIT)
    driver.get(path.as_uri())
    questions = driver.execute_script(QUIZ_QUESTIONS)
    if not questions:
        failures.add("quiz", name, "no quiz on the page")
        return 0
    try:
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".mdbook-quiz button.start"))
    except Exception:  # selenium's TimeoutException
        failures.add("quiz", name, f"the quiz did not appear within {QUIZ_WAIT} s")
        return 0
    driver.find_element(By.CSS_SELECTOR, ".mdbook-quiz button.start").click()
    for number, question in enumerate(questions, 1):
        counter = f"Question {number} / {len(questions)}"
        try:
            wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".mdbook-quiz .counter").text == counter)
        except Exception:
            failures.add("quiz", name, f"{counter} did not come")
            return number - 1
        for block in driver.execute_script(QUIZ_SIDEWAYS):
            failures.add("scrolls-sideways", name, f"question {number}: {block}")
        answer(driver, question, right=number != 1)
    try:
        wait.until(lambda d: "Answer Review" in d.find_element(By.CSS_SELECTOR, ".mdbook-quiz").text)
    except Exception:
        failures.add("quiz", name, "no answer review after the last question")
        return len(questions)
    said = driver.execute_script(REVIEW)
    expected = f"{len(questions) - 1}/{len(questions)}"
    if said["score"] != expected:
        failures.add("quiz", name, f"the score is {said['score']}, not {expected}")
    for number, review in enumerate(said["answers"], 1):
        mark = "✗ Incorrect" if number == 1 else "✓ Correct"
        marks = {m["mark"].strip('"') for m in review["marks"]}
        if marks != {mark}:
            failures.add("quiz", name, f"question {number}, answered "
                         f"{'wrongly' if number == 1 else 'rightly'}, is marked {sorted(marks)}, "
                         f"not {mark!r}")
    colors = {m["color"] for review in said["answers"][:2] for m in review["marks"]}
    if len(colors) < 2:
        failures.add("quiz", name, f"right and wrong answers are marked in one colour: {colors}")
    if said["stored"] or said["telemetry"] != "undefined":
        failures.add("quiz", name, f"answers kept in localStorage ({said['stored']} items) or "
                                   f"telemetry ({said['telemetry']})")
    if shots:
        shot(driver, ".mdbook-quiz .answer-wrapper", 0, Path(shots) / f"{path.stem}-wrong.png")
        shot(driver, ".mdbook-quiz .answer-wrapper", 1, Path(shots) / f"{path.stem}-right.png")
    buttons = driver.find_elements(By.CSS_SELECTOR, ".mdbook-quiz section button")
    reveal = [b for b in buttons if "correct answers" in b.text]
    if not reveal:
        failures.add("quiz", name, "no button to see the correct answers")
        return len(questions)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", reveal[0])
    reveal[0].click()
    said = driver.execute_script(REVIEW)
    if not said["answers"][0]["correct"]:
        failures.add("quiz", name, "the wrong answer to question 1 is not followed by the right one")
    for number, review in enumerate(said["answers"], 1):
        if "Lecture:" not in review["context"]:
            failures.add("quiz", name, f"question {number} shows no explanation citing the "
                                       f"lecture: {review['context'][:60]!r}")
    if shots:
        shot(driver, ".mdbook-quiz .answer-wrapper", 0, Path(shots) / f"{path.stem}-explained.png")
    return len(questions)


def shot(driver, selector, index, png):
    """A screenshot with the index-th element that matches selector at the window's top."""
    driver.execute_script("document.querySelectorAll(arguments[0])[arguments[1]].scrollIntoView()",
                          selector, index)
    driver.save_screenshot(str(png))


def check(book, browser, screenshot=None, quiz_shots=None):
    failures = Failures()
    started = time.monotonic()
    pages, counts = static_checks(book, failures)
    summary = (f"{counts['pages']} pages, {counts['links']} links to "
               f"{len(counts['targets'])} distinct targets ({counts['sources']} land on the "
               f"pages of source files), {counts['broken']} lead nowhere; "
               f"{counts['resources']} resources")
    if browser:
        driver, profile = start_browser()
        try:
            seen = browser_checks(driver, book, pages, failures, screenshot, quiz_shots)
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
        summary += (f"; Chromium loaded {seen['loaded']} pages, {seen['requests']} requests, "
                    f"{seen['console']} console errors, {seen['blocks']} code blocks checked "
                    f"for sideways scrolling, {seen['marked']} links to a line followed, "
                    f"searched {SEARCH_TERM!r}, {seen['quizzes']} quizzes taken "
                    f"({seen['questions']} questions)")
    return failures, f"{summary} ({time.monotonic() - started:.1f}s)"


# Each deliberate break, the page it is on, and the failure that must name that page.
def break_copy(copy):
    def edit(page, old, new):
        path = copy / page
        text = path.read_text(encoding="utf-8")
        assert old in text, f"self-test: {old!r} not in {page}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("ex19_1_fetch.html", "</main>", '<a href="no-such-page.html">x</a></main>')
    edit("index.html", "</main>", '<a href="ex19_1_fetch.html#no-such-anchor">x</a></main>')
    edit("ex19_2_race.html", '<span id="main-16" class="line">', "<span>")  # the table's link to line 16
    # Each listing rewritten from its text, as highlight.js 11 would: the line ids are lost.
    rewrite = "for (const c of document.querySelectorAll('pre code')) c.textContent = c.textContent;"
    edit("ex19_3_queue.html", "</main>", f"<script>{rewrite}</script></main>")
    # The guide's link as a forge reads it: the file is in the repository, but from the book
    # Chromium goes to target/crates/..., where there is nothing.
    edit("ex19_3_queue.html", "</main>", '<a href="../crates/ex19_3_queue/src/main.rs">x</a></main>')
    # A source page's line that is not there, and a directory (Chromium lists its files).
    edit("exercises.html", "</main>",
         f'<a href="{SOURCES}/crates/ex19_2_race/src/main.rs.html#line-9999">x</a></main>')
    edit("claims.html", "</main>", f'<a href="{SOURCES}/crates/">x</a></main>')
    # One page's code no longer wraps, and another's linked line is no longer marked.
    edit("ex19_1_fetch.html", "</head>",
         "<style>main pre code, main pre code * { white-space: pre !important; }</style></head>")
    edit("ex19_2_race.html", "</head>",
         "<style>pre.listing .line:target { background: none !important; }</style></head>")
    edit("claims.html", "</main>", '<img src="claims/no-such-picture.svg" alt="x"></main>')
    edit("exercises.html", "</head>",
         '<script src="https://cdn.invalid/lib.js"></script></head>')
    edit("cheatsheet.html", "</main>", '<script>throw new Error("deliberate");</script></main>')
    edit("print.html", "<main>", '<main style="display:none">')
    edit("claims/speedup.svg", "</svg>", '<image href="https://pictures.invalid/a.png"/></svg>')
    sheet = sorted(copy.glob("css/general*.css"))[0]
    with sheet.open("a", encoding="utf-8") as css:
        css.write('\n@import url("https://fonts.invalid/css?family=Roboto");\n')
    # One quiz page built without mdbook-quiz, and one quiz that no longer says a wrong answer is.
    edit("ex19_1_fetch_quiz.html", 'class="quiz-placeholder"', 'class="no-placeholder"')
    (copy / "quiz" / "ra-worker.js").write_text("// rust-analyzer, in a worker\n")
    edit("ex19_2_race_quiz.html", "</head>",
         "<style>.mdbook-quiz .incorrect::before { content: none !important; }</style></head>")
    for index in copy.glob("searchindex*.js"):
        index.write_text("window.search = Object.assign(window.search, {index: null});")
    return {
        ("broken-link", "ex19_1_fetch.html"),
        ("broken-anchor", "index.html"),
        ("broken-anchor", "ex19_2_race.html"),
        ("broken-link", "ex19_3_queue.html"),
        ("broken-anchor", "exercises.html"),
        ("broken-link", "claims.html"),
        ("scrolls-sideways", "ex19_1_fetch.html"),
        ("line-not-marked", "ex19_2_race.html"),
        ("lost-anchor", "ex19_3_queue.html"),
        ("missing-picture", "claims.html"),
        ("remote-resource", "exercises.html"),
        ("remote-request", "exercises.html"),
        ("console-error", "cheatsheet.html"),
        ("not-rendered", "print.html"),
        ("search", "index.html"),
        ("remote-resource", str(sheet.relative_to(copy))),
        ("remote-resource", "claims/speedup.svg"),
        ("no-quiz", "ex19_1_fetch_quiz.html"),
        ("quiz", "ex19_2_race_quiz.html"),
        ("rust-editor", "quiz/ra-worker.js"),
    }


def self_test(book, browser):
    with tempfile.TemporaryDirectory(prefix="book-self-test-") as temp:
        copy = Path(temp) / "book"
        shutil.copytree(book, copy)
        expected = break_copy(copy)
        if not browser:
            expected = {(k, p) for k, p in expected if k not in ("remote-request", "console-error",
                                                                  "not-rendered", "search",
                                                                  "lost-anchor",
                                                                  "scrolls-sideways",
                                                                  "line-not-marked", "quiz")}
        failures, _ = check(copy, browser)
        found = {(kind, page) for kind, page, _ in failures.items}
        missed = sorted(expected - found)
        for kind, page in missed:
            print(f"self-test: the deliberate {kind} on {page} was NOT reported", file=sys.stderr)
        if missed:
            return False
        print(f"self-test: each of the {len(expected)} deliberate breaks was reported "
              f"({', '.join(sorted({k for k, _ in expected}))})")
        return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, help="the built book, e.g. target/book")
    parser.add_argument("--no-browser", action="store_true", help="only the checks without Chromium")
    parser.add_argument("--self-test", action="store_true", help="also break a copy on purpose")
    parser.add_argument("--screenshot", nargs=2, metavar=("PAGE", "PNG"))
    parser.add_argument("--quiz-screenshots", metavar="DIR",
                        help="after each quiz, PAGE-wrong.png, PAGE-right.png and "
                             "PAGE-explained.png: its first two answers, as the review shows them")
    args = parser.parse_args()
    book = args.book.resolve()
    if not (book / "index.html").is_file():
        print(f"check_book: no index.html in {book}: build the book first", file=sys.stderr)
        return 2
    failures, summary = check(book, not args.no_browser, args.screenshot, args.quiz_screenshots)
    for kind, page, detail in failures.items:
        print(f"check_book: {page}: {kind}: {detail}", file=sys.stderr)
    print(f"check_book: {summary}: {len(failures.items)} failures")
    if failures.items:
        return 1
    if args.self_test and not self_test(book, not args.no_browser):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
