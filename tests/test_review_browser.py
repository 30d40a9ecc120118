"""The review page in a real headless browser (Debian chromium + chromedriver, via Selenium).

Skips cleanly when Selenium or a Chromium with its driver is not installed; .ci/run installs
them. Set MTFIX_CHROMIUM / MTFIX_CHROMEDRIVER to use other binaries, MTFIX_ARTIFACTS to keep
the screenshots in a folder of your choice (else pytest's tmp folder; the path is printed),
MTFIX_REQUIRE_BROWSER=1 to make a missing browser a failure instead of a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, SEED

from mtfix.cli import main

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = pytest.mark.slow


def _unavailable(reason: str) -> None:
    """Skip, or fail where CI promised a browser (MTFIX_REQUIRE_BROWSER=1, set by .ci/run)."""
    if os.environ.get("MTFIX_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _binary(env: str, *names: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator:
    chromium = _binary("MTFIX_CHROMIUM", "chromium", "chromium-browser", "google-chrome")
    driver_bin = _binary("MTFIX_CHROMEDRIVER", "chromedriver")
    if not chromium or not driver_bin:
        _unavailable("no chromium/chromedriver installed (apt-get install chromium "
                     "chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    except Exception as exc:  # a browser that cannot start here is a skip, not a failure
        _unavailable(f"chromium does not start: {str(exc).splitlines()[0]}")
    driver.execute_cdp_cmd("Page.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def artifact_dir(tmp_path: Path) -> Path:
    where = Path(os.environ.get("MTFIX_ARTIFACTS", tmp_path / "artifacts"))
    where.mkdir(parents=True, exist_ok=True)
    return where


def requested_urls(driver) -> list[str]:  # noqa: ANN001
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def press(driver, *keys: str) -> None:  # noqa: ANN001
    for k in keys:
        ActionChains(driver).send_keys(k).perform()


def check_issues(path: Path, capsys: pytest.CaptureFixture) -> list[dict]:
    main(["check", "--format", "json", str(path)])
    return json.loads(capsys.readouterr().out)["files"][0]["issues"]


def wait_for_file(folder: Path, name: str, timeout: float = 10.0) -> Path:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        f = folder / name
        if f.exists() and not list(folder.glob("*.crdownload")):
            return f
        time.sleep(0.05)
    raise AssertionError(f"no {name} downloaded to {folder}")


def expected_text(original: str, issues: list[dict], accept: dict[tuple, str]) -> str:
    """The seed with the accepted replacements, computed from check's JSON alone."""
    lines = original.splitlines(keepends=True)
    for issue in sorted(issues, key=lambda i: (i["segment"], -i["start"])):
        key = (issue["segment"], issue["start"], issue["rule"])
        if key in accept:
            line = lines[issue["segment"]]
            lines[issue["segment"]] = line[:issue["start"]] + accept[key] + line[issue["end"]:]
    return "".join(lines)


def test_seed_review_in_browser(browser, downloads: Path, tmp_path: Path,  # noqa: ANN001
                                capsys: pytest.CaptureFixture) -> None:
    page = tmp_path / "review.html"
    assert main(["review", str(SEED), "--no-model", "-o", str(page)]) == 0
    browser.get_log("performance")  # drop anything logged before this page
    browser.get(page.as_uri())
    assert browser.get_log("browser") == []  # no script errors

    # Highlighted spans match the issues of 'check --format json' one for one.
    issues = check_issues(SEED, capsys)
    marks = browser.execute_script("""
        return Array.from(document.querySelectorAll('mark.it')).map(m => ({
          segment: +m.dataset.segment, start: +m.dataset.start, end: +m.dataset.end,
          rule: m.dataset.rule, severity: m.dataset.severity, category: m.dataset.category,
          old: m.querySelector('.old').textContent, id: m.dataset.id,
          bg: getComputedStyle(m).backgroundColor}));""")
    key = ("segment", "start", "end", "rule", "severity", "category")
    assert sorted(tuple(m[k] for k in key) for m in marks) == \
        sorted(tuple(i[k] for k in key) for i in issues)
    by_pos = {(i["segment"], i["start"], i["rule"]): i for i in issues}
    for m in marks:
        assert m["old"] == by_pos[(m["segment"], m["start"], m["rule"])]["span"]
    colours = {m["severity"]: m["bg"] for m in marks}
    assert len(set(colours.values())) == 3  # critical, major and minor look different

    # Hover/focus shows rule, category and reason.
    first = browser.find_element(By.CSS_SELECTOR, "mark.it")
    browser.execute_script("arguments[0].focus()", first)
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed() and by_pos[(marks[0]["segment"], marks[0]["start"],
                                          marks[0]["rule"])]["message"] in tip.text
    browser.execute_script("document.activeElement.blur()")

    # Decide with the keyboard only: j moves, a accepts, r rejects, e types a replacement.
    typed = "US forces were asked to withdraw from Iraq."
    accept: dict[tuple, str] = {}
    decided = set()
    for _ in range(len(issues)):
        press(browser, "j")
        current = browser.execute_script("return window.mtfixReview.current()")
        issue = next(i for i in issues if f"s{i['segment']}:{i['start']}-{i['end']}:{i['rule']}"
                     == current)
        k = (issue["segment"], issue["start"], issue["rule"])
        if issue["rule"].startswith("fragments."):
            press(browser, "e")
            own = browser.find_element(By.ID, "own")
            own.clear()
            own.send_keys(typed)
            own.send_keys("\n")
            accept[k] = typed
        elif issue["replacements"] and issue["category"] not in ("other/boilerplate",
                                                                  "locale/calendar"):
            press(browser, "a")
            accept[k] = issue["replacements"][0]
        elif issue["replacements"]:
            press(browser, "r")
        decided.add(current)
    assert len(decided) == len(issues)
    progress = browser.find_element(By.ID, "progress").text
    assert f"({len(accept)} accepted)" in progress
    accepted_marks = browser.find_elements(By.CSS_SELECTOR, "mark.it.st-accept")
    assert len(accepted_marks) == len(accept)

    shots = artifact_dir(tmp_path)
    shot = shots / "review-seed.png"
    browser.save_screenshot(str(shot))
    print(f"\nscreenshot: {shot}")
    assert shot.stat().st_size > 10_000

    # Export (the page's own button, a real download), then apply.
    for old in downloads.glob("decisions*.json"):
        old.unlink()
    browser.find_element(By.ID, "export").click()
    decisions = wait_for_file(downloads, "decisions.json")
    hook = browser.execute_script("return window.mtfixReview.decisions()")
    assert json.loads(decisions.read_text("utf-8")) == hook
    out = tmp_path / "reviewed.txt"
    r = subprocess.run([sys.executable, "-m", "mtfix", "apply", str(SEED), "--decisions",
                        str(decisions), "-o", str(out)], capture_output=True, cwd=REPO,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    want = expected_text(SEED.read_text(encoding="utf-8"), issues, accept)
    assert out.read_text(encoding="utf-8") == want
    assert want != SEED.read_text(encoding="utf-8")

    # Nothing left the page: the only request is the file itself.
    urls = requested_urls(browser)
    assert urls and all(u.startswith(("file:", "blob:", "data:")) for u in urls), urls
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(("file:", "blob:", "data:")) for u in resources), resources


