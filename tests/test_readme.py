"""The README is the front door: short, and every link into docs/ leads to a page that is there
(with the heading a #fragment names). The docs link to one another the same way."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
MAX_LINES = 200

# [text](target) in Markdown, the target up to a space or the closing parenthesis.
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def _local_links(page: Path) -> list[tuple[Path, str]]:
    found = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        path, _hash, fragment = target.partition("#")
        found.append(((page.parent / path).resolve() if path else page, fragment))
    return found


def test_the_readme_is_at_most_200_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, f"README.md has {len(lines)} lines; move a section to docs/"


def test_the_readme_links_to_docs_that_exist():
    links = [(path, fragment) for path, fragment in _local_links(README)]
    into_docs = [path for path, _fragment in links if DOCS in path.parents]
    assert into_docs, "the README links to no page in docs/"
    missing = [str(path.relative_to(ROOT)) for path in into_docs if not path.exists()]
    assert missing == []


def test_every_page_in_docs_is_linked_from_the_readme():
    linked = {path for path, _fragment in _local_links(README)}
    pages = set(DOCS.glob("*.md"))
    assert pages - linked == set()


@pytest.mark.parametrize("page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_links_between_the_pages_lead_somewhere(page):
    broken = []
    for path, fragment in _local_links(page):
        if not path.exists():
            broken.append(str(path.relative_to(ROOT)))
        elif fragment and path.suffix == ".md" and fragment not in _anchors(path):
            broken.append(f"{path.relative_to(ROOT)}#{fragment}")
    assert broken == []
