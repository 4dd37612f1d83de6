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
