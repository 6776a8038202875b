"""What the browser tests share: a watched page and the script that records CSP violations.

Kept out of ``conftest.py`` so that tests can import it by a name no other folder uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"

# Runs before any page script: records CSP violations the browser reports.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class Watched:
    """A page and what went wrong on it: dialogs opened and uncaught script errors."""

    page: Any
    base_url: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status == 200, (path, response)
        return response

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []"))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


# Where Chart.js drew each point with a value, in the canvas's own pixels.
CHART_POINTS = """
() => {
  const chart = window.tidingsChart;
  const points = [];
  chart.data.datasets.forEach((set, d) => {
    chart.getDatasetMeta(d).data.forEach((p, i) => {
      if (set.data[i] > 0) {
        points.push({dataset: d, index: i, label: set.label, value: set.data[i], x: p.x, y: p.y});
      }
    });
  });
  return points;
}
"""


def wait_for_chart(web: Watched) -> list[dict[str, Any]]:
    """Wait for the dyad chart to be drawn from the API; its points that hold events."""
    # Locators, not wait_for_function: its polling evaluates strings, which the CSP forbids.
    canvas = web.page.locator("canvas#dyad-chart[data-ready]")
    canvas.wait_for()
    assert canvas.get_attribute("data-ready") == "1", "the chart did not draw"
    return list(web.page.evaluate(CHART_POINTS))


def click_point(web: Watched, point: dict[str, Any]) -> Any:
    """Click a chart point where a reader would, and wait for its evidence to load."""
    box = web.page.locator("canvas#dyad-chart").bounding_box()
    assert box is not None
    mark_evidence_stale(web)
    web.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    return wait_for_evidence(web)


def mark_evidence_stale(web: Watched) -> None:
    """Forget the last point's state, so that waiting sees the next one load."""
    web.page.evaluate("() => { document.getElementById('evidence').dataset.state = 'stale'; }")


def wait_for_evidence(web: Watched) -> Any:
    web.page.locator("#evidence[data-state=loaded]").wait_for()
    return web.page.locator("#evidence")
