"""``gliner2-kit extract ... --html PAGE``: the JSON lines as before, and a viewer page of the same extractions."""

from __future__ import annotations

import json

from gliner2_integrations.cli import main

MODEL = "tests.gliner2_integrations.viz.test_hosts:Visit"


def test_extract_writes_a_viewer_page_beside_the_json_lines(bundled_model, open_page, tmp_path, capsys):
    texts = {"a.txt": "Angela Merkel visited Paris.", "b.txt": "Emmanuel Macron flew to Berlin.", "c.txt": ""}
    files = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    page_path = tmp_path / "out" / "page.html"
    assert main(["extract", "--model", MODEL, *files, "--html", str(page_path), "-q"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["source"] for line in lines] == files
    page, requests = open_page(page_path.read_text(encoding="utf-8"))
    assert requests == []
    nav = page.locator("nav a")
    assert [nav.nth(i).get_attribute("title") for i in range(nav.count())] == files
    marks = page.locator(".g2-doc:not([hidden]) mark.g2-on")
    shown = {(marks.nth(i).inner_text(), marks.nth(i).get_attribute("data-label")) for i in range(marks.count())}
    assert ("Paris", "city") in shown
    recorded = lines[0]["result"]["visit"]
    assert recorded["city"] == "Paris"


def test_extract_without_html_writes_no_page(bundled_model, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Angela Merkel visited Paris.", encoding="utf-8")
    assert main(["extract", "--model", MODEL, str(tmp_path / "a.txt"), "-q"]) == 0
    assert list(tmp_path.glob("*.html")) == []


def test_failed_inputs_are_shown_as_failures_on_the_page(bundled_model, open_page, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Angela Merkel visited Paris.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    files = [str(tmp_path / name) for name in ("a.txt", "bad.txt", "empty.txt")]
    strict = "tests.gliner2_integrations.cli.models:StrictVisit"
    args = ["extract", "--model", strict, "--policy", "raise", "--keep-going", "-q", *files]
    assert main([*args, "--html", str(tmp_path / "page.html")]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["ok"] for line in lines] == [True, False, False]
    page, _ = open_page((tmp_path / "page.html").read_text(encoding="utf-8"))
    shown = {}
    for i in range(3):
        page.locator("nav a").nth(i).click()
        error = page.locator(".g2-doc:not([hidden]) .g2-error")
        shown[i] = error.inner_text() if error.count() else None
    assert shown[0] is None
    assert shown[1] == f"extraction failed: {lines[1]['error']}"
    assert shown[2] == f"extraction failed: {lines[2]['error']}"
