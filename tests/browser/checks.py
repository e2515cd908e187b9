"""What the browser tests check on a page, written once: axe-core's rules, horizontal overflow,
visible focus, and keyboard moves. Each check gathers what it finds, so that a failing test
lists every page and every problem rather than stopping at the first."""

import pytest

# WCAG 2.0 and 2.1 at levels A and AA, and axe's best practices (landmarks, one main heading,
# headings in order, content inside landmarks, unique landmark names, a working skip link …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Best-practice rules left out, each with the reason. None so far: every rule makes sense on
# these pages. A rule added here must say why it does not apply.
AXE_RULES_LEFT_OUT: dict[str, str] = {}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {rule: {"enabled": False} for rule in AXE_RULES_LEFT_OUT},
    "resultTypes": ["violations"],
}


class AxeScan:
    """Runs axe-core on each page it is given and keeps every violation."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.pages: list[str] = []
        self.failures: list[str] = []

    def __call__(self, page, name: str):
        page.wait_for_load_state("load")
        self.pages.append(name)
        lang = page.evaluate("document.documentElement.lang")
        if not lang:
            self.failures.append(f"{name} → html-has-lang: the page has no lang")
        response = self.axe.run(page, options=AXE_OPTIONS).response
        for violation in response["violations"]:
            nodes = violation["nodes"]
            targets = "; ".join(
                f"{' '.join(map(str, node['target']))} `{node['html'][:100]}`" for node in nodes[:4]
            )
            more = f" (and {len(nodes) - 4} more)" if len(nodes) > 4 else ""
            self.failures.append(
                f"{name} [{page.url}] → {violation['id']} ({violation['impact']}): "
                f"{violation['help']} → {targets}{more}"
            )

    def assert_clean(self):
        assert not self.failures, (
            f"axe-core found {len(self.failures)} violations on "
            f"{len({f.split(' [', 1)[0] for f in self.failures})} of {len(self.pages)} pages:\n"
            + "\n".join(self.failures)
        )


# Every element that sticks out of the viewport sideways, except inside a region made to
# scroll (.table-scroll), and every such region that scrolls without being reachable by the
# keyboard and named for a screen reader.
OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + [...el.classList].join(".") : "");
  const wide = [];
  const outside = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right <= width + 1 && box.left >= -1) continue;
    if (el.parentElement && el.parentElement.closest(".table-scroll")) continue;
    outside.add(el);
    if (outside.has(el.parentElement)) continue;  // the outermost one says it
    wide.push(`${describe(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
  }
  const regions = [];
  for (const region of document.querySelectorAll(".table-scroll")) {
    if (region.scrollWidth <= region.clientWidth) continue;
    const named = region.getAttribute("aria-label") || region.getAttribute("aria-labelledby");
    if (region.tabIndex < 0 || region.getAttribute("role") !== "region" || !named) {
      regions.push(`${describe(region)} scrolls but is not a focusable, named region`);
    }
  }
  return {scrollWidth: root.scrollWidth, width, wide: wide.slice(0, 12), regions};
}"""


class OverflowCheck:
    """Loads pages at a given size and keeps every horizontal overflow it finds."""

    def __init__(self, screenshots):
        self.screenshots = screenshots
        self.pages: list[str] = []
        self.failures: list[str] = []

    def __call__(self, page, name: str):
        page.wait_for_load_state("load")
        self.pages.append(name)
        found = page.evaluate(OVERFLOW_SCRIPT)
        label = f"{name} at {found['width']} px"
        if found["scrollWidth"] > found["width"]:
            self.failures.append(
                f"{label}: the page scrolls sideways ({found['scrollWidth']} px wide)"
            )
        for item in found["wide"] + found["regions"]:
            self.failures.append(f"{label}: {item}")
        # The page as a person would scroll it (its first few screens): as wide as the
        # viewport, no wider.
        shot = self.screenshots / f"{len(self.pages):02d}-{slug(name)}-{found['width']}.png"
        height = min(page.evaluate("document.documentElement.scrollHeight"), 4000)
        clip = {
            "x": 0,
            "y": 0,
            "width": max(found["scrollWidth"], found["width"]),
            "height": height,
        }
        page.screenshot(path=shot, full_page=True, clip=clip)
        scale = page.evaluate("devicePixelRatio")
        if png_width(shot) > round(found["width"] * scale):
            self.failures.append(f"{label}: the screenshot {shot.name} is wider than the viewport")

    def assert_clean(self):
        assert not self.failures, (
            f"{len(self.failures)} horizontal overflows on {len(self.pages)} pages:\n"
            + "\n".join(self.failures)
        )


def png_width(path) -> int:
    with open(path, "rb") as handle:
        header = handle.read(24)
    return int.from_bytes(header[16:20], "big")


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:60]


# The focused element and whether it shows that it has focus: an outline or a box shadow in
# its computed style, and a box on screen.
FOCUSED_SCRIPT = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const text = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim();
  return {
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "") +
      (text ? ` «${text.slice(0, 40).replace(/\\s+/g, " ")}»` : ""),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight &&
      box.right > 0 && box.left < innerWidth,
    key: el.tagName + "|" + el.id + "|" + (el.getAttribute("name") || "") + "|" +
      (el.getAttribute("value") || "") + "|" + (el.getAttribute("href") || "") + "|" +
      Math.round(box.top + scrollY) + "|" + Math.round(box.left + scrollX),
  };
}"""


class FocusCheck:
    """Tabs through a page from the top and keeps every stop that does not show its focus."""

    def __init__(self):
        self.pages: list[str] = []
        self.stops = 0
        self.failures: list[str] = []

    def __call__(self, page, name: str, limit: int = 400):
        page.wait_for_load_state("load")
        self.pages.append(name)
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED_SCRIPT)
        if first is None or "skip-link" not in page.evaluate("document.activeElement.className"):
            self.failures.append(f"{name}: the first Tab stop is not the skip link ({first})")
        seen = set()
        focused = first
        for _step in range(limit):
            if focused is None or focused["key"] in seen:
                break
            seen.add(focused["key"])
            self.stops += 1
            if not (focused["outline"] or focused["shadow"]):
                self.failures.append(f"{name}: no visible focus on {focused['element']}")
            if not focused["onScreen"]:
                self.failures.append(f"{name}: focus on {focused['element']} is off screen")
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED_SCRIPT)
        else:
            self.failures.append(f"{name}: more than {limit} Tab stops, or focus is trapped")

    def assert_clean(self):
        assert not self.failures, (
            f"{len(self.failures)} focus problems on {len(self.pages)} pages "
            f"({self.stops} Tab stops checked):\n" + "\n".join(self.failures)
        )


# --- Moving with the keyboard alone ------------------------------------------------------------


def focused_matches(page, selector: str) -> bool:
    return page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 120):
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus, as a person
    would; fails when it cannot be reached."""
    key = "Shift+Tab" if backwards else "Tab"
    for _step in range(limit):
        page.keyboard.press(key)
        if focused_matches(page, selector):
            return
    pytest.fail(f"{selector} cannot be reached with {key} on {page.url}")