def test_filters_hide_items_from_navigation(browser, tmp_path: Path) -> None:  # noqa: ANN001
    page = tmp_path / "review.html"
    assert main(["review", str(SEED), "--no-model", "-o", str(page)]) == 0
    browser.get(page.as_uri())
    browser.find_element(By.CSS_SELECTOR, '#sev-filter button[data-severity="minor"]').click()
    seen = set()
    for _ in range(15):
        press(browser, "j")
        seen.add(browser.execute_script("return window.mtfixReview.current()"))
    sevs = browser.execute_script(
        "return Array.from(arguments[0]).map(id => document.querySelector("
        "'mark[data-id=\"' + id + '\"]').dataset.severity)", sorted(seen))
    assert sevs and "minor" not in sevs
    assert browser.find_elements(By.CSS_SELECTOR, "mark.it.sev-minor.dim")
    browser.find_element(By.ID, "only-flagged").click()
    segs = browser.find_elements(By.CSS_SELECTOR, "#segments .seg")
    assert 0 < len(segs) < 15


def test_ten_thousand_segments_page_and_scroll(browser, tmp_path: Path) -> None:  # noqa: ANN001
    doc = tmp_path / "big.txt"
    doc.write_text("".join(f"Line {n} ended in mid-October. .\n" if n % 7 == 0 else
                           f"Line {n} is fine.\n" for n in range(10_000)), encoding="utf-8")
    page = tmp_path / "big.html"
    assert main(["review", str(doc), "--no-model", "-o", str(page)]) == 0
    browser.get(page.as_uri())
    assert len(browser.find_elements(By.CSS_SELECTOR, "#segments .seg")) == 100
    assert "page 1 of 100" in browser.find_element(By.ID, "page-label").text
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    press(browser, "]")
    assert browser.execute_script("return window.mtfixReview.page()") == 1
    browser.execute_script("window.mtfixReview.gotoPage(99)")
    nums = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#segments .seg .num")]
    assert nums[0] == "9901" and nums[-1] == "10000"
    # k from nothing selected goes to the last item; j/k cross pages.
    browser.execute_script("window.mtfixReview.gotoPage(0)")
    press(browser, "k")
    assert browser.execute_script("return window.mtfixReview.current()").startswith("s9996:")
    assert browser.execute_script("return window.mtfixReview.page()") == 99
    shot = artifact_dir(tmp_path) / "review-10k.png"
    browser.save_screenshot(str(shot))
    print(f"\nscreenshot: {shot}")


def test_bench_report_figures_render(browser, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "bench"
    assert main(["bench", "--quick", "--no-model", "--out", str(out)]) == 0
    browser.get((out / "report.html").as_uri())
    boxes = browser.execute_script("""
        return Array.from(document.querySelectorAll('figure svg')).map(s => {
          const r = s.getBoundingClientRect();
          return {w: r.width, h: r.height, bars: s.querySelectorAll('rect title').length,
                  text: s.querySelector('title').textContent};
        });""")
    assert len(boxes) >= 2
    assert all(b["w"] >= 600 and b["h"] >= 80 and b["bars"] >= 2 for b in boxes), boxes
    shot = artifact_dir(tmp_path) / "bench-figures.png"
    browser.find_element(By.TAG_NAME, "figure").screenshot(str(shot))
    print(f"\nscreenshot: {shot}")
    assert shot.stat().st_size > 5_000


def test_source_beside_mt_right_to_left(browser, tmp_path: Path) -> None:  # noqa: ANN001
    tsv = tmp_path / "a.tsv"
    tsv.write_text("src\tmt\nنخست وزیر عراق گفت\tIt ended in mid-October. .\n",
                   encoding="utf-8")
    page = tmp_path / "a.html"
    assert main(["review", str(tsv), "--no-model", "-o", str(page)]) == 0
    browser.get(page.as_uri())
    src = browser.find_element(By.CSS_SELECTOR, "#segments .seg .src")
    assert src.text == "نخست وزیر عراق گفت"
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", src) == "rtl"
    mt = browser.find_element(By.CSS_SELECTOR, "#segments .seg .mt")
    assert src.location["x"] < mt.location["x"]  # side by side, source first
